/**
 * The morning run against two simulated Shopee shops of one seller (same catalogue): after every
 * run the store equals each shop's ground truth — orders, lines, statuses, listings, quantities —
 * with and without faults; orders on one shop lower what the other shows within the same run;
 * edits on both sides give exactly the expected conflicts and merges; no edit is applied twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { qb } from '../../src/engine/store/compiler.js';
import { applyListingEdit } from '../../src/engine/store/edits.js';
import { adoptUnlinkedListings, queueStockPushes } from '../../src/engine/stock/index.js';
import { startWorld, type World } from './sync-harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const FAST = { requestsPerSecond: 400, burst: 100 };
const small = { items: 40, orders: 60, orderDays: 30, rateLimit: FAST };

async function adoptedWorld(options: Parameters<typeof startWorld>[0] = {}) {
  world = await startWorld({
    sandbox: small,
    clientRate: { requestsPerSecond: 300, burst: 5 },
    ...options,
  });
  const first = await world.run();
  expect(first.state === 'succeeded' || first.state === 'attention').toBe(true);
  // The seller's catalogue is built from the shops' listings; quantities then follow stock.
  world.store.write((w) => {
    adoptUnlinkedListings(w, { newKey: () => `adopt-${Math.random()}` });
    const ids = w.all(qb.selectFrom('products').select('id')).map((row) => row.id);
    queueStockPushes(w, ids, { newKey: () => `stock-${Math.random()}` });
  });
  return world;
}

function truthUnit(w: World, shopIndex: number, sku: string) {
  const truth = w.shops[shopIndex]!.sandbox.groundTruth();
  for (const item of truth.items) {
    if (item.models.length === 0 && item.item_sku === sku)
      return { item, model: null, stock: item.stock, price: item.price_cents };
    const model = item.models.find((m) => m.model_sku === sku);
    if (model) return { item, model, stock: model.stock, price: model.price_cents };
  }
  throw new Error(`no ${sku} in shop ${shopIndex}`);
}

/** A SKU both shops sell, in stock on both, on an active listing. */
function sharedSku(w: World): string {
  const rows = w.store.read((r) =>
    r.all(
      qb
        .selectFrom('listings')
        .select(['sku', 'account_id', 'quantity'])
        .where('status', '=', 'active')
        .where('quantity', '>', 3)
        .where('product_id', 'is not', null),
    ),
  );
  const accounts = new Map<string, Set<number>>();
  for (const row of rows)
    accounts.set(row.sku, (accounts.get(row.sku) ?? new Set()).add(row.account_id));
  const sku = [...accounts].find(([, set]) => set.size === w.shops.length)?.[0];
  if (!sku) throw new Error('the shops share no SKU in stock');
  return sku;
}

describe('the morning run', () => {
  it('leaves the store equal to every shop, run after run, as orders come and go', async () => {
    world = await startWorld({ sandbox: small, clientRate: { requestsPerSecond: 300, burst: 5 } });
    const first = await world.run();
    expect(first.report?.accounts.map((a) => a.ordersPulled)).toEqual([60, 60]);
    expect(world.differences()).toEqual([]);

    const [a, b] = world.shops;
    a!.sandbox.control.placeRandomOrders(8);
    b!.sandbox.control.placeRandomOrders(5);
    const placed = a!.sandbox.groundTruth().orders.at(-1)!.order_sn;
    a!.sandbox.advance(60_000);
    a!.sandbox.control.cancelOrder(placed);
    b!.sandbox.advance(3 * 3_600_000);
    const second = await world.run();
    expect(second.state).not.toBe('failed');
    expect(world.differences()).toEqual([]);
    // Nothing doubled: one row per order.
    const counts = world.store.read((r) =>
      r.all(qb.selectFrom('orders').select(['remote_id', 'account_id']).orderBy('remote_id')),
    );
    expect(new Set(counts.map((row) => `${row.account_id}/${row.remote_id}`)).size).toBe(
      counts.length,
    );
    expect(counts).toHaveLength(60 + 8 + 60 + 5);
  });

  it('gets to the same store with faults on (429 storms, 5xx, drops, truncated replies, token expiry)', async () => {
    world = await startWorld({
      sandbox: small,
      clientRate: { requestsPerSecond: 300, burst: 5 },
      timeoutMs: 2_000,
    });
    for (const shop of world.shops) {
      shop.sandbox.faults.set({
        serverErrorRate: 0.05,
        rateLimitRate: 0.05,
        dropRate: 0.02,
        truncateRate: 0.03,
      });
    }
    await world.run();
    for (const shop of world.shops) {
      shop.sandbox.control.placeRandomOrders(6);
      shop.sandbox.control.expireAccessTokens();
    }
    const outcome = await world.run();
    expect(outcome.state).not.toBe('failed');
    expect(world.differences()).toEqual([]);
    const injected = world.shops.map((shop) => shop.sandbox.stats().faults);
    expect(
      injected.reduce((sum, f) => sum + f.server_error + f.rate_limit + f.drop + f.truncate, 0),
    ).toBeGreaterThan(10);
  });

  it('lowers what the other shop shows for an order placed on one, within the same run', async () => {
    const w = await adoptedWorld();
    await w.run();
    expect(w.differences()).toEqual([]);
    const sku = sharedSku(w);
    const before = [0, 1].map((index) => truthUnit(w, index, sku).stock);
    expect(before[0]).toBe(before[1]);
    const unit = truthUnit(w, 0, sku);
    w.shops[0]!.sandbox.control.placeOrder([
      { itemId: unit.item.item_id, modelId: unit.model?.model_id ?? 0, quantity: 2 },
    ]);
    const outcome = await w.run();
    expect(outcome.report?.accounts[1]?.stockPushed).toBeGreaterThanOrEqual(1);
    expect([0, 1].map((index) => truthUnit(w, index, sku).stock)).toEqual([
      before[0]! - 2,
      before[1]! - 2,
    ]);
    expect(w.differences()).toEqual([]);
    // The order reserved stock on the master SKU.
    const stock = w.store.read((r) =>
      r.first(
        qb
          .selectFrom('stock')
          .innerJoin('products', 'products.id', 'stock.product_id')
          .select(['on_hand', 'reserved'])
          .where('products.sku', '=', sku),
      ),
    )!;
    expect(stock.on_hand - stock.reserved).toBe(before[0]! - 2);
    expect(outcome.report?.oversellDanger ?? []).toEqual([]);

    // A quantity typed by hand in shop B's seller centre is set back to what stock allows.
    const other = truthUnit(w, 1, sku);
    w.shops[1]!.sandbox.advance(1_000);
    w.shops[1]!.sandbox.control.sellerEdit(other.item.item_id, {
      stock: 999,
      ...(other.model ? { modelId: other.model.model_id } : {}),
    });
    w.shops[1]!.sandbox.advance(1_000);
    await w.run();
    expect(truthUnit(w, 1, sku).stock).toBe(before[1]! - 2);
    expect(w.differences()).toEqual([]);
  });

  it('pushes local edits once, adopts marketplace changes as drift, and keeps both sides of a conflict', async () => {
    world = await startWorld({
      shops: 1,
      sandbox: small,
      clientRate: { requestsPerSecond: 300, burst: 5 },
    });
    const w = world;
    await w.run();
    const shop = w.shops[0]!;
    const listings = w.store.read((r) =>
      r.all(
        qb
          .selectFrom('listings')
          .select(['id', 'remote_id', 'remote_variant_id', 'local_version', 'title', 'price_minor'])
          .where('remote_variant_id', '=', '')
          .where('status', '=', 'active')
          .orderBy('id')
          .limit(4),
      ),
    );
    expect(listings).toHaveLength(4);
    const [pushOnly, conflict, driftOnly, sameEdit] = listings as [
      (typeof listings)[number],
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
    edit(sameEdit, { title: 'Both agreed title' });
    shop.sandbox.advance(1_000);
    shop.sandbox.control.sellerEdit(Number(conflict.remote_id), {
      item_name: 'Theirs: shockproof',
    });
    shop.sandbox.control.sellerEdit(Number(driftOnly.remote_id), {
      price_cents: driftOnly.price_minor + 50,
    });
    shop.sandbox.control.sellerEdit(Number(sameEdit.remote_id), { item_name: 'Both agreed title' });
    shop.sandbox.advance(1_000);
    const writesBefore = shop.sandbox.writes().length;

    const outcome = await w.run();
    const conflicts = w.store.read((r) =>
      r.all(
        qb
          .selectFrom('listing_conflicts')
          .select(['listing_id', 'kind', 'field', 'mine', 'theirs'])
          .where('resolved_at', 'is', null)
          .orderBy('listing_id'),
      ),
    );
    expect(conflicts).toEqual([
      {
        listing_id: conflict.id,
        kind: 'conflict',
        field: 'title',
        mine: '"Mine: waterproof"',
        theirs: '"Theirs: shockproof"',
      },
      {
        listing_id: driftOnly.id,
        kind: 'drift',
        field: 'priceMinor',
        mine: null,
        theirs: String(driftOnly.price_minor + 50),
      },
    ]);
    const truth = (id: string) =>
      shop.sandbox.groundTruth().items.find((item) => String(item.item_id) === id)!;
    expect(truth(pushOnly.remote_id).price_cents).toBe(pushOnly.price_minor + 111);
    expect(truth(conflict.remote_id).item_name).toBe('Theirs: shockproof');
    expect(truth(sameEdit.remote_id).item_name).toBe('Both agreed title');
    // Exactly one write reached the shop: the price; the conflict is held, the same edit landed.
    const writes = shop.sandbox.writes().slice(writesBefore);
    expect(writes.map((write) => [write.itemId, write.field, write.value])).toEqual([
      [Number(pushOnly.remote_id), 'price', pushOnly.price_minor + 111],
    ]);
    expect(outcome.report?.accounts[0]).toMatchObject({ editsPushed: 1, conflicts: 1, drifts: 1 });
    expect(outcome.state).toBe('attention');
    const states = w.store.read((r) =>
      r.all(
        qb
          .selectFrom('listings')
          .select(['id', 'sync_state', 'dirty'])
          .where(
            'id',
            'in',
            listings.map((l) => l.id),
          )
          .orderBy('id'),
      ),
    );
    expect(states).toEqual([
      { id: pushOnly.id, sync_state: 'synced', dirty: 0 },
      { id: conflict.id, sync_state: 'conflict', dirty: 1 },
      { id: driftOnly.id, sync_state: 'drift', dirty: 0 },
      { id: sameEdit.id, sync_state: 'synced', dirty: 0 },
    ]);

    // A second run sends nothing again.
    const again = shop.sandbox.writes().length;
    await w.run();
    expect(shop.sandbox.writes().length).toBe(again);
  });

  it('lets only one run hold the lease at a time', async () => {
    world = await startWorld({
      shops: 1,
      sandbox: small,
      clientRate: { requestsPerSecond: 300, burst: 5 },
    });
    const [first, second] = await Promise.all([world.run(), world.run()]);
    expect([first.state, second.state].filter((state) => state === 'busy')).toHaveLength(1);
  });
});
