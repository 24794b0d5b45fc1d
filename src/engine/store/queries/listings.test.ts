/**
 * listings.query against a plain model: for random filter/sort/page combinations over enough rows
 * to take both plans (sparse: the filter drives; dense: the sort index drives), the page and the
 * total must equal what filtering and sorting every row in JavaScript gives.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListingsQueryInput, type InputOf } from '../../../shared/api/index.js';
import { LISTING_STATUSES, MARKETPLACES, SYNC_STATES } from '../../../shared/domain.js';
import type { AccountId } from '../../../shared/ids.js';
import { qb } from '../compiler.js';
import { upsertAccount, upsertListings, upsertProducts } from '../ingest.js';
import {
  accountInput,
  listingInput,
  productInput,
  temporaryStore,
  type TemporaryStore,
} from '../test-fixtures.js';
import {
  DENSE_ABOVE,
  getListing,
  listingIdsInOrder,
  matchingListingIds,
  queryGridListings,
  queryListings,
  readsByWalking,
} from './listings.js';
import { seedSeller } from '../workbench-test-support.js';

const WORDS = ['lamp', 'solar', 'garden', 'mug', 'steel', 'bottle', 'yoga', 'mat', 'cable', 'case'];
const LOCALES = ['en-US', 'de-DE', 'ja-JP'];
const LISTING_COUNT = DENSE_ABOVE + 700;

let t: TemporaryStore;
let accounts: AccountId[] = [];

/** A small deterministic generator (mulberry32), so the data set is the same on every run. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) % n;
  };
}

beforeAll(() => {
  t = temporaryStore();
  const next = seeded(7);
  accounts = t.store.write((w) =>
    (['amazon', 'ebay', 'shopee', 'wish'] as const).map((marketplace, index) =>
      upsertAccount(
        w,
        accountInput({ marketplace, shopId: `S${index}`, displayName: `Shop ${index}` }),
      ),
    ),
  );
  t.store.write((w) =>
    upsertProducts(
      w,
      Array.from({ length: 50 }, (_, n) => productInput({ sku: `SKU-${n}` })),
    ),
  );
  for (const [index, account] of accounts.entries()) {
    const listings = Array.from({ length: LISTING_COUNT / accounts.length }, (_, n) =>
      listingInput({
        remoteId: `R${index}-${n}`,
        sku: `SKU-${next(80)}`,
        title: `${WORDS[next(WORDS.length)]} ${WORDS[next(WORDS.length)]} ${n % 7}`,
        keywords: [WORDS[next(WORDS.length)]!],
        price: { amountMinor: 100 + next(1000), currency: 'USD' },
        quantity: next(60),
        status: LISTING_STATUSES[next(4)]!,
        locale: LOCALES[next(LOCALES.length)]!,
      }),
    );
    t.store.write((w) => upsertListings(w, account, listings));
  }
  // Some local edits, so sync states and update times vary.
  t.store.write((w) =>
    w.run(
      qb
        .updateTable('listings')
        .set({ sync_state: 'pending', dirty: 1, updated_at: '2030-01-01T00:00:00.000Z' })
        .where('id', '<', 400),
    ),
  );
  t.store.optimize();
});
afterAll(() => t.dispose());

interface ModelRow {
  id: number;
  account_id: number;
  marketplace: string;
  remote_id: string;
  remote_variant_id: string;
  sku: string;
  title: string;
  keywords: string;
  price_minor: number;
  quantity: number;
  status: string;
  locale: string;
  sync_state: string;
  product_id: number | null;
  updated_at: string;
}

type Query = InputOf<'listings.query'>;

const SORT_KEYS = {
  title: 'title',
  sku: 'sku',
  price: 'price_minor',
  quantity: 'quantity',
  status: 'status',
  marketplace: 'marketplace',
  updatedAt: 'updated_at',
} as const;

function compare(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b)));
}

function model(rows: ModelRow[], query: ReturnType<typeof ListingsQueryInput.parse>) {
  const terms = (query.search ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean);
  const kept = rows.filter(
    (row) =>
      terms.every((term) =>
        [row.title, row.sku, row.remote_id, row.remote_variant_id, row.keywords].some((text) =>
          text.toLowerCase().includes(term),
        ),
      ) &&
      (!query.marketplaces?.length || query.marketplaces.includes(row.marketplace as never)) &&
      (!query.accountIds?.length || query.accountIds.includes(row.account_id)) &&
      (!query.statuses?.length || query.statuses.includes(row.status as never)) &&
      (!query.syncStates?.length || query.syncStates.includes(row.sync_state as never)) &&
      (query.priceMinorMin === undefined || row.price_minor >= query.priceMinorMin) &&
      (query.priceMinorMax === undefined || row.price_minor <= query.priceMinorMax) &&
      (query.quantityMin === undefined || row.quantity >= query.quantityMin) &&
      (query.quantityMax === undefined || row.quantity <= query.quantityMax) &&
      (!query.locale || row.locale === query.locale) &&
      (!query.unlinked || row.product_id === null),
  );
  // A search without a chosen order lists the newest (highest id) first.
  const newest = terms.some((term) => term.length >= 3) && !query.sort;
  const sort = query.sort ?? { field: 'updatedAt', dir: 'desc' };
  const key = newest ? 'id' : SORT_KEYS[sort.field];
  const sign = newest || sort.dir === 'desc' ? -1 : 1;
  kept.sort((a, b) => sign * (compare(a[key], b[key]) || a.id - b.id));
  return {
    total: kept.length,
    ids: kept.slice(query.offset, query.offset + query.limit).map((row) => row.id),
  };
}

const FILTER_KEYS = [
  'search',
  'marketplaces',
  'accountIds',
  'statuses',
  'syncStates',
  'priceMinorMin',
  'priceMinorMax',
  'quantityMin',
  'quantityMax',
  'locale',
  'unlinked',
] as const;

const candidates: fc.Arbitrary<Query> = fc.record(
  {
    search: fc.constantFrom('lamp', 'solar mug', 'steel', 'R1-1', 'SKU-1', 'case 3'),
    marketplaces: fc.subarray([...MARKETPLACES], { minLength: 1, maxLength: 2 }),
    accountIds: fc.subarray([1, 2, 3, 4], { minLength: 1, maxLength: 2 }),
    statuses: fc.subarray([...LISTING_STATUSES], { minLength: 1, maxLength: 2 }),
    syncStates: fc.subarray([...SYNC_STATES], { minLength: 1, maxLength: 2 }),
    priceMinorMin: fc.integer({ min: 50, max: 1150 }),
    priceMinorMax: fc.integer({ min: 50, max: 1150 }),
    quantityMin: fc.integer({ min: 0, max: 60 }),
    quantityMax: fc.integer({ min: 0, max: 60 }),
    locale: fc.constantFrom(...LOCALES),
    unlinked: fc.boolean(),
    sort: fc.record({
      field: fc.constantFrom(
        'title',
        'sku',
        'price',
        'quantity',
        'status',
        'marketplace',
        'updatedAt',
      ),
      dir: fc.constantFrom('asc', 'desc'),
    }),
    offset: fc.constantFrom(0, 0, 150, 1900),
    limit: fc.constantFrom(1, 50, 200),
  },
  { requiredKeys: [] },
);

/** Like the screens: mostly zero to two filters (dense results), sometimes many (sparse ones). */
const queryArbitrary: fc.Arbitrary<Query> = fc
  .tuple(candidates, fc.subarray([...FILTER_KEYS], { maxLength: 4 }))
  .map(([query, kept]) => {
    const out: Query = { ...query };
    for (const key of FILTER_KEYS) if (!kept.includes(key)) delete out[key];
    return out;
  });

describe('listings.query', () => {
  it('returns the same page and total as filtering and sorting every row, on both plans', () => {
    const rows = t.store.read((r) =>
      r.all(
        qb
          .selectFrom('listings')
          .select([
            'id',
            'account_id',
            'marketplace',
            'remote_id',
            'remote_variant_id',
            'sku',
            'title',
            'keywords',
            'price_minor',
            'quantity',
            'status',
            'locale',
            'sync_state',
            'product_id',
            'updated_at',
          ]),
      ),
    );
    expect(rows).toHaveLength(LISTING_COUNT);
    let dense = 0;
    let sparse = 0;
    fc.assert(
      fc.property(queryArbitrary, (raw) => {
        const query = ListingsQueryInput.parse(raw);
        const expected = model(rows, query);
        const page = t.store.read((r) => queryListings(r, query));
        if (readsByWalking(expected.total, LISTING_COUNT, query.offset, query.limit)) dense++;
        else sparse++;
        expect(page.total).toBe(expected.total);
        expect(page.rows.map((row) => row.id)).toEqual(expected.ids);
      }),
      { numRuns: 300, seed: 20240601 },
    );
    // Both plans were exercised (the unfiltered and single-filter cases are dense).
    expect(dense).toBeGreaterThan(10);
    expect(sparse).toBeGreaterThan(10);
  });

  it('returns rows with the account, money and version of the listing', () => {
    const page = t.store.read((r) =>
      queryListings(
        r,
        ListingsQueryInput.parse({
          accountIds: [accounts[1]!],
          limit: 1,
          sort: { field: 'sku', dir: 'asc' },
        }),
      ),
    );
    const row = page.rows[0]!;
    expect(row).toMatchObject({
      accountId: accounts[1],
      accountName: 'Shop 1',
      marketplace: 'ebay',
      site: 'US',
    });
    expect(row.price.currency).toBe('USD');
    expect(Number.isInteger(row.price.amountMinor)).toBe(true);
    const detail = t.store.read((r) => getListing(r, row.id))!;
    expect(detail).toMatchObject({
      ...row,
      description: 'Long battery life.',
      bulletPoints: ['40h battery'],
      attributes: { colour: 'Black' },
    });
  });
});

describe('the workbench grid (listings.grid, listings.ids)', () => {
  let small: TemporaryStore;
  beforeAll(() => {
    small = temporaryStore();
    seedSeller(small.store);
    small.store.write((w) => {
      const ids = new Map(
        w
          .all(qb.selectFrom('listings').select(['id', 'remote_id']))
          .map((row) => [row.remote_id, row.id]),
      );
      const text = (remoteId: string, locale: string, state: 'reviewed' | 'missing') => ({
        listing_id: ids.get(remoteId)!,
        locale,
        title: 'Gartenlampe',
        review_state: state,
        updated_at: '2024-06-01T00:00:00.000Z',
      });
      w.run(
        qb
          .insertInto('listing_texts')
          .values([text('A0', 'de-DE', 'reviewed'), text('A1', 'de-DE', 'missing')]),
      );
      w.run(qb.updateTable('listings').set({ locale: 'de-DE' }).where('remote_id', '=', 'A3'));
      w.run(
        qb
          .updateTable('listings')
          .set({ sync_state: 'rejected', last_error: 'Price below the floor' })
          .where('remote_id', '=', 'E0'),
      );
    });
  });
  afterAll(() => small.dispose());

  const skus = (input: Parameters<typeof queryGridListings>[1]) =>
    small.store.read((r) => queryGridListings(r, input)).rows.map((row) => row.remoteId);
  const page = { offset: 0, limit: 50, sort: { field: 'sku', dir: 'asc' } } as const;

  it('filters by currency, which gives a price range its meaning', () => {
    expect(skus({ ...page, currency: 'GBP' })).toEqual(['E1', 'E0']);
    expect(skus({ ...page, currency: 'USD', priceMinorMin: 1150, priceMinorMax: 1250 })).toEqual([
      'A2',
    ]);
  });

  it('keeps listings with no usable text in a language, and not written in it', () => {
    expect(skus({ ...page, missingTranslation: 'de-DE', marketplaces: ['amazon'] })).toEqual([
      'A1',
      'A2',
    ]);
  });

  it('carries the marketplace’s message with a rejected listing', () => {
    const rows = small.store.read((r) =>
      queryGridListings(r, { ...page, syncStates: ['rejected'] }),
    ).rows;
    expect(rows).toMatchObject([{ remoteId: 'E0', lastError: 'Price below the floor' }]);
  });

  it('answers ids in the grid’s own order, for any sort or a search', () => {
    for (const input of [
      { ...page, offset: 1, limit: 4 },
      { offset: 0, limit: 10, search: 'garden' },
      { offset: 2, limit: 3, sort: { field: 'price', dir: 'desc' } } as const,
    ]) {
      const rows = small.store.read((r) => queryGridListings(r, input));
      const ids = small.store.read((r) => listingIdsInOrder(r, input));
      expect(ids).toEqual({ ids: rows.rows.map((row) => row.id), total: rows.total });
    }
  });

  it('lists every listing matching a filter for "all matching"', () => {
    const all = small.store.read((r) => matchingListingIds(r, { search: 'garden' }));
    const paged = small.store.read((r) =>
      queryGridListings(r, { search: 'garden', offset: 0, limit: 50 }),
    );
    expect(all).toEqual(paged.rows.map((row) => row.id).sort((a, b) => a - b));
  });
});
