import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ListingsQueryInput, ListSkusInput } from '../../shared/api/contract.js';
import type { AccountId } from '../../shared/ids.js';
import { qb } from './compiler.js';
import { applyListingEdit } from './edits.js';
import { upsertAccount, upsertListings, upsertProducts } from './ingest.js';
import { listSkus } from './queries/catalog.js';
import { queryListings } from './queries/listings.js';
import { planSearch } from './search.js';
import {
  accountInput,
  listingInput,
  productInput,
  temporaryStore,
  type TemporaryStore,
} from './test-fixtures.js';

let t: TemporaryStore;
let account: AccountId;

const TITLES: Record<string, string> = {
  'B-EN': 'Wireless Bluetooth Earbuds with charging case',
  'B-ZH': '2024新款蓝牙耳机降噪运动款',
  'B-JA': 'ワイヤレスイヤホン 防水',
  'B-FR': 'Tasse à café crème en céramique',
  'B-EMOJI': 'Party lights 🎉 for the garden',
};

beforeEach(() => {
  t = temporaryStore();
  account = t.store.write((w) => upsertAccount(w, accountInput()));
  t.store.write((w) =>
    upsertListings(
      w,
      account,
      Object.entries(TITLES).map(([remoteId, title], index) =>
        listingInput({ remoteId, title, sku: `SKU-${index}${remoteId}`, keywords: [] }),
      ),
    ),
  );
});
afterEach(() => t.dispose());

const search = (text: string) =>
  t.store
    .read((r) => queryListings(r, ListingsQueryInput.parse({ search: text })))
    .rows.map((row) => row.remoteId)
    .sort();

describe('listing search', () => {
  it.each([
    ['bluetooth', ['B-EN']],
    ['BLUETOOTH earbuds', ['B-EN']],
    ['蓝牙耳机', ['B-ZH']],
    ['新款蓝牙', ['B-ZH']],
    ['イヤホン', ['B-JA']],
    ['café', ['B-FR']],
    ['cafe creme', ['B-FR']],
    ['🎉', ['B-EMOJI']],
    ['lights 🎉', ['B-EMOJI']],
    ['B-ZH', ['B-ZH']],
  ])('finds %s', (text, expected) => {
    expect(search(text)).toEqual(expected);
  });

  it('finds two-character Chinese and Japanese words inside longer titles', () => {
    expect(search('耳机')).toEqual(['B-ZH']);
    expect(search('防水')).toEqual(['B-JA']);
    expect(search('耳')).toEqual(['B-ZH']);
  });

  it('matches short Latin terms as a SKU prefix, in any case', () => {
    expect(search('sk')).toEqual(Object.keys(TITLES).sort());
    expect(search('S')).toEqual(Object.keys(TITLES).sort());
    expect(search('x')).toEqual([]);
  });

  it('narrows by short Latin terms next to long ones', () => {
    expect(search('case wi')).toEqual(['B-EN']);
    expect(search('case zz')).toEqual([]);
  });

  it('treats FTS syntax in what is typed as plain text', () => {
    for (const text of [
      '"',
      'AND',
      'blue*',
      '(earbuds',
      'NEAR(a b)',
      "l'eau",
      'a:b',
      '-',
      '%',
      '_',
    ]) {
      expect(() => search(text)).not.toThrow();
    }
    expect(search('"bluetooth"')).toEqual([]);
  });

  it('follows a title changed by the marketplace and an edit, and forgets deleted listings', () => {
    t.store.write((w) =>
      upsertListings(w, account, [
        listingInput({
          remoteId: 'B-EN',
          sku: 'SKU-0B-EN',
          title: 'Solar garden lamp',
          keywords: [],
          remoteUpdatedAt: '2024-06-01T00:00:00Z',
        }),
      ]),
    );
    expect(search('bluetooth')).toEqual([]);
    expect(search('solar')).toEqual(['B-EN']);

    const id = t.store.read((r) =>
      r.first(
        qb.selectFrom('listings').select(['id', 'local_version']).where('remote_id', '=', 'B-FR'),
      ),
    )!;
    t.store.write((w) =>
      applyListingEdit(
        w,
        { id: id.id, baseVersion: id.local_version, changes: { title: '陶瓷咖啡杯' } },
        () => 'key-1',
      ),
    );
    expect(search('café')).toEqual([]);
    expect(search('咖啡')).toEqual(['B-FR']);

    t.store.write((w) => w.run(qb.deleteFrom('listings').where('remote_id', '=', 'B-ZH')));
    expect(search('耳机')).toEqual([]);
    const indexed = t.store.read((r) => r.all(qb.selectFrom('listings').select('id')).length);
    const entries = t.store.raw.prepare('SELECT count(*) AS n FROM listings_fts_docsize').get() as {
      n: number;
    };
    expect(entries.n).toBe(indexed);
  });

  it('counts matches exactly, with and without other filters', () => {
    const all = t.store.read((r) => queryListings(r, ListingsQueryInput.parse({ search: 'e' })));
    expect(all.total).toBe(0);
    const page = t.store.read((r) =>
      queryListings(r, ListingsQueryInput.parse({ search: 'the', statuses: ['active'] })),
    );
    expect(page.total).toBe(1);
    expect(page.rows.map((row) => row.remoteId)).toEqual(['B-EMOJI']);
  });
});

describe('SKU search', () => {
  it('finds master SKUs by title in any script and by SKU prefix', () => {
    t.store.write((w) =>
      upsertProducts(w, [
        productInput({ sku: 'EAR-1', title: '蓝牙耳机 无线' }),
        productInput({ sku: 'MUG-1', title: 'Tasse à café' }),
      ]),
    );
    const skus = (text: string) =>
      t.store
        .read((r) => listSkus(r, ListSkusInput.parse({ search: text })))
        .rows.map((row) => row.sku);
    expect(skus('耳机')).toEqual(['EAR-1']);
    expect(skus('cafe')).toEqual(['MUG-1']);
    expect(skus('mu')).toEqual(['MUG-1']);
    expect(skus('EAR-1')).toEqual(['EAR-1']);
  });
});

describe('planSearch', () => {
  it('sends long terms and dense-script short terms to the index, short Latin terms to LIKE', () => {
    expect(planSearch('  ')).toBeNull();
    expect(planSearch('pc')).toEqual({ kind: 'sku-prefix', prefixes: ['pc', 'PC'] });
    expect(planSearch('耳机 red pc')).toEqual({
      kind: 'fts',
      longTerms: ['red'],
      denseTerms: ['耳机'],
      likeTerms: ['pc'],
    });
  });
});
