/**
 * The morning run over every marketplace (each simulated: Shopee, AliExpress, Amazon, eBay, Wish),
 * each through its real connector. Per marketplace: after every run the store equals the shop's
 * ground truth — orders, lines, statuses, listings, quantities — as orders come, go and ship, with
 * and without faults; local edits are pushed once, marketplace changes are adopted as drift and
 * both sides of a conflict are kept; an edit the marketplace cannot make is reported as such and
 * never sent. Then one seller with a shop on each: orders on one lower what the others show within
 * the same run, and a quantity typed by hand on a marketplace is set back to what stock allows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { qb } from '../../src/engine/store/compiler.js';
import type { Marketplace } from '../../src/shared/domain.js';
import {
  ALL_MARKETPLACES,
  startMarketWorld,
  type MarketWorld,
  type MarketWorldOptions,
} from './sync-harness.js';
import {
  DECLARED,
  adopt,
  edit,
  orderKeys,
  singleUnitListings,
  unexplainedDanger,
  unitOf,
  type ListingRow,
} from './sync-morning-support.js';

let world: MarketWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const MINUTE = 60_000;
/** Past every marketplace's settling delay (Amazon lists orders changed up to 2 minutes ago). */
const SETTLE = 5 * MINUTE;

async function open(options: MarketWorldOptions): Promise<MarketWorld> {
  world = await startMarketWorld(options);
  return world;
}

describe.each(ALL_MARKETPLACES)('the morning run on %s', (marketplace: Marketplace) => {
  it('leaves the store equal to the shop, run after run, as orders come, go and ship', async () => {
    const w = await open({ marketplaces: [marketplace] });
    const first = await w.run();
    expect(first.state).not.toBe('failed');
    const market = w.shops[0]!.market;
    expect(first.report?.accounts[0]?.ordersPulled).toBe(market.orders().length);
    expect(w.differences()).toEqual([]);

    market.placeRandomOrders(6);
    w.advance(MINUTE);
    market.cancelOrder(market.cancellable().at(-1)!);
    market.shipOrder(market.shippable()[0]!);
    w.advance(3 * 3_600_000);
    const second = await w.run();
    expect(second.state).not.toBe('failed');
    expect(w.differences()).toEqual([]);
    // Nothing doubled: one row per order.
    const keys = orderKeys(w);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(market.orders().length);
    expect(market.throttled()).toBe(0);
  });

  it('gets to the same store with faults on (throttles, 5xx, drops, truncated replies, expired tokens)', async () => {
    const w = await open({ marketplaces: [marketplace], timeoutMs: 2_000 });
    const market = w.shops[0]!.market;
    market.faults.set({
      serverErrorRate: 0.05,
      rateLimitRate: 0.05,
      dropRate: 0.02,
      truncateRate: 0.03,
      exceptPaths: [...market.authPaths],
    });
    await w.run();
    market.placeRandomOrders(6);
    market.expireAccessTokens();
    w.advance(SETTLE);
    const outcome = await w.run();
    expect(outcome.state).not.toBe('failed');
    const injected = market.faults.injected();
    expect(
      injected.server_error + injected.rate_limit + injected.drop + injected.truncate,
    ).toBeGreaterThan(5);
    expect(w.differences()).toEqual([]);
  });

  it('pushes local edits once, adopts marketplace changes as drift, and keeps both sides of a conflict', async () => {
    const w = await open({ marketplaces: [marketplace] });
    await w.run();
    const { market } = w.shops[0]!;
    const [pushOnly, conflict, driftOnly, sameEdit] = singleUnitListings(w, 0, 4) as [
      ListingRow,
      ListingRow,
      ListingRow,
      ListingRow,
    ];
    edit(w, pushOnly, { priceMinor: pushOnly.price_minor + 111 });
    edit(w, conflict, { title: 'Mine: waterproof' });
    edit(w, sameEdit, { title: 'Both agreed title' });
    w.advance(1_000);
    market.sellerEdit(unitOf(conflict), { title: 'Theirs: shockproof' });
    market.sellerEdit(unitOf(driftOnly), { price: driftOnly.price_minor + 50 });
    market.sellerEdit(unitOf(sameEdit), { title: 'Both agreed title' });
    w.advance(1_000);
    const writesBefore = market.writes().length;

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
    const truth = (row: ListingRow) =>
      market
        .listings()
        .find(
          (unit) =>
            unit.remoteId === row.remote_id && unit.remoteVariantId === row.remote_variant_id,
        )!;
    expect(truth(pushOnly).price).toBe(pushOnly.price_minor + 111);
    expect(truth(conflict).title).toBe('Theirs: shockproof');
    expect(truth(sameEdit).title).toBe('Both agreed title');
    // Exactly one write reached the shop: the price; the conflict is held, the same edit landed.
    const writes = market.writes().slice(writesBefore);
    expect(
      writes.map((write) => [write.remoteId, write.remoteVariantId, write.field, write.value]),
    ).toEqual([
      [pushOnly.remote_id, pushOnly.remote_variant_id, 'price', pushOnly.price_minor + 111],
    ]);
    expect(outcome.report?.accounts[0]).toMatchObject({ editsPushed: 1, conflicts: 1, drifts: 1 });
    expect(outcome.state).toBe('attention');
    const states = w.store.read((r) =>
      r.all(
        qb
          .selectFrom('listings')
          .select(['id', 'sync_state', 'dirty'])
          .where('id', 'in', [pushOnly.id, conflict.id, driftOnly.id, sameEdit.id])
          .orderBy('id'),
      ),
    );
    expect(states).toEqual([
      { id: pushOnly.id, sync_state: 'synced', dirty: 0 },
      { id: conflict.id, sync_state: 'conflict', dirty: 1 },
      { id: driftOnly.id, sync_state: 'drift', dirty: 0 },
      { id: sameEdit.id, sync_state: 'synced', dirty: 0 },
    ]);
    expect(w.differences().filter((line) => !line.includes(conflict.remote_id))).toEqual([]);

    // A second run sends nothing again.
    const again = market.writes().length;
    await w.run();
    expect(market.writes().length).toBe(again);
  });

  it('declares what it supports, and asks only for changed listings where it can filter so', async () => {
    const w = await open({ marketplaces: [marketplace] });
    const shop = w.shops[0]!;
    const { listings } = shop.connector.capabilities;
    expect({
      changedSince: listings.changedSince,
      create: listings.create,
      updatable: [...listings.updatableFields].sort(),
    }).toEqual(DECLARED[marketplace]);
    // Every listings page the engine asks for, through the account's connector.
    const asked: (string | null)[] = [];
    const connector = shop.connector;
    shop.connector = {
      ...connector,
      listListings: (request) => {
        asked.push(request.changedSince);
        return connector.listListings(request);
      },
    };
    await w.run();
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((since) => since === null)).toBe(true);
    asked.length = 0;
    w.advance(SETTLE);
    await w.run();
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((since) => (since !== null) === listings.changedSince)).toBe(true);
    expect(w.differences()).toEqual([]);
  });

  it('sends a status change where the marketplace takes one, and reports it unsupported where not', async () => {
    const w = await open({ marketplaces: [marketplace] });
    await w.run();
    const { market, connector } = w.shops[0]!;
    const [row] = singleUnitListings(w, 0, 1) as [ListingRow];
    edit(w, row, { status: 'inactive' });
    const writesBefore = market.writes().length;
    const outcome = await w.run();
    const job = w.store.read((r) =>
      r.first(
        qb
          .selectFrom('outbox')
          .select(['state', 'last_error'])
          .where('listing_id', '=', row.id)
          .where('kind', '=', 'listing.status'),
      ),
    );
    const shown = market
      .listings()
      .find(
        (unit) => unit.remoteId === row.remote_id && unit.remoteVariantId === row.remote_variant_id,
      );
    if (connector.capabilities.listings.updatableFields.includes('status')) {
      expect(job?.state).toBe('done');
      expect(shown?.status).toBe('inactive');
      expect(outcome.report?.accounts[0]?.rejected).toBe(0);
    } else {
      // Declared, not faked: nothing was sent, and the seller is told why.
      expect(job).toMatchObject({ state: 'failed' });
      expect(job?.last_error).toMatch(/cannot update status/);
      expect(market.writes().slice(writesBefore)).toEqual([]);
      expect(shown?.status).toBe('active');
      expect(outcome.report?.accounts[0]?.rejected).toBe(1);
    }
    if (!connector.capabilities.listings.create) {
      const before = market.writes().length;
      await expect(
        connector.createListing({
          sku: 'NEW-1',
          title: 'New',
          description: 'New',
          price: { amountMinor: 1_000, currency: w.shops[0]!.market.shop.currency },
          quantity: 1,
          status: 'active',
          weightGrams: null,
          marketplaceFields: {},
        }),
      ).rejects.toMatchObject({ name: 'UnsupportedError', kind: 'permanent' });
      expect(market.writes()).toHaveLength(before);
    }
  });
});

describe('one seller with a shop on every marketplace', () => {
  it('lowers what every other shop shows for an order placed on one, within the same run', async () => {
    const w = await open({ marketplaces: ALL_MARKETPLACES, items: 30, orders: 30 });
    await w.run();
    adopt(w);
    await w.run();
    expect(w.differences()).toEqual([]);
    // A SKU listed in stock on several shops (the fakes of Shopee, AliExpress and Wish share SKUs).
    const rows = w.store.read((r) =>
      r.all(
        qb
          .selectFrom('listings')
          .select(['sku', 'account_id', 'remote_id', 'remote_variant_id', 'quantity'])
          .where('status', '=', 'active')
          .where('quantity', '>', 3)
          .where('product_id', 'is not', null)
          .orderBy('sku'),
      ),
    );
    const bySku = new Map<string, typeof rows>();
    for (const row of rows) bySku.set(row.sku, [...(bySku.get(row.sku) ?? []), row]);
    const accountsOf = (list: typeof rows) => new Set(list.map((row) => row.account_id)).size;
    const [sku, listed] = [...bySku].sort((a, b) => accountsOf(b[1]) - accountsOf(a[1]))[0]!;
    expect(accountsOf(listed)).toBe(listed.length);
    expect(listed.length).toBeGreaterThanOrEqual(2);
    const shopOf = (accountId: number) => w.shops.find((shop) => shop.accountId === accountId)!;
    const shown = () =>
      listed.map(
        (row) =>
          shopOf(row.account_id)
            .market.listings()
            .find(
              (unit) =>
                unit.remoteId === row.remote_id && unit.remoteVariantId === row.remote_variant_id,
            )!.quantity,
      );
    const before = shown();
    expect(new Set(before).size).toBe(1);

    const buyer = listed[0]!;
    shopOf(buyer.account_id).market.placeOrder(
      { remoteId: buyer.remote_id, remoteVariantId: buyer.remote_variant_id },
      2,
    );
    w.advance(SETTLE);
    const outcome = await w.run();
    expect(shown()).toEqual(before.map((quantity) => quantity - 2));
    expect(unexplainedDanger(w, outcome.report?.oversellDanger ?? [])).toEqual([]);
    expect(w.differences()).toEqual([]);
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

    // A quantity typed by hand in another marketplace's seller centre is set back.
    const other = listed[1]!;
    shopOf(other.account_id).market.sellerEdit(
      { remoteId: other.remote_id, remoteVariantId: other.remote_variant_id },
      { quantity: 999 },
    );
    w.advance(SETTLE);
    await w.run();
    expect(shown()).toEqual(before.map((quantity) => quantity - 2));
    expect(w.differences()).toEqual([]);
  });

  it('lets only one run hold the lease at a time', async () => {
    const w = await open({ marketplaces: ['shopee', 'ebay'] });
    const [first, second] = await Promise.all([w.run(), w.run()]);
    expect([first.state, second.state].filter((state) => state === 'busy')).toHaveLength(1);
  });
});
