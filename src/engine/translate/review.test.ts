/**
 * Publishing on sites with several languages: on Amazon.ca the content job carries both languages
 * (byte-exact) and the texts turn published only when the push succeeds, never after a failure;
 * on Shopee MY (whose connector writes one language) the second stays reviewed and is reported
 * unsent; a one-language site's job keeps its shape.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Connector, ListingChangesInput } from '../../connectors/index.js';
import { PermanentError } from '../../connectors/index.js';
import { AMAZON_CAPABILITIES } from '../../connectors/amazon/connector.js';
import type { AccountId } from '../../shared/ids.js';
import { qb } from '../store/compiler.js';
import { openStore, type Store } from '../store/connection.js';
import { upsertAccount, upsertListings, upsertProducts } from '../store/ingest.js';
import { accountInput, listingInput, productInput } from '../store/test-fixtures.js';
import { drainOutbox } from '../sync/push.js';
import { publishListings, reviewText } from './review.js';

let store: Store | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
});

let keys = 0;
const newKey = () => `review-test-${++keys}`;

const FRENCH = {
  title: 'Écouteurs sans fil « Bluetooth » – 40 h',
  description: '<p>Autonomie de <b>40 h</b>.</p>',
};
const ENGLISH = { title: 'Wireless Earbuds, 40 h', description: '<p>Battery: <b>40 h</b>.</p>' };

/** One listing of a zh-CN product (or, with `ownSource`, of its own English text) on a site. */
function setup(
  site: { marketplace: 'amazon' | 'shopee'; site: string; locale: string },
  ownSource = false,
) {
  store = openStore(':memory:');
  const opened = store;
  return opened.write((w) => {
    if (!ownSource) upsertProducts(w, [productInput()]);
    const accountId = upsertAccount(
      w,
      accountInput({ ...site, shopId: `${site.marketplace}-${site.site}`, currency: 'CAD' }),
    );
    upsertListings(w, accountId, [
      listingInput({
        locale: ownSource ? site.locale : 'en-US',
        price: { amountMinor: 2999, currency: 'CAD' },
        keywords: [],
      }),
    ]);
    const listingId = w.first(qb.selectFrom('listings').select('id'))!.id;
    return { store: opened, accountId, listingId };
  });
}

function review(s: Store, listingId: number, locale: string, text: typeof ENGLISH) {
  s.write((w) => reviewText(w, { listingId, locale, ...text, bulletPoints: [], keywords: [] }));
}

const states = (s: Store) =>
  s.read((r) =>
    r.all(qb.selectFrom('listing_texts').select(['locale', 'review_state']).orderBy('locale')),
  );

const jobs = (s: Store) =>
  s
    .read((r) => r.all(qb.selectFrom('outbox').select(['kind', 'state', 'payload']).orderBy('id')))
    .map((job) => ({ ...job, payload: JSON.parse(job.payload) as Record<string, unknown> }));

/** A connector that records each updateListing call and answers with `answer`. */
function contentConnector(answer: () => Promise<void>) {
  const calls: { sku: string; changes: ListingChangesInput }[] = [];
  const connector = {
    marketplace: 'amazon',
    capabilities: AMAZON_CAPABILITIES,
    updateListing(sku: string, changes: ListingChangesInput) {
      calls.push({ sku, changes });
      return answer();
    },
  } as unknown as Connector;
  return { connector, calls };
}

async function push(s: Store, accountId: AccountId, connector: Connector) {
  s.write((w) =>
    w.run(qb.updateTable('outbox').set({ state: 'pending' }).where('state', '=', 'held')),
  );
  return drainOutbox({ store: s, accountId, connector, scope: 'all', targetQuantity: () => null });
}

describe('publishing every language of a two-language Amazon site', () => {
  it('puts both languages in one content job, byte-exact, and publishes them when the push succeeds', async () => {
    const {
      store: s,
      accountId,
      listingId,
    } = setup({ marketplace: 'amazon', site: 'CA', locale: 'en-CA' });
    review(s, listingId, 'en-CA', ENGLISH);
    review(s, listingId, 'fr-CA', FRENCH);
    const outcome = s.write((w) => publishListings(w, [listingId], newKey));
    expect(outcome.blocked).toEqual([]);
    expect(outcome.published).toEqual([
      { listingId, sku: 'EAR-001', batchId: expect.any(Number) as number, unsent: [] },
    ]);
    const [job] = jobs(s);
    expect(job?.kind).toBe('listing.content');
    expect(job?.state).toBe('held');
    expect(job?.payload.changed).toEqual(['title', 'description', 'languages']);
    expect(JSON.stringify((job?.payload.values as Record<string, unknown>).languages)).toBe(
      JSON.stringify([
        { locale: 'en-CA', ...ENGLISH },
        { locale: 'fr-CA', ...FRENCH },
      ]),
    );
    // Queued is not sent: both texts stay reviewed until Amazon accepts the job.
    expect(states(s)).toEqual([
      { locale: 'en-CA', review_state: 'reviewed' },
      { locale: 'fr-CA', review_state: 'reviewed' },
    ]);

    const { connector, calls } = contentConnector(() => Promise.resolve());
    const pushed = await push(s, accountId, connector);
    expect(pushed.rejected).toEqual([]);
    expect(pushed.succeeded).toBe(1);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.changes.languages).toEqual([
      { locale: 'en-CA', ...ENGLISH },
      { locale: 'fr-CA', ...FRENCH },
    ]);
    expect(states(s)).toEqual([
      { locale: 'en-CA', review_state: 'published' },
      { locale: 'fr-CA', review_state: 'published' },
    ]);
  });

  it('marks nothing published when the push fails, and keeps a text edited since reviewed', async () => {
    const {
      store: s,
      accountId,
      listingId,
    } = setup({ marketplace: 'amazon', site: 'CA', locale: 'en-CA' });
    review(s, listingId, 'en-CA', ENGLISH);
    review(s, listingId, 'fr-CA', FRENCH);
    s.write((w) => publishListings(w, [listingId], newKey));
    const refused = contentConnector(() =>
      Promise.reject(
        new PermanentError('Invalid language data', {
          marketplace: 'amazon',
          operation: 'patchListingsItem',
        }),
      ),
    );
    const failed = await push(s, accountId, refused.connector);
    expect(failed.rejected.map((entry) => entry.message)).toEqual(['Invalid language data']);
    expect(states(s).map((row) => row.review_state)).toEqual(['reviewed', 'reviewed']);

    s.write((w) => publishListings(w, [listingId], newKey));
    // The French text changes after this publish: the push sends the old one, which is not it.
    review(s, listingId, 'fr-CA', { ...FRENCH, title: 'Écouteurs' });
    await push(s, accountId, contentConnector(() => Promise.resolve()).connector);
    expect(states(s)).toEqual([
      { locale: 'en-CA', review_state: 'published' },
      { locale: 'fr-CA', review_state: 'reviewed' },
    ]);
  });

  it("sends the listing's own English beside the French when the source is English", async () => {
    const {
      store: s,
      accountId,
      listingId,
    } = setup({ marketplace: 'amazon', site: 'CA', locale: 'en-CA' }, true);
    review(s, listingId, 'fr-CA', FRENCH);
    const outcome = s.write((w) => publishListings(w, [listingId], newKey));
    expect(outcome.published[0]?.unsent).toEqual([]);
    const [job] = jobs(s);
    // Writing both languages rewrites the English title and description on Amazon as well.
    expect(job?.payload.changed).toEqual(['title', 'description', 'languages']);
    expect((job?.payload.values as Record<string, unknown>).languages).toEqual([
      { locale: 'en-CA', title: 'Wireless Bluetooth Earbuds', description: 'Long battery life.' },
      { locale: 'fr-CA', ...FRENCH },
    ]);
    const versionOf = () =>
      s.read((r) =>
        r.first(qb.selectFrom('listings').select('local_version').where('id', '=', listingId)),
      )?.local_version;
    const versionBefore = versionOf();
    const { connector, calls } = contentConnector(() => Promise.resolve());
    await push(s, accountId, connector);
    expect(calls[0]?.changes).toEqual({
      title: 'Wireless Bluetooth Earbuds',
      description: 'Long battery life.',
      languages: [
        { locale: 'en-CA', title: 'Wireless Bluetooth Earbuds', description: 'Long battery life.' },
        { locale: 'fr-CA', ...FRENCH },
      ],
    });
    expect(states(s)).toEqual([{ locale: 'fr-CA', review_state: 'published' }]);
    // The listing's own columns are untouched (no new version) and its base holds no languages.
    const row = s.read((r) =>
      r.first(
        qb
          .selectFrom('listings')
          .select(['title', 'base', 'local_version'])
          .where('id', '=', listingId),
      ),
    );
    expect(row?.title).toBe('Wireless Bluetooth Earbuds');
    expect(row?.base ?? '').not.toContain('languages');
    expect(row?.local_version).toBe(versionBefore);
  });
});

describe('publishing where the connector writes one language', () => {
  it('Shopee MY: the first language goes to the listing, Malay stays reviewed and unsent', () => {
    const { store: s, listingId } = setup({ marketplace: 'shopee', site: 'MY', locale: 'en-MY' });
    review(s, listingId, 'en-MY', ENGLISH);
    review(s, listingId, 'ms-MY', { title: 'Fon telinga tanpa wayar', description: '' });
    const outcome = s.write((w) => publishListings(w, [listingId], newKey));
    expect(outcome.published[0]?.unsent).toEqual(['ms-MY']);
    const [job] = jobs(s);
    expect(job?.payload.changed).not.toContain('languages');
    expect(job?.payload.values).not.toHaveProperty('languages');
    expect(states(s)).toEqual([
      { locale: 'en-MY', review_state: 'published' },
      { locale: 'ms-MY', review_state: 'reviewed' },
    ]);
  });

  it('Amazon.com (one language): the job keeps its one-language shape', () => {
    const { store: s, listingId } = setup({ marketplace: 'amazon', site: 'US', locale: 'en-US' });
    review(s, listingId, 'en-US', ENGLISH);
    const outcome = s.write((w) => publishListings(w, [listingId], newKey));
    expect(outcome.published[0]?.unsent).toEqual([]);
    const [job] = jobs(s);
    expect(job?.payload).toEqual({
      listingId,
      remoteId: 'B0EAR001',
      remoteVariantId: '',
      values: {
        title: ENGLISH.title,
        description: ENGLISH.description,
        bulletPoints: ['40h battery'],
        keywords: [],
      },
      changed: ['title', 'description'],
    });
    expect(states(s)).toEqual([{ locale: 'en-US', review_state: 'published' }]);
  });

  it('a marketplace declared unable to write languages gets no languages on Amazon.ca either', () => {
    const { store: s, listingId } = setup({ marketplace: 'amazon', site: 'CA', locale: 'en-CA' });
    review(s, listingId, 'en-CA', ENGLISH);
    review(s, listingId, 'fr-CA', FRENCH);
    const outcome = s.write((w) =>
      publishListings(
        w,
        [listingId],
        newKey,
        () => null,
        () => false,
      ),
    );
    expect(outcome.published[0]?.unsent).toEqual(['fr-CA']);
    expect(jobs(s)[0]?.payload.changed).not.toContain('languages');
  });
});
