/**
 * Orders over the 60 days before `now`. An order is a pure function of (seed, account, order index):
 * its lines re-derive the listings they sold from the listing plan, so totals are exact sums of
 * integer line amounts in the listing's currency. Statuses follow the order's age, the way a real
 * shop's do: yesterday's orders wait to ship, last month's are delivered, a few are overdue.
 */
import type { OrderStatus } from '../../shared/domain.js';
import type { NormalizedOrder, NormalizedOrderLine } from '../../shared/marketplace.js';
import { listingCore } from './listings.js';
import type { ListingPlan } from './plan.js';
import { HEX_DIGITS, Random, scramble, Stream, UPPER_ALPHANUMERIC } from './random.js';
import { orderRaw, rawStatusFor } from './raw-orders.js';
import { DEMO_SITES, type DemoSite } from './sites.js';

export const ORDER_WINDOW_DAYS = 60;
const DAY_SECONDS = 86_400;

/**
 * Splits `total` orders over the shops in proportion to how many listings each has (largest
 * remainder, ties to the lower index), so a shop without listings gets no orders.
 */
export function orderCounts(plan: ListingPlan, total: number): number[] {
  const weights = plan.accounts.map((account) => account.masters.length);
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  if (weightSum === 0) {
    if (total > 0) throw new RangeError('Cannot generate orders: no shop has any listing');
    return weights.map(() => 0);
  }
  const counts = weights.map((weight) => Math.floor((total * weight) / weightSum));
  const remainders = weights
    .map((weight, index) => ({ index, remainder: (total * weight) % weightSum }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  let missing = total - counts.reduce((sum, count) => sum + count, 0);
  for (const { index } of remainders) {
    if (missing === 0) break;
    counts[index] = (counts[index] ?? 0) + 1;
    missing -= 1;
  }
  return counts;
}

function statusForAge(ageDays: number, random: Random): OrderStatus {
  if (ageDays < 1)
    return random.weighted<OrderStatus>([
      ['unpaid', 12],
      ['to_ship', 82],
      ['cancelled', 6],
    ]);
  if (ageDays < 3) {
    return random.weighted<OrderStatus>([
      ['unpaid', 2],
      ['to_ship', 48],
      ['shipped', 45],
      ['cancelled', 5],
    ]);
  }
  if (ageDays < 10) {
    return random.weighted<OrderStatus>([
      ['to_ship', 8],
      ['shipped', 62],
      ['delivered', 20],
      ['cancelled', 6],
      ['returned', 2],
      ['unknown', 2],
    ]);
  }
  return random.weighted<OrderStatus>([
    ['shipped', 10],
    ['delivered', 73],
    ['cancelled', 7],
    ['returned', 7],
    ['unknown', 3],
  ]);
}

/** How long after placing the marketplace last touched the order, by status, in seconds. */
function secondsUntilUpdate(status: OrderStatus, random: Random): number {
  switch (status) {
    case 'unpaid':
    case 'to_ship':
      return random.int(0, 3_600);
    case 'shipped':
      return random.int(DAY_SECONDS / 2, 4 * DAY_SECONDS);
    case 'delivered':
      return random.int(5 * DAY_SECONDS, 15 * DAY_SECONDS);
    case 'cancelled':
      return random.int(600, 2 * DAY_SECONDS);
    case 'returned':
      return random.int(10 * DAY_SECONDS, 30 * DAY_SECONDS);
    case 'unknown':
      return random.int(0, 5 * DAY_SECONDS);
  }
}

/** The order's id in the marketplace's own format; `index` makes it unique within the shop. */
function orderIdFor(site: DemoSite, index: number, placedAt: string, random: Random): string {
  switch (site.marketplace) {
    case 'amazon':
      return `${random.int(111, 114)}-${String(scramble(index, 10_000_000)).padStart(7, '0')}-${random.digits(7)}`;
    case 'ebay': {
      const scrambled = scramble(index, 9_000_000);
      return `${10 + Math.floor(scrambled / 100_000)}-${String(scrambled % 100_000).padStart(5, '0')}-${random.digits(5)}`;
    }
    case 'aliexpress':
      return `8${String(scramble(index, 100_000_000)).padStart(8, '0')}${random.digits(7)}`;
    case 'wish':
      return `${random.characters(HEX_DIGITS, 16)}${scramble(index, 0x1_0000_0000).toString(16).padStart(8, '0')}`;
    case 'shopee': {
      // Shopee order numbers start with the order date, yyMMdd.
      const serial = scramble(index, 36 ** 5)
        .toString(36)
        .toUpperCase()
        .padStart(5, '0');
      const date = `${placedAt.slice(2, 4)}${placedAt.slice(5, 7)}${placedAt.slice(8, 10)}`;
      return `${date}${serial}${random.characters(UPPER_ALPHANUMERIC, 3)}`;
    }
  }
}

function lineIdFor(site: DemoSite, orderId: string, line: number, random: Random): string {
  switch (site.marketplace) {
    case 'amazon':
      return `${random.digits(8)}${String(line + 1).padStart(6, '0')}`;
    case 'ebay':
      return `1${random.digits(9)}${line + 1}`;
    case 'aliexpress':
      return `${orderId.slice(0, 12)}${random.digits(3)}${line + 1}`;
    case 'wish':
      return orderId;
    case 'shopee':
      return `${orderId}-${line + 1}`;
  }
}

export function demoOrder(
  seed: number,
  nowMs: number,
  plan: ListingPlan,
  account: number,
  index: number,
): NormalizedOrder {
  const site = DEMO_SITES[account];
  const units = plan.accounts[account];
  if (!site || !units || units.masters.length === 0) {
    throw new RangeError(`Demo account ${account} has no listings to order from`);
  }
  const random = Random.for(seed, Stream.order, account, index);
  // Whole seconds, strictly inside the window: at least a minute old, at most 60 days less a minute.
  const ageSeconds = random.int(60, ORDER_WINDOW_DAYS * DAY_SECONDS - 60);
  const placedMs = nowMs - ageSeconds * 1000;
  const placedAt = new Date(placedMs).toISOString();
  const { status, raws } = rawStatusFor(
    site.marketplace,
    statusForAge(ageSeconds / DAY_SECONDS, random),
  );
  const rawStatus = random.pick(raws);
  const updatedMs = Math.min(placedMs + secondsUntilUpdate(status, random) * 1000, nowMs);
  const shipBy =
    status === 'unpaid'
      ? null
      : new Date(placedMs + site.handlingDays * DAY_SECONDS * 1000).toISOString();
  const remoteId = orderIdFor(site, index, placedAt, random);

  const lineCount =
    site.marketplace === 'wish'
      ? 1
      : random.weighted<number>([
          [1, 72],
          [2, 18],
          [3, 7],
          [4, 3],
        ]);
  const chosen = new Set<number>();
  // A handful of draws finds distinct listings; a shop with fewer listings simply gets fewer lines.
  for (let attempt = 0; attempt < lineCount * 4 && chosen.size < lineCount; attempt += 1) {
    chosen.add(random.int(0, units.masters.length - 1));
  }
  const lines: NormalizedOrderLine[] = [...chosen].map((unit, line) => {
    const core = listingCore(seed, account, units.masters[unit] ?? 0, units.variants[unit] ?? 0);
    return {
      lineId: lineIdFor(site, remoteId, line, random),
      sku: core.sku,
      remoteListingId: core.remoteId,
      remoteVariantId: core.remoteVariantId === '' ? null : core.remoteVariantId,
      title: core.title,
      quantity: random.weighted<number>([
        [1, 80],
        [2, 14],
        [3, 6],
      ]),
      unitPrice: core.price,
    };
  });
  const totalMinor = lines.reduce(
    (sum, line) => sum + line.unitPrice.amountMinor * line.quantity,
    0,
  );

  const order: NormalizedOrder = {
    remoteId,
    rawStatus,
    status,
    placedAt,
    updatedAt: new Date(updatedMs).toISOString(),
    shipBy,
    // Amazon withholds the address of a Pending (unpaid) order.
    buyerCountry:
      site.marketplace === 'amazon' && status === 'unpaid'
        ? null
        : random.pick(site.buyerCountries),
    total: { amountMinor: totalMinor, currency: site.currency },
    lines,
    raw: null,
  };
  order.raw = orderRaw(site, order);
  return order;
}
