import { afterEach, describe, expect, it } from 'vitest';
import type { AccountId } from '../../shared/ids.js';
import { qb } from './compiler.js';
import { InvalidStoreInput } from './errors.js';
import { upsertAccount, upsertListings, upsertOrders, upsertProducts } from './ingest.js';
import {
  accountInput,
  listingInput,
  orderInput,
  orderLineInput,
  productInput,
  temporaryStore,
  testClock,
  type TemporaryStore,
} from './test-fixtures.js';

let current: TemporaryStore | undefined;
afterEach(() => {
  current?.dispose();
  current = undefined;
});

function withAccount(): {
  t: TemporaryStore;
  account: AccountId;
  clock: ReturnType<typeof testClock>;
} {
  const clock = testClock();
  current = temporaryStore({ now: clock.now });
  const account = current.store.write((w) => upsertAccount(w, accountInput()));
  return { t: current, account, clock };
}

const listingRows = (t: TemporaryStore) =>
  t.store.read((r) =>
    r.all(
      qb
        .selectFrom('listings')
        .select([
          'id',
          'remote_id',
          'product_id',
          'title',
          'price_minor',
          'quantity',
          'sync_state',
          'dirty',
          'local_version',
          'base',
          'raw',
          'updated_at',
        ])
        .orderBy('id'),
    ),
  );

const openConflicts = (t: TemporaryStore) =>
  t.store.read((r) =>
    r.all(
      qb
        .selectFrom('listing_conflicts')
        .select(['kind', 'field', 'base', 'mine', 'theirs'])
        .where('resolved_at', 'is', null)
        .orderBy('id'),
    ),
  );

describe('upsertAccount', () => {
  it('is idempotent on (marketplace, site, shop id) and updates the other fields', () => {
    const { t, account } = withAccount();
    const again = t.store.write((w) =>
      upsertAccount(
        w,
        accountInput({
          displayName: 'Renamed',
          authState: 'expiring',
          reauthorizeBy: '2024-07-01T00:00:00+02:00',
        }),
      ),
    );
    expect(again).toBe(account);
    const rows = t.store.read((r) =>
      r.all(qb.selectFrom('accounts').select(['display_name', 'auth_state', 'reauthorize_by'])),
    );
    expect(rows).toEqual([
      {
        display_name: 'Renamed',
        auth_state: 'expiring',
        reauthorize_by: '2024-06-30T22:00:00.000Z',
      },
    ]);
  });

  it('refuses an unknown currency before writing anything', () => {
    const { t } = withAccount();
    expect(() =>
      t.store.write((w) => upsertAccount(w, accountInput({ shopId: 'X', currency: 'XXX' }))),
    ).toThrow(/account currency is not a known ISO 4217 currency: "XXX"/);
  });
});

describe('upsertProducts', () => {
  it('writes parents before variants whatever the input order, with stock, and is idempotent', () => {
    const { t } = withAccount();
    const input = [
      productInput({
        sku: 'EAR-RED',
        parentSku: 'EAR',
        variantAttributes: { colour: 'Red' },
        stock: [{ warehouse: 'SZ', onHand: 3, reserved: 1 }],
      }),
      productInput({ sku: 'EAR', stock: [] }),
    ];
    const first = t.store.write((w) => upsertProducts(w, input));
    const second = t.store.write((w) => upsertProducts(w, input));
    expect([...second]).toEqual([...first]);
    const rows = t.store.read((r) =>
      r.all(qb.selectFrom('products').select(['id', 'sku', 'parent_id']).orderBy('id')),
    );
    expect(rows).toEqual([
      { id: first.get('EAR'), sku: 'EAR', parent_id: null },
      { id: first.get('EAR-RED'), sku: 'EAR-RED', parent_id: first.get('EAR') },
    ]);
    const stock = t.store.read((r) =>
      r.all(qb.selectFrom('stock').select(['product_id', 'warehouse', 'on_hand', 'reserved'])),
    );
    expect(stock).toEqual([
      { product_id: first.get('EAR-RED'), warehouse: 'SZ', on_hand: 3, reserved: 1 },
    ]);
  });

  it('updates on hand but keeps the reserved that open orders hold when a product comes again', () => {
    const { t } = withAccount();
    const ids = t.store.write((w) =>
      upsertProducts(w, [
        productInput({ sku: 'MUG', stock: [{ warehouse: 'SZ', onHand: 9, reserved: 0 }] }),
      ]),
    );
    // Orders reserved 4 meanwhile (the stock engine writes reserved).
    t.store.write((w) => w.run(qb.updateTable('stock').set({ reserved: 4 })));
    t.store.write((w) =>
      upsertProducts(w, [
        productInput({ sku: 'MUG', stock: [{ warehouse: 'SZ', onHand: 12, reserved: 0 }] }),
      ]),
    );
    const stock = t.store.read((r) =>
      r.all(qb.selectFrom('stock').select(['product_id', 'warehouse', 'on_hand', 'reserved'])),
    );
    expect(stock).toEqual([
      { product_id: ids.get('MUG'), warehouse: 'SZ', on_hand: 12, reserved: 4 },
    ]);
  });

  it('refuses a variant whose parent does not exist, or is itself a variant', () => {
    const { t } = withAccount();
    expect(() =>
      t.store.write((w) => upsertProducts(w, [productInput({ sku: 'V', parentSku: 'NOPE' })])),
    ).toThrow(/SKU V names parent SKU NOPE, which does not exist/);
    t.store.write((w) =>
      upsertProducts(w, [productInput({ sku: 'P' }), productInput({ sku: 'V', parentSku: 'P' })]),
    );
    expect(() =>
      t.store.write((w) => upsertProducts(w, [productInput({ sku: 'VV', parentSku: 'V' })])),
    ).toThrow(/which is itself a variant/);
    expect(() =>
      t.store.write((w) =>
        upsertProducts(w, [
          productInput({ sku: 'P', parentSku: 'OTHER' }),
          productInput({ sku: 'OTHER' }),
        ]),
      ),
    ).toThrow(/has variants of its own/);
  });

  it('links listings and order lines that arrived before their master SKU', () => {
    const { t, account } = withAccount();
    t.store.write((w) => {
      upsertListings(w, account, [listingInput({ sku: 'LATE' })]);
      upsertOrders(w, account, [orderInput({ lines: [orderLineInput({ sku: 'LATE' })] })]);
    });
    const ids = t.store.write((w) => upsertProducts(w, [productInput({ sku: 'LATE' })]));
    expect(listingRows(t)[0]!.product_id).toBe(ids.get('LATE'));
    const line = t.store.read((r) => r.first(qb.selectFrom('order_lines').select('product_id')));
    expect(line).toEqual({ product_id: ids.get('LATE') });
  });
});

describe('upsertListings', () => {
  it('inserts, links by SKU, keeps the payload and records the base snapshot', () => {
    const { t, account } = withAccount();
    const ids = t.store.write((w) => upsertProducts(w, [productInput()]));
    const result = t.store.write((w) =>
      upsertListings(w, account, [
        listingInput(),
        listingInput({ remoteId: 'B0OTHER', sku: 'UNKNOWN' }),
      ]),
    );
    expect(result).toEqual({ inserted: 2, updated: 0 });
    const [linked, unlinked] = listingRows(t);
    expect(linked!.product_id).toBe(ids.get('EAR-001'));
    expect(unlinked!.product_id).toBeNull();
    expect(JSON.parse(linked!.raw!)).toEqual({ ASIN: 'B0EAR001', price: '29.99' });
    expect(JSON.parse(linked!.base!)).toMatchObject({
      title: 'Wireless Bluetooth Earbuds',
      priceMinor: 2999,
      quantity: 12,
    });
    expect(linked!.sync_state).toBe('synced');
  });

  it('is idempotent: the same page twice leaves the same rows and versions', () => {
    const { t, account, clock } = withAccount();
    t.store.write((w) => upsertListings(w, account, [listingInput()]));
    const before = listingRows(t);
    clock.advance(60_000);
    expect(t.store.write((w) => upsertListings(w, account, [listingInput()]))).toEqual({
      inserted: 0,
      updated: 1,
    });
    expect(listingRows(t)).toEqual(before);
  });

  it('follows remote changes of a listing without local edits, bumps its version and shows the price change as drift', () => {
    const { t, account } = withAccount();
    t.store.write((w) => upsertListings(w, account, [listingInput()]));
    t.store.write((w) =>
      upsertListings(w, account, [
        listingInput({
          price: { amountMinor: 2499, currency: 'USD' },
          remoteUpdatedAt: '2024-05-02T00:00:00Z',
        }),
      ]),
    );
    const [row] = listingRows(t);
    expect(row).toMatchObject({ price_minor: 2499, local_version: 1, sync_state: 'drift' });
    expect((JSON.parse(row!.base!) as { priceMinor: number }).priceMinor).toBe(2499);
    expect(openConflicts(t)).toEqual([
      { kind: 'drift', field: 'priceMinor', base: '2999', mine: null, theirs: '2499' },
    ]);
  });

  it('takes a quantity change without a local edit silently (orders move it every day)', () => {
    const { t, account } = withAccount();
    t.store.write((w) => upsertListings(w, account, [listingInput()]));
    t.store.write((w) =>
      upsertListings(w, account, [
        listingInput({ quantity: 2, remoteUpdatedAt: '2024-05-02T00:00:00Z' }),
      ]),
    );
    expect(listingRows(t)[0]).toMatchObject({ quantity: 2, sync_state: 'synced', dirty: 0 });
    expect(openConflicts(t)).toEqual([]);
  });

  it('ignores data older than what is stored', () => {
    const { t, account } = withAccount();
    t.store.write((w) =>
      upsertListings(w, account, [
        listingInput({ quantity: 5, remoteUpdatedAt: '2024-05-03T00:00:00Z' }),
      ]),
    );
    t.store.write((w) =>
      upsertListings(w, account, [
        listingInput({ quantity: 99, remoteUpdatedAt: '2024-05-02T00:00:00Z' }),
      ]),
    );
    expect(listingRows(t)[0]!.quantity).toBe(5);
  });

  it('keeps local edits of a dirty listing and records a conflict when the remote changed the same field', () => {
    const { t, account } = withAccount();
    t.store.write((w) => upsertListings(w, account, [listingInput()]));
    // A local, not yet pushed edit of the title.
    t.store.write((w) =>
      w.run(
        qb
          .updateTable('listings')
          .set({ title: 'Local title', dirty: 1, sync_state: 'pending' })
          .where('id', '=', 1),
      ),
    );
    // The remote changes the price only: taken (shown as drift), the edit kept.
    t.store.write((w) =>
      upsertListings(w, account, [
        listingInput({
          price: { amountMinor: 1999, currency: 'USD' },
          remoteUpdatedAt: '2024-05-02T00:00:00Z',
        }),
      ]),
    );
    expect(listingRows(t)[0]).toMatchObject({
      title: 'Local title',
      price_minor: 1999,
      sync_state: 'drift',
      dirty: 1,
    });
    // The remote now changes the title too: both values are kept, as a conflict.
    t.store.write((w) =>
      upsertListings(w, account, [
        listingInput({
          title: 'Remote title',
          price: { amountMinor: 1999, currency: 'USD' },
          remoteUpdatedAt: '2024-05-03T00:00:00Z',
        }),
      ]),
    );
    const row = listingRows(t)[0]!;
    expect(row).toMatchObject({ title: 'Local title', sync_state: 'conflict', dirty: 1 });
    expect(JSON.parse(row.raw!)).toEqual({ ASIN: 'B0EAR001', price: '29.99' });
    expect(openConflicts(t)).toEqual([
      { kind: 'drift', field: 'priceMinor', base: '2999', mine: null, theirs: '1999' },
      {
        kind: 'conflict',
        field: 'title',
        base: JSON.stringify(listingInput().title),
        mine: '"Local title"',
        theirs: '"Remote title"',
      },
    ]);
  });

  it('clears dirty when the remote now carries the local edit', () => {
    const { t, account } = withAccount();
    t.store.write((w) => upsertListings(w, account, [listingInput()]));
    t.store.write((w) =>
      w.run(qb.updateTable('listings').set({ quantity: 7, dirty: 1, sync_state: 'pending' })),
    );
    t.store.write((w) =>
      upsertListings(w, account, [
        listingInput({ quantity: 7, remoteUpdatedAt: '2024-05-02T00:00:00Z' }),
      ]),
    );
    expect(listingRows(t)[0]).toMatchObject({ quantity: 7, dirty: 0, sync_state: 'synced' });
  });

  it('refuses listings of an account that does not exist', () => {
    const { t } = withAccount();
    expect(() =>
      t.store.write((w) => upsertListings(w, 77 as AccountId, [listingInput()])),
    ).toThrow(new InvalidStoreInput('Account 77 does not exist'));
  });
});

describe('upsertOrders', () => {
  const lines = (t: TemporaryStore) =>
    t.store.read((r) =>
      r.all(
        qb
          .selectFrom('order_lines')
          .select(['order_id', 'line_id', 'quantity', 'product_id'])
          .orderBy('id'),
      ),
    );

  it('inserts with lines linked by SKU and is idempotent', () => {
    const { t, account } = withAccount();
    const ids = t.store.write((w) => upsertProducts(w, [productInput()]));
    const page = [
      orderInput(),
      orderInput({
        remoteId: 'B',
        lines: [orderLineInput({ sku: 'NONE' }), orderLineInput({ lineId: 'L2' })],
      }),
    ];
    expect(t.store.write((w) => upsertOrders(w, account, page))).toEqual({
      inserted: 2,
      updated: 0,
      skippedOlder: 0,
    });
    const first = lines(t);
    expect(first).toEqual([
      { order_id: 1, line_id: 'L1', quantity: 1, product_id: ids.get('EAR-001') },
      { order_id: 2, line_id: 'L1', quantity: 1, product_id: null },
      { order_id: 2, line_id: 'L2', quantity: 1, product_id: ids.get('EAR-001') },
    ]);
    expect(t.store.write((w) => upsertOrders(w, account, page))).toEqual({
      inserted: 0,
      updated: 2,
      skippedOlder: 0,
    });
    expect(lines(t).map(({ order_id, line_id }) => [order_id, line_id])).toEqual(
      first.map(({ order_id, line_id }) => [order_id, line_id]),
    );
    expect(t.store.read((r) => r.all(qb.selectFrom('orders').select('id')))).toHaveLength(2);
  });

  it('never replaces newer data with older data', () => {
    const { t, account } = withAccount();
    t.store.write((w) =>
      upsertOrders(w, account, [
        orderInput({ status: 'shipped', rawStatus: 'Shipped', updatedAt: '2024-05-03T00:00:00Z' }),
      ]),
    );
    const result = t.store.write((w) =>
      upsertOrders(w, account, [
        orderInput({ status: 'to_ship', updatedAt: '2024-05-02T23:00:00-02:00' }),
      ]),
    );
    // 23:00 at -02:00 is 01:00Z the next day: newer, so applied.
    expect(result).toEqual({ inserted: 0, updated: 1, skippedOlder: 0 });
    const older = t.store.write((w) =>
      upsertOrders(w, account, [
        orderInput({ status: 'cancelled', updatedAt: '2024-05-02T00:00:00Z' }),
      ]),
    );
    expect(older).toEqual({ inserted: 0, updated: 0, skippedOlder: 1 });
    expect(
      t.store.read((r) => r.first(qb.selectFrom('orders').select(['status', 'updated_at']))),
    ).toEqual({
      status: 'to_ship',
      updated_at: '2024-05-03T01:00:00.000Z',
    });
  });

  it('replaces the lines of an updated order', () => {
    const { t, account } = withAccount();
    t.store.write((w) =>
      upsertOrders(w, account, [
        orderInput({ lines: [orderLineInput(), orderLineInput({ lineId: 'L2' })] }),
      ]),
    );
    t.store.write((w) =>
      upsertOrders(w, account, [
        orderInput({
          updatedAt: '2024-05-05T00:00:00Z',
          lines: [orderLineInput({ lineId: 'L3', quantity: 4 })],
        }),
      ]),
    );
    expect(lines(t)).toEqual([{ order_id: 1, line_id: 'L3', quantity: 4, product_id: null }]);
  });

  it('refuses a time without a zone, and writes none of the page', () => {
    const { t, account } = withAccount();
    expect(() =>
      t.store.write((w) =>
        upsertOrders(w, account, [
          orderInput({ remoteId: 'OK' }),
          orderInput({ remoteId: 'BAD', placedAt: '2024-05-02 08:00' }),
        ]),
      ),
    ).toThrow(/order BAD placedAt must be an ISO-8601 time with a zone/);
    expect(t.store.read((r) => r.all(qb.selectFrom('orders').select('id')))).toEqual([]);
  });

  it('refuses a line listed twice in one order', () => {
    const { t, account } = withAccount();
    expect(() =>
      t.store.write((w) =>
        upsertOrders(w, account, [orderInput({ lines: [orderLineInput(), orderLineInput()] })]),
      ),
    ).toThrow(/lists line "L1" twice/);
  });
});
