/**
 * The world of the crash test (sync-crash.integration.test.ts) as the test process sees it: one
 * seller with a shop on every simulated marketplace, served by the test process; who edits what;
 * what changes between runs (buyers, carriers, the seller on both sides, time); and what must hold
 * after the final runs besides store = ground truth.
 */
import { qb } from '../../src/engine/store/compiler.js';
import {
  openStore,
  STORE_FILE_NAME,
  type Reader,
  type Store,
} from '../../src/engine/store/connection.js';
import { applyListingEdit } from '../../src/engine/store/edits.js';
import { parseJson } from '../../src/engine/store/values.js';
import { oversellDanger, targetQuantity } from '../../src/engine/stock/index.js';
import type { Random } from '../../src/sandbox/kit/random.js';
import type { AccountId } from '../../src/shared/ids.js';
import { join } from 'node:path';
import type { MarketShop, UnitRef } from './sync-markets/index.js';

const HOUR = 3_600_000;
/** Local price edits take values from here up, seller price edits from SELLER_PRICES: all unique. */
const LOCAL_PRICES = 500_000;
const SELLER_PRICES = 800_000;

export function withStore<T>(dataDir: string, work: (store: Store) => T): T {
  const store = openStore(join(dataDir, STORE_FILE_NAME));
  try {
    return work(store);
  } finally {
    store.close();
  }
}

export interface CrashShop {
  market: MarketShop;
  accountId: AccountId;
}

interface LocalEdit extends UnitRef {
  shop: number;
  listingId: number;
  value: number;
  round: number;
}

export interface CrashWorld {
  dataDir: string;
  random: Random;
  shops: CrashShop[];
  /** Listings that get local price edits; whole items, so no seller edit touches them. */
  local: (UnitRef & { shop: number; listingId: number })[];
  /** Items that get seller edits (title, or one unit's price). */
  seller: { shop: number; units: UnitRef[] }[];
  edits: LocalEdit[];
  sellerPrices: number;
}

/** The shops' accounts in the store, and up to three fully active items per shop for each side. */
export function describeWorld(dataDir: string, random: Random, markets: MarketShop[]): CrashWorld {
  return withStore(dataDir, (store) => {
    const world: CrashWorld = {
      dataDir,
      random,
      shops: [],
      local: [],
      seller: [],
      edits: [],
      sellerPrices: 0,
    };
    markets.forEach((market, shop) => {
      const account = store.read((r) =>
        r.first(
          qb
            .selectFrom('accounts')
            .select('id')
            .where('marketplace', '=', market.marketplace)
            .where('shop_id', '=', market.shop.shopId),
        ),
      )!;
      world.shops.push({ market, accountId: account.id as AccountId });
      const rows = store.read((r) =>
        r.all(
          qb
            .selectFrom('listings')
            .select(['id', 'remote_id', 'remote_variant_id', 'status'])
            .where('account_id', '=', account.id)
            .orderBy('remote_id')
            .orderBy('remote_variant_id'),
        ),
      );
      const items = new Map<string, typeof rows>();
      for (const row of rows) items.set(row.remote_id, [...(items.get(row.remote_id) ?? []), row]);
      const active = [...items.values()].filter((item) => item.every((r) => r.status === 'active'));
      for (const item of active.slice(0, 3)) {
        for (const row of item) {
          world.local.push({
            shop,
            listingId: row.id,
            remoteId: row.remote_id,
            remoteVariantId: row.remote_variant_id,
          });
        }
      }
      for (const item of active.slice(3, 6)) {
        world.seller.push({
          shop,
          units: item.map((row) => ({
            remoteId: row.remote_id,
            remoteVariantId: row.remote_variant_id,
          })),
        });
      }
    });
    return world;
  });
}

/** One round's changes while no engine runs: buyers, carriers, the seller on both sides, time. */
export function mutateWorld(world: CrashWorld, round: number): void {
  const { random } = world;
  for (const { market } of world.shops) {
    market.placeRandomOrders(random.int(0, 2));
    const open = market.cancellable();
    if (open.length > 0 && random.chance(0.4)) market.cancelOrder(random.pick(open));
    const ready = market.shippable();
    if (ready.length > 0 && random.chance(0.5)) market.shipOrder(random.pick(ready));
    // Scheduled status changes fall due; order windows move on.
    market.advance(random.int(5 * 60_000, 2 * HOUR));
  }
  if (random.chance(0.6)) {
    const target = random.pick(world.seller);
    const unit = random.pick(target.units);
    world.shops[target.shop]!.market.sellerEdit(
      unit,
      random.chance(0.5)
        ? { title: `Seller title, round ${round}` }
        : { price: SELLER_PRICES + ++world.sellerPrices },
    );
  }
  withStore(world.dataDir, (store) => {
    for (let count = random.int(1, 2); count > 0; count--) {
      const target = random.pick(world.local);
      const value = LOCAL_PRICES + world.edits.length + 1;
      store.write((w) => {
        const { local_version: version } = w.first(
          qb.selectFrom('listings').select('local_version').where('id', '=', target.listingId),
        )!;
        applyListingEdit(
          w,
          { id: target.listingId, baseVersion: version, changes: { priceMinor: value } },
          () => `crash-edit-${value}`,
        );
      });
      world.edits.push({ ...target, value, round });
    }
  });
}

/** What a shop shows now for one unit. */
function shownUnit(market: MarketShop, unit: UnitRef) {
  return market
    .listings()
    .find(
      (entry) => entry.remoteId === unit.remoteId && entry.remoteVariantId === unit.remoteVariantId,
    );
}

/** Writes that touched one unit (a whole-listing write touches every unit of it). */
function writesOf(market: MarketShop, unit: UnitRef, field: string) {
  return market
    .writes()
    .filter(
      (write) =>
        write.remoteId === unit.remoteId &&
        write.field === field &&
        (write.remoteVariantId === null || write.remoteVariantId === unit.remoteVariantId),
    );
}

/** Per-product sums as a map (a product without rows sums to 0). */
const byProduct = (rows: { product_id: number | null; units: number }[]) =>
  new Map(rows.map((row) => [row.product_id, row.units]));

/**
 * What must hold after the final runs besides store = ground truth, by kind; each list is empty
 * when it holds. One read transaction, so every check sees the same store.
 */
export function crashProblems(world: CrashWorld, r: Reader): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const keys = r
    .all(qb.selectFrom('orders').select(['account_id', 'remote_id']))
    .map((o) => `${o.account_id}/${o.remote_id}`);
  problems.duplicateOrders = keys.filter((key, index) => keys.indexOf(key) !== index);

  // Each local edit's value reached the shop at most once; each listing shows its last edit.
  const last = new Map<number, LocalEdit>();
  problems.editsAppliedTwice = world.edits.flatMap((edit) => {
    last.set(edit.listingId, edit);
    const { market } = world.shops[edit.shop]!;
    const sent = writesOf(market, edit, 'price').filter((w) => w.value === edit.value).length;
    return sent > 1 ? [`${market.label} ${JSON.stringify(edit)} written ${sent} times`] : [];
  });
  problems.lastEditNotShown = [...last.values()].flatMap((edit) => {
    const { market } = world.shops[edit.shop]!;
    const price = shownUnit(market, edit)?.price;
    return price === edit.value
      ? []
      : [
          `${market.label} listing ${edit.listingId}: shop shows ${price}, last edit (round ${edit.round}) ${edit.value}`,
        ];
  });
  problems.editsRefused = r
    .all(
      qb
        .selectFrom('outbox')
        .select(['id', 'listing_id', 'payload', 'last_error'])
        .where('source', '=', 'edit')
        .where('state', '=', 'failed'),
    )
    .map((job) => `job ${job.id} (listing ${job.listing_id}) ${job.payload}: ${job.last_error}`);

  // Nothing waits or is in flight; nothing is in conflict.
  problems.jobsLeft = r
    .all(
      qb
        .selectFrom('outbox')
        .select(['id', 'listing_id', 'kind', 'state', 'last_error', 'not_before'])
        .where('state', 'in', ['pending', 'in_flight', 'conflict']),
    )
    .map((job) => JSON.stringify(job));
  problems.conflicts = r
    .all(
      qb
        .selectFrom('listing_conflicts')
        .select(['listing_id', 'field', 'base', 'mine', 'theirs'])
        .where('kind', '=', 'conflict')
        .where('resolved_at', 'is', null),
    )
    .map((conflict) => JSON.stringify(conflict));

  // Reserved is what open orders hold, per product: in the stock rows and in the order effects.
  const held = byProduct(
    r.all(
      qb
        .selectFrom('order_lines as l')
        .innerJoin('orders as o', 'o.id', 'l.order_id')
        .select((eb) => ['l.product_id', eb.fn.sum<number>('l.quantity').as('units')])
        .where('o.status', 'in', ['unpaid', 'to_ship', 'unknown'])
        .groupBy('l.product_id'),
    ),
  );
  const effects = byProduct(
    r.all(
      qb
        .selectFrom('order_stock_effects')
        .select((eb) => ['product_id', eb.fn.sum<number>('reserved').as('units')])
        .groupBy('product_id'),
    ),
  );
  problems.reserved = r
    .all(
      qb
        .selectFrom('stock')
        .select((eb) => ['product_id', eb.fn.sum<number>('reserved').as('units')])
        .groupBy('product_id'),
    )
    .flatMap((row) => {
      const want = [held.get(row.product_id) ?? 0, effects.get(row.product_id) ?? 0];
      return want.every((units) => units === row.units)
        ? []
        : [
            `product ${row.product_id}: reserved ${row.units}, open lines ${want[0]}, effects ${want[1]}`,
          ];
    });

  // Each shop shows what the rules allow, on every managed listing it lets us update.
  problems.shownQuantity = r
    .all(
      qb
        .selectFrom('listings')
        .select(['id', 'account_id', 'remote_id', 'remote_variant_id', 'quantity', 'sync_state'])
        .where('product_id', 'is not', null)
        .where('status', 'in', ['active', 'inactive']),
    )
    .flatMap((row) => {
      const { market } = world.shops.find((s) => s.accountId === row.account_id)!;
      const unit = { remoteId: row.remote_id, remoteVariantId: row.remote_variant_id };
      const stock = shownUnit(market, unit)?.quantity;
      const allowed = targetQuantity(r, row.id);
      // Stocked by the marketplace (Amazon FBA): not ours to set, and never sent.
      if (allowed === null) {
        const sent = writesOf(market, unit, 'quantity').length;
        return sent === 0
          ? []
          : [
              `${market.label} listing ${row.id}: stock the marketplace keeps was written ${sent} times`,
            ];
      }
      if (stock === allowed) return [];
      // What was queued and what reached the shop, to tell a lost push from a wrong target.
      const jobs = r
        .all(
          qb
            .selectFrom('outbox')
            .select(['id', 'state', 'payload', 'last_error'])
            .where('listing_id', '=', row.id)
            .where('kind', '=', 'listing.quantity'),
        )
        .map((job) => {
          const { values } = parseJson<{ values?: unknown }>(job.payload, {});
          return `${job.id}:${job.state}:${JSON.stringify(values)}${job.last_error ? `:${job.last_error}` : ''}`;
        });
      const writes = writesOf(market, unit, 'quantity').map((w) => String(w.value));
      // The shop's orders of this unit, with the status each side gives them.
      const stored = new Map(
        r
          .all(
            qb
              .selectFrom('orders')
              .select(['remote_id', 'status', 'placed_at'])
              .where('account_id', '=', row.account_id),
          )
          .map((order) => [order.remote_id, order]),
      );
      const orders = market
        .orders()
        .filter((order) => order.lines.some((line) => line.remoteListingId === row.remote_id))
        .map((order) => {
          const mine = stored.get(order.remoteId);
          const units = order.lines.reduce((sum, line) => sum + line.quantity, 0);
          return `${order.remoteId}x${units}:${order.rawStatus ?? order.status}/${mine?.status ?? 'missing'}@${mine?.placed_at ?? '?'}`;
        });
      return [
        `${market.label} listing ${row.id} (${row.remote_id}/${row.remote_variant_id}): shop shows ${stock}, ` +
          `rules allow ${allowed}, store says ${row.quantity} (${row.sync_state}); quantity jobs ${jobs.join(' ')}; ` +
          `stock writes ${writes.join(',')}; orders ${orders.join(' ')}`,
      ];
    });
  // Nothing shows more than stock allows, but where the marketplace refuses the update (an
  // AliExpress product under review): that listing is marked rejected for the seller to see.
  problems.oversellDanger = oversellDanger(r, { limit: 100 })
    .filter((row) => {
      if (row.listingId === null) return true;
      const listing = r.first(
        qb.selectFrom('listings').select('sync_state').where('id', '=', row.listingId),
      );
      return listing?.sync_state !== 'rejected';
    })
    .map((row) => JSON.stringify(row));
  return problems;
}
