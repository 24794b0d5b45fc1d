/**
 * Amazon title limits per product type in the translation service: the limit is read through the
 * account's connector once and kept in connector_state for 30 days; a title over its product
 * type's limit is blocked with a shortening suggestion, the same title passes under a larger
 * limit, and without a reachable connector the general 200 applies and the message says why.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connector } from '../../connectors/connector.js';
import type { AccountId } from '../../shared/ids.js';
import { qb } from '../store/compiler.js';
import { SqliteConnectorStateStore } from '../store/connector-state.js';
import { upsertAccount, upsertListings, upsertProducts } from '../store/ingest.js';
import {
  accountInput,
  listingInput,
  productInput,
  temporaryStore,
  type TemporaryStore,
} from '../store/test-fixtures.js';
import { memoryProviderKeys } from './keys.js';
import { codePointLength } from './rules.js';
import { TranslateService } from './service.js';
import { TITLE_LIMIT_MAX_AGE_MS, TITLE_LIMIT_SCOPE, TitleLimits } from './title-limits.js';

// The connector's own limits, as the fake Amazon's schemas give them.
const LIMITS: Record<string, number | null> = { LUGGAGE: 150, HOME: 200, PET_SUPPLIES: null };
const TITLE = 'Travel Backpack Lightweight Waterproof Laptop Daypack for Women and Men '
  .repeat(3)
  .slice(0, 180);

let temporary: TemporaryStore;
let calls: string[];
let reachable: boolean;
let now: number;
let ids: Record<string, number>;
let hanging: ((limit: number | null) => void) | null;

function connector(): Connector {
  const stub = {
    marketplace: 'amazon',
    titleLimit: (productType: string) => {
      calls.push(productType);
      if (hanging === null) return Promise.resolve(LIMITS[productType] ?? null);
      return new Promise<number | null>((resolve) => (hanging = resolve));
    },
  };
  // Only the members the title limits use; the rest of the interface is never reached here.
  return stub as unknown as Connector;
}

function service(): TranslateService {
  return new TranslateService({
    store: temporary.store,
    keys: memoryProviderKeys(),
    newKey: () => `key-${Math.random()}`,
    titleLimits: new TitleLimits({
      state: new SqliteConnectorStateStore(temporary.store),
      connectorOf: (_accountId: AccountId) => (reachable ? connector() : null),
      now: () => now,
      waitMs: 50,
    }),
  });
}

beforeEach(() => {
  temporary = temporaryStore();
  calls = [];
  reachable = true;
  hanging = null;
  now = Date.parse('2026-03-01T00:00:00Z');
  temporary.store.write((w) => {
    const skus = ['BAG-1', 'LAMP-1', 'BED-1'];
    upsertProducts(
      w,
      skus.map((sku) => productInput({ sku, title: '旅行背包', sourceLocale: 'zh-CN', stock: [] })),
    );
    const account = upsertAccount(w, accountInput({ shopId: 'A1SELLER' }));
    upsertListings(
      w,
      account,
      (
        [
          ['BAG-1', 'LUGGAGE'],
          ['LAMP-1', 'HOME'],
          ['BED-1', 'PET_SUPPLIES'],
        ] as const
      ).map(([sku, productType]) =>
        listingInput({
          remoteId: `R-${sku}`,
          sku,
          title: '旅行背包',
          attributes: { 'amazon.productType': productType },
        }),
      ),
    );
  });
  ids = Object.fromEntries(
    temporary.store
      .read((r) => r.all(qb.selectFrom('listings').select(['id', 'sku'])))
      .map((row) => [row.sku, row.id]),
  );
});

afterEach(() => temporary.dispose());

async function reviewed(translate: TranslateService, sku: string) {
  return translate.review({
    listingId: ids[sku]!,
    locale: 'en-US',
    title: TITLE,
    description: 'A backpack.',
    bulletPoints: [],
    keywords: [],
  });
}

describe('Amazon title limits per product type', () => {
  it('blocks a 180-character title where the product type allows 150 and passes it where 200', async () => {
    expect(codePointLength(TITLE)).toBe(180);
    const translate = service();
    const listingIds = Object.values(ids);
    await translate.saveProvider({
      id: 'deepl',
      kind: 'deepl',
      name: 'DeepL',
      baseUrl: 'https://api.deepl.com',
      pricePerMillionMinor: 2000,
      currency: 'EUR',
    });
    // The estimate reads the limits of the listings' product types (one call each).
    await translate.estimate({ providerId: 'deepl', listingIds });
    expect(calls.sort()).toEqual(['HOME', 'LUGGAGE', 'PET_SUPPLIES']);

    const luggage = await reviewed(translate, 'BAG-1');
    expect(luggage.titleLimit).toBe(150);
    expect(luggage.issues).toHaveLength(1);
    const [issue] = luggage.issues;
    expect(issue?.code).toBe('too_long');
    expect(issue?.message).toBe(
      'the title has 180 characters; amazon allows 150 (for product type LUGGAGE)',
    );
    expect(codePointLength(issue?.suggestion ?? '')).toBeLessThanOrEqual(150);
    expect(TITLE.startsWith(issue?.suggestion ?? '-')).toBe(true);
    expect(issue?.suggestion).toMatch(/[a-z]$/i);

    const home = await reviewed(translate, 'LAMP-1');
    expect(home.titleLimit).toBe(200);
    expect(home.issues).toEqual([]);
    const bed = await reviewed(translate, 'BED-1');
    expect(bed.titleLimit).toBe(200);
    expect(bed.issues).toEqual([]);

    const result = await translate.publish(listingIds);
    expect(result.blocked.map((entry) => entry.sku)).toEqual(['BAG-1']);
    expect(result.blocked[0]?.message).toContain('amazon allows 150');
    expect(result.published.map((entry) => entry.sku).sort()).toEqual(['BED-1', 'LAMP-1']);
    // Every lookup after the first came from the cache.
    expect(calls).toHaveLength(3);
  });

  it('keeps a limit for 30 days, then reads it again', async () => {
    const translate = service();
    await translate.publish([ids['BAG-1']!]);
    await translate.publish([ids['BAG-1']!]);
    expect(calls).toEqual(['LUGGAGE']);
    const stored = await new SqliteConnectorStateStore(temporary.store).load(
      TITLE_LIMIT_SCOPE,
      'US:LUGGAGE',
    );
    expect(stored).toEqual({ maxLength: 150, checkedAt: '2026-03-01T00:00:00.000Z' });
    now += TITLE_LIMIT_MAX_AGE_MS + 1;
    await translate.publish([ids['BAG-1']!]);
    expect(calls).toEqual(['LUGGAGE', 'LUGGAGE']);
  });

  it('falls back to 200 and says so when no connector can be reached', async () => {
    reachable = false;
    const translate = service();
    await reviewed(translate, 'BAG-1');
    const result = await translate.publish([ids['BAG-1']!]);
    expect(result.blocked).toEqual([]);
    const longer = `${TITLE} ${'Extra '.repeat(5)}Pack`;
    const detail = await translate.review({
      listingId: ids['BAG-1']!,
      locale: 'en-US',
      title: longer,
      description: '',
      bulletPoints: [],
      keywords: [],
    });
    expect(detail.titleLimit).toBe(200);
    expect(detail.issues[0]?.message).toBe(
      `the title has ${codePointLength(longer)} characters; amazon allows 200 (Amazon's general limit: the limit of product type LUGGAGE has not been read from Amazon yet)`,
    );
    const blocked = await translate.publish([ids['BAG-1']!]);
    expect(blocked.blocked[0]?.message).toContain(
      'the limit of product type LUGGAGE could not be read from Amazon (no connection to the account)',
    );
    expect(calls).toEqual([]);
  });

  it('uses the general limit when Amazon does not answer in time, and keeps the late answer', async () => {
    hanging = () => undefined;
    const translate = service();
    await reviewed(translate, 'BAG-1');
    const first = await translate.publish([ids['BAG-1']!]);
    expect(first.published.map((entry) => entry.sku)).toEqual(['BAG-1']);
    hanging(150);
    const state = new SqliteConnectorStateStore(temporary.store);
    await expect
      .poll(() => state.load(TITLE_LIMIT_SCOPE, 'US:LUGGAGE'))
      .toEqual({
        maxLength: 150,
        checkedAt: '2026-03-01T00:00:00.000Z',
      });
    const detail = await translate.text(ids['BAG-1']!, 'en-US');
    expect(detail.titleLimit).toBe(150);
  });
});
