import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { compileRaw, qb } from '../store/compiler.js';
import { InvalidStoreInput, RecordNotFound } from '../store/errors.js';
import { adoptUnlinkedListings } from './adopt.js';
import { readProductStock } from './availability.js';
import { stockWorld, type StockWorld } from './test-support.js';

let world: StockWorld;
let shopA: number;
let shopB: number;

beforeEach(() => {
  world = stockWorld();
  shopA = world.account('A');
  shopB = world.account('B');
});

afterEach(() => world.close());

const adopt = (accountId?: number) =>
  world.store.write((w) =>
    adoptUnlinkedListings(w, {
      newKey: world.newKey,
      ...(accountId === undefined ? {} : { accountId }),
    }),
  );
const product = (sku: string) =>
  world.store.read((r) =>
    r.first(
      qb.selectFrom('products').select(['id', 'title', 'source_locale']).where('sku', '=', sku),
    ),
  );
const linkOf = (listingId: number) =>
  world.store.read(
    (r) =>
      r.first(qb.selectFrom('listings').select('product_id').where('id', '=', listingId))!
        .product_id,
  );
// The product search index (FTS5, contentless, migration 0002) finds the new product by SKU.
const foundBySku = (sku: string) =>
  world.store.read((r) =>
    r
      .all<{ rowid: number }>(
        compileRaw(
          sql`SELECT rowid FROM products_fts WHERE products_fts MATCH ${`sku : "${sku}"`}`,
        ),
      )
      .map((row) => row.rowid),
  );

describe('adoptUnlinkedListings', () => {
  it('creates one product per SKU sized to the most conservative channel', () => {
    const earA = world.listing(shopA, 'A1', 'EAR', 9);
    const earB = world.listing(shopB, 'B1', 'EAR', 6);
    const open = world.order(shopA, 'O1', 'to_ship', [['L1', 'EAR', 2]]);
    const shipped = world.order(shopB, 'O2', 'shipped', [['L1', 'EAR', 3]]);
    world.order(shopB, 'O3', 'cancelled', [['L1', 'EAR', 7]]);

    expect(adopt()).toEqual({ created: 1, linked: 2, ordersRelinked: 3 });
    const created = product('EAR')!;
    expect(created).toMatchObject({ title: 'Listing A1', source_locale: 'en-US' });
    expect([linkOf(earA), linkOf(earB)]).toEqual([created.id, created.id]);
    // available = 6 (the smallest listing quantity): on hand 6 + 2 reserved for the open order.
    expect(world.stock(created.id)).toEqual([{ warehouse: 'default', on_hand: 8, reserved: 2 }]);
    expect(world.store.read((r) => readProductStock(r, created.id))?.available).toBe(6);
    expect(world.effects().map((e) => [e.order_id, e.reserved, e.consumed])).toEqual([
      [open, 2, 0],
      [shipped, 0, 3],
    ]);
    // The channel showing 9 is brought down to 6.
    expect(world.jobs().map((job) => [job.listing_id, job.quantity])).toEqual([[earA, 6]]);
    expect(foundBySku('EAR')).toEqual([created.id]);
  });

  it('changes nothing when run again', () => {
    world.listing(shopA, 'A1', 'EAR', 9);
    world.order(shopA, 'O1', 'to_ship', [['L1', 'EAR', 2]]);
    adopt();
    const id = product('EAR')!.id;
    const stock = world.stock(id);
    const jobs = world.jobs();
    expect(adopt()).toEqual({ created: 0, linked: 0, ordersRelinked: 0 });
    expect(world.stock(id)).toEqual(stock);
    expect(world.jobs()).toEqual(jobs);
  });

  it("links to an existing product and keeps that product's stock as it is", () => {
    const existing = world.product('EAR', [{ warehouse: 'SZ', onHand: 40 }]);
    const listing = world.listing(shopA, 'A1', 'EAR', 9);
    world.store.write((w) =>
      w.run(qb.updateTable('listings').set({ product_id: null }).where('id', '=', listing)),
    );
    expect(adopt()).toEqual({ created: 0, linked: 1, ordersRelinked: 0 });
    expect(linkOf(listing)).toBe(existing);
    expect(world.stock(existing)).toEqual([{ warehouse: 'SZ', on_hand: 40, reserved: 0 }]);
    expect(world.jobs()).toMatchObject([{ listing_id: listing, quantity: 40 }]);
  });

  it("adopts only the given account's SKUs, and skips listings without a SKU", () => {
    const earA = world.listing(shopA, 'A1', 'EAR', 5);
    const cabB = world.listing(shopB, 'B1', 'CAB', 5);
    const blank = world.listing(shopA, 'A2', '', 5);
    const spaces = world.listing(shopA, 'A3', '   ', 5);
    expect(adopt(shopA)).toEqual({ created: 1, linked: 1, ordersRelinked: 0 });
    expect(linkOf(earA)).not.toBeNull();
    expect([linkOf(cabB), linkOf(blank), linkOf(spaces)]).toEqual([null, null, null]);
  });

  it('sizes by live listings only (a deleted one does not count)', () => {
    world.listing(shopA, 'A1', 'EAR', 5);
    const gone = world.listing(shopB, 'B1', 'EAR', 1);
    world.store.write((w) =>
      w.run(qb.updateTable('listings').set({ status: 'deleted' }).where('id', '=', gone)),
    );
    adopt();
    expect(world.stock(product('EAR')!.id)).toEqual([
      { warehouse: 'default', on_hand: 5, reserved: 0 },
    ]);
  });

  it('refuses a bad or unknown account before writing anything', () => {
    world.listing(shopA, 'A1', 'EAR', 5);
    expect(() => adopt(0)).toThrow(InvalidStoreInput);
    expect(() => adopt(999)).toThrow(RecordNotFound);
    expect(product('EAR')).toBeUndefined();
  });
});
