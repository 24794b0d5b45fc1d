/**
 * The translation methods through the dispatcher, with provider keys in the real encrypted
 * SecretStore: a key is stored sealed and never returned, a provider without its key is refused
 * with a message, the glossary is validated at the door, and a listing's text is reviewed and
 * publish-gated by locale.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataEntity, InputOf, MethodName, OutputOf } from '../../shared/api/index.js';
import { secretStoreFor } from '../secrets/index.js';
import { qb } from '../store/compiler.js';
import { upsertAccount, upsertListings, upsertProducts } from '../store/ingest.js';
import {
  accountInput,
  listingInput,
  productInput,
  temporaryStore,
  type TemporaryStore,
} from '../store/test-fixtures.js';
import { secretProviderKeys } from '../translate/keys.js';
import { createDispatcher } from './dispatch.js';
import { createHandlers } from './handlers.js';
import { createTranslateHandlers } from './handlers-translate.js';

let temporary: TemporaryStore;
let changed: DataEntity[][];
let call: <M extends MethodName>(
  method: M,
  input: InputOf<M>,
) => Promise<
  { ok: true; value: OutputOf<M> } | { ok: false; error: { code: string; message: string } }
>;

beforeEach(() => {
  temporary = temporaryStore();
  changed = [];
  temporary.store.write((w) => {
    upsertProducts(w, [
      productInput({ sku: 'MUG-1', title: 'Bamboo Mug', sourceLocale: 'en', stock: [] }),
    ]);
    const account = upsertAccount(
      w,
      accountInput({
        marketplace: 'ebay',
        site: 'EBAY_DE',
        locale: 'de-DE',
        currency: 'EUR',
        shopId: 'de',
      }),
    );
    upsertListings(w, account, [
      listingInput({
        remoteId: 'E1',
        sku: 'MUG-1',
        title: 'Bamboo Mug',
        locale: 'de-DE',
        price: { amountMinor: 900, currency: 'EUR' },
      }),
    ]);
  });
  const context = {
    store: temporary.store,
    dataDir: temporary.dir,
    version: 'test',
    emitChanged: (entities: DataEntity[]) => changed.push(entities),
    newKey: () => `k-${changed.length}-${Math.random()}`,
  };
  const secrets = secretStoreFor(temporary.store, temporary.dir, {
    SILKROUTE_SECRET_KEY: 'a passphrase long enough for tests',
  });
  const handlers = {
    ...createHandlers(context),
    ...createTranslateHandlers(context, secretProviderKeys(secrets)),
  };
  const dispatcher = createDispatcher(handlers, () => undefined);
  let id = 0;
  call = async (method, input) => {
    const frame = await dispatcher.handle({ type: 'call', id: ++id, method, input });
    return frame.ok ? { ok: true, value: frame.value as never } : { ok: false, error: frame.error };
  };
});

afterEach(() => temporary.dispose());

describe('translate.* and glossary.*', () => {
  it('stores a provider key sealed and never returns it', async () => {
    const saved = await call('translate.saveProvider', {
      id: 'deepl-pro',
      kind: 'deepl',
      name: 'DeepL Pro',
      baseUrl: 'https://api.deepl.com',
      pricePerMillionMinor: 2000,
      currency: 'EUR',
      key: 'secret-deepl-key-123:fx',
    });
    expect(saved.ok).toBe(true);
    const listed = await call('translate.providers', {});
    expect(JSON.stringify(listed)).not.toContain('secret-deepl-key-123');
    expect(listed.ok && listed.value.find((provider) => provider.id === 'deepl-pro')?.hasKey).toBe(
      true,
    );
    const rows = temporary.store.raw.prepare('SELECT sealed FROM secrets').all() as {
      sealed: Buffer;
    }[];
    expect(rows).toHaveLength(1);
    expect(Buffer.from(rows[0]!.sealed).toString('utf8')).not.toContain('secret-deepl-key-123');
    const settings = temporary.store.read((r) => r.all(qb.selectFrom('settings').select('value')));
    expect(JSON.stringify(settings)).not.toContain('secret-deepl-key-123');
  });

  it('refuses a run with a provider that has no key, saying so', async () => {
    await call('translate.saveProvider', {
      id: 'azure-eu',
      kind: 'azure',
      name: 'Azure',
      baseUrl: 'https://example.test',
      pricePerMillionMinor: 1000,
      currency: 'USD',
    });
    const run = await call('translate.run', { providerId: 'azure-eu', listingIds: [1] });
    expect(run.ok).toBe(false);
    expect(!run.ok && run.error.message).toMatch(/no key yet/);
  });

  it('validates glossary entries at the door and lists them', async () => {
    const bad = await call('glossary.save', {
      term: 'Mug',
      locale: null,
      translation: null,
      doNotTranslate: false,
    });
    expect(bad.ok).toBe(false);
    const good = await call('glossary.save', {
      term: 'Lotus Trail',
      locale: null,
      translation: null,
      doNotTranslate: true,
    });
    expect(good.ok && good.value.map((entry) => entry.term)).toEqual(['Lotus Trail']);
    expect(changed).toContainEqual(['translations']);
  });

  it('lists a listing whose master SKU is in another language as missing once the view checked', async () => {
    const before = await call('translations.query', { states: ['missing'] });
    expect(before.ok && before.value.total).toBe(0);
    const checked = await call('translate.checkStale', {});
    expect(checked.ok && checked.value).toEqual({ stale: 0, missing: 1 });
    const after = await call('translations.query', { states: ['missing'] });
    expect(
      after.ok && after.value.rows.map((row) => [row.sku, row.locale, row.sourceLocale]),
    ).toEqual([['MUG-1', 'de-DE', 'en']]);
    const again = await call('translate.checkStale', {});
    expect(again.ok && again.value).toEqual({ stale: 0, missing: 0 });
  });

  it('reviews a text and gates publishing by locale', async () => {
    const blocked = await call('translate.publish', { listingIds: [1] });
    expect(blocked.ok && blocked.value.blocked[0]?.message).toContain('de-DE text is missing');
    const reviewed = await call('translate.review', {
      listingId: 1,
      locale: 'de-DE',
      title: 'Bambus Becher',
      description: '',
      bulletPoints: [],
      keywords: ['becher'],
    });
    expect(reviewed.ok && reviewed.value.text?.state).toBe('reviewed');
    const tooLong = await call('translate.review', {
      listingId: 1,
      locale: 'de-DE',
      title: 'Bambus Becher '.repeat(8),
      description: '',
      bulletPoints: [],
      keywords: [],
    });
    expect(tooLong.ok && tooLong.value.issues[0]?.code).toBe('too_long');
    const refused = await call('translate.publish', { listingIds: [1] });
    expect(refused.ok && refused.value.blocked[0]?.message).toMatch(
      /de-DE title breaks ebay's rules/,
    );
    await call('translate.review', {
      listingId: 1,
      locale: 'de-DE',
      title: 'Bambus Becher',
      description: '',
      bulletPoints: [],
      keywords: ['becher'],
    });
    const published = await call('translate.publish', { listingIds: [1] });
    expect(published.ok && published.value.published).toEqual([
      { listingId: 1, sku: 'MUG-1', unsent: [] },
    ]);
    const listing = temporary.store.read((r) =>
      r.first(
        qb.selectFrom('listings').select(['title', 'keywords', 'sync_state']).where('id', '=', 1),
      ),
    );
    // The title goes out; the reviewed keywords stay with the text (no connector writes them).
    expect(listing).toEqual({
      title: 'Bambus Becher',
      keywords: '["earbuds","bluetooth"]',
      sync_state: 'pending',
    });
    const wrongLocale = await call('translate.review', {
      listingId: 1,
      locale: 'fr-FR',
      title: 'x',
      description: '',
      bulletPoints: [],
      keywords: [],
    });
    expect(!wrongLocale.ok && wrongLocale.error.message).toMatch(/needs no fr-FR text/);
  });

  it('queues both languages of a two-language site in one job, the second still reviewed until it is pushed', async () => {
    const listingId = temporary.store.write((w) => {
      const account = upsertAccount(
        w,
        accountInput({
          marketplace: 'amazon',
          site: 'CA',
          locale: 'en-CA',
          currency: 'CAD',
          shopId: 'ca',
        }),
      );
      upsertListings(w, account, [
        listingInput({
          remoteId: 'MUG-1',
          sku: 'MUG-1',
          title: 'Bamboo Mug',
          locale: 'en-CA',
          price: { amountMinor: 1200, currency: 'CAD' },
        }),
      ]);
      return w.first(qb.selectFrom('listings').select('id').where('remote_id', '=', 'MUG-1'))!.id;
    });
    // The English text is the source itself; only the French one is a translation.
    for (const [locale, title] of [['fr-CA', 'Tasse en bambou']] as const) {
      const reviewed = await call('translate.review', {
        listingId,
        locale,
        title,
        description: '',
        bulletPoints: [],
        keywords: [],
      });
      expect(reviewed.ok ? 'ok' : reviewed.error.message).toBe('ok');
    }
    const published = await call('translate.publish', { listingIds: [listingId] });
    expect(published.ok && published.value.published).toEqual([
      { listingId, sku: 'MUG-1', unsent: [] },
    ]);
    const jobs = temporary.store.read((r) =>
      r.all(
        qb.selectFrom('outbox').select(['state', 'payload']).where('listing_id', '=', listingId),
      ),
    );
    const languagesOf = (payload: string) =>
      (JSON.parse(payload) as { values: { languages?: { locale: string; title: string }[] } })
        .values.languages;
    expect(jobs.map((job) => [job.state, languagesOf(job.payload)])).toEqual([
      [
        'held',
        [
          { locale: 'en-CA', title: 'Bamboo Mug', description: 'Long battery life.' },
          { locale: 'fr-CA', title: 'Tasse en bambou', description: '' },
        ],
      ],
    ]);
    const states = temporary.store.read((r) =>
      r.all(
        qb
          .selectFrom('listing_texts')
          .select(['locale', 'review_state'])
          .where('listing_id', '=', listingId)
          .orderBy('locale'),
      ),
    );
    expect(states).toEqual([{ locale: 'fr-CA', review_state: 'reviewed' }]);
  });
});
