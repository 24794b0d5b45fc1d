/**
 * The sync engine's ground-truth and fault tests over eBay (issue 5, acceptance): the real morning
 * run against two simulated eBay sellers (EBAY_US and EBAY_GB, one catalogue). After every run the
 * store equals each seller's ground truth — orders, lines, statuses, listings, quantities — with
 * and without faults; an order on one site lowers what the other shows within the same run; local
 * edits go out once through bulkUpdatePriceQuantity and seller-side changes become conflicts or
 * drift, never overwritten.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { adoptUnlinkedListings, queueStockPushes } from '../../src/engine/stock/index.js';
import { qb } from '../../src/engine/store/compiler.js';
import { applyListingEdit } from '../../src/engine/store/edits.js';
import { startEbayWorld, type EbayWorld } from './ebay-sync-world.js';

let world: EbayWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const FAST = { requestsPerSecond: 400, burst: 100 };
const CLIENT = { requestsPerSecond: 300, burst: 5 };
const small = { items: 40, orders: 60, orderDays: 30, rateLimit: FAST };

describe('the morning run over eBay', () => {
  it('leaves the store equal to every seller, run after run, as orders come and go', async () => {
    world = await startEbayWorld({ sandbox: small, clientRate: CLIENT });
    const first = await world.run();
    expect(first.state === 'succeeded' || first.state === 'attention').toBe(true);
    expect(world.differences()).toEqual([]);

    const [a, b] = world.sellers;
    a!.sandbox.control.placeRandomOrders(6);
    b!.sandbox.control.placeRandomOrders(4);
    a!.sandbox.advance(60_000);
    const placed = a!.sandbox.groundTruth().orders.at(-1)!.orderId;
    a!.sandbox.control.cancelOrder(placed);
    b!.sandbox.advance(3 * 3_600_000);
    b!.sandbox.control.modifyRandomOrders(10);
    a!.sandbox.advance(60_000);
    b!.sandbox.advance(60_000);
    const second = await world.run();
    expect(second.state).not.toBe('failed');
    expect(world.differences()).toEqual([]);
    const rows = world.store.read((r) =>
      r.all(qb.selectFrom('orders').select(['remote_id', 'account_id'])),
    );
    expect(new Set(rows.map((row) => `${row.account_id}/${row.remote_id}`)).size).toBe(rows.length);
  });

  it('gets to the same store with faults on (429s, 5xx, drops, truncated replies, token expiry)', async () => {
    world = await startEbayWorld({ sandbox: small, clientRate: CLIENT, timeoutMs: 2_000 });
    for (const seller of world.sellers) {
      seller.sandbox.faults.set({
        serverErrorRate: 0.05,
        rateLimitRate: 0.05,
        dropRate: 0.02,
        truncateRate: 0.03,
        exceptPaths: ['/identity/v1/oauth2/'],
      });
    }
    await world.run();
    for (const seller of world.sellers) {
      seller.sandbox.control.placeRandomOrders(5);
      seller.sandbox.control.expireAccessTokens();
      seller.sandbox.advance(60_000);
    }
    const outcome = await world.run();
    expect(outcome.state).not.toBe('failed');
    // A stream a fault stopped is taken up by the next run, as the engine does every morning.
    if (world.differences().length > 0) await world.run();
    expect(world.differences()).toEqual([]);
    const injected = world.sellers.map((seller) => seller.sandbox.stats().faults);
    expect(
      injected.reduce((sum, f) => sum + f.server_error + f.rate_limit + f.drop + f.truncate, 0),
    ).toBeGreaterThan(10);
    expect(world.sellers.every((seller) => seller.sandbox.stats().auth.refreshes >= 1)).toBe(true);
  });

  it('lowers what the other site shows for an order placed on one, within the same run', async () => {
    world = await startEbayWorld({ sandbox: small, clientRate: CLIENT });
    const w = world;
    await w.run();
    w.store.write((writer) => {
      adoptUnlinkedListings(writer, { newKey: () => `adopt-${Math.random()}` });
      const ids = writer.all(qb.selectFrom('products').select('id')).map((row) => row.id);
      queueStockPushes(writer, ids, { newKey: () => `stock-${Math.random()}` });
    });
    await w.run();
    expect(w.differences()).toEqual([]);
    const quantityOn = (index: number, sku: string) =>
      w.sellers[index]!.sandbox.groundTruth().listings.find((entry) => entry.sku === sku)?.quantity;
    const buyable = (index: number) =>
      new Set(
        w.sellers[index]!.sandbox.groundTruth()
          .listings.filter((entry) => entry.listingStatus === 'ACTIVE' && entry.quantity >= 3)
          .map((entry) => entry.sku),
      );
    const shared = [...buyable(0)].find((sku) => buyable(1).has(sku))!;
    expect(shared).toBeDefined();
    const beforeA = quantityOn(0, shared)!;
    const beforeB = quantityOn(1, shared)!;
    expect(beforeA).toBe(beforeB);
    w.sellers[0]!.sandbox.control.placeOrder([{ sku: shared, quantity: 2 }]);
    w.sellers[0]!.sandbox.advance(60_000);
    const outcome = await w.run();
    expect(outcome.report?.accounts[1]?.stockPushed).toBeGreaterThanOrEqual(1);
    expect([quantityOn(0, shared), quantityOn(1, shared)]).toEqual([beforeA - 2, beforeB - 2]);
    expect(w.differences()).toEqual([]);
    // The push went out as eBay's bulk call, with the offer id the pull stored.
    const bulk = w.sellers[1]!.sandbox.writes().filter(
      (write) => write.operation === 'bulkUpdatePriceQuantity' && write.sku === shared,
    );
    expect(bulk.at(-1)).toMatchObject({ field: 'quantity', value: beforeB - 2 });
  });

  it('pushes local edits once, keeps a seller-side change as a conflict or drift, never overwritten', async () => {
    world = await startEbayWorld({ sellers: 1, sandbox: small, clientRate: CLIENT });
    const w = world;
    await w.run();
    const seller = w.sellers[0]!;
    const listings = w.store.read((r) =>
      r.all(
        qb
          .selectFrom('listings')
          .select(['id', 'remote_id', 'remote_variant_id', 'local_version', 'title', 'price_minor'])
          .where('status', '=', 'active')
          .orderBy('id')
          .limit(3),
      ),
    );
    expect(listings).toHaveLength(3);
    const [pushOnly, conflict, driftOnly] = listings as [
      (typeof listings)[number],
      (typeof listings)[number],
      (typeof listings)[number],
    ];
    let key = 0;
    const edit = (
      listing: (typeof listings)[number],
      changes: Parameters<typeof applyListingEdit>[1]['changes'],
    ) =>
      w.store.write((writer) =>
        applyListingEdit(
          writer,
          { id: listing.id, baseVersion: listing.local_version, changes },
          () => `edit-${++key}`,
        ),
      );
    edit(pushOnly, { priceMinor: pushOnly.price_minor + 111 });
    edit(conflict, { title: 'Mine: waterproof' });
    seller.sandbox.advance(1_000);
    seller.sandbox.control.sellerEdit(conflict.remote_id, { title: 'Theirs: shockproof' });
    seller.sandbox.control.sellerEdit(driftOnly.remote_id, {
      priceMinor: driftOnly.price_minor + 50,
    });
    seller.sandbox.advance(1_000);
    const writesBefore = seller.sandbox.writes().length;
    await w.run();
    const truth = (sku: string) =>
      seller.sandbox.groundTruth().listings.find((entry) => entry.sku === sku)!;
    expect(truth(pushOnly.remote_id).priceMinor).toBe(pushOnly.price_minor + 111);
    expect(truth(conflict.remote_id).title).toBe('Theirs: shockproof');
    const writes = seller.sandbox.writes().slice(writesBefore);
    expect(writes.map((write) => [write.sku, write.field, write.value])).toEqual([
      [pushOnly.remote_id, 'price', pushOnly.price_minor + 111],
    ]);
    const conflicts = w.store.read((r) =>
      r.all(
        qb
          .selectFrom('listing_conflicts')
          .select(['listing_id', 'kind', 'field'])
          .where('resolved_at', 'is', null)
          .orderBy('listing_id'),
      ),
    );
    expect(conflicts).toEqual([
      { listing_id: conflict.id, kind: 'conflict', field: 'title' },
      { listing_id: driftOnly.id, kind: 'drift', field: 'priceMinor' },
    ]);
    const again = seller.sandbox.writes().length;
    await w.run();
    expect(seller.sandbox.writes().length).toBe(again);
  });
});
