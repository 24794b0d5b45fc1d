/**
 * Margin per SKU, per marketplace and per shop. Revenue is the sold lines' value at each day's
 * rate; cost of goods is the product's recorded unit cost (carried by the summary, kept current by
 * a trigger on products) × units, converted at the period's last day's rate (a purchase cost, not
 * a sale of that day). Fees are estimated from the seller's price rules (fees.ts); a shop without
 * one has unknown fees. `marginBeforeFees` is given only when every unit sold has a known cost,
 * `margin` only when its fees are known too.
 */
import type { ParsedInputOf } from '../../shared/api/contract.js';
import type { MarginInsight, MarginRow } from '../../shared/api/types-insights.js';
import type { Money } from '../../shared/money.js';
import type { Reader } from '../store/connection.js';
import { periodRange } from './calendar.js';
import { readShops, ShopFees, type FeeTally, type Shop } from './fees.js';
import { DayConverter } from './fx.js';
import { periodSql, raw, SOLD_SQL } from './filters.js';
import type { InsightScope } from './sales.js';
import { topSkus } from './skus.js';

interface CostRow {
  cost_currency: string | null;
  cost: number | null;
  units: number;
}

interface Tally extends FeeTally {
  units: number;
  revenue: number | null;
  cost: number | null;
  unitsWithoutCost: number;
}

const newTally = (units = 0): Tally => ({
  units,
  revenue: null,
  cost: null,
  unitsWithoutCost: 0,
  fees: null,
  unitsWithoutFees: 0,
});

type Convert = (amountMinor: number, currency: string, day: string) => number | null;

function addCost(tally: Tally, row: CostRow, convert: Convert, day: string): void {
  if (row.cost_currency === null || row.cost === null) {
    tally.unitsWithoutCost += row.units;
    return;
  }
  const converted = convert(row.cost, row.cost_currency, day);
  if (converted === null) tally.unitsWithoutCost += row.units;
  else tally.cost = (tally.cost ?? 0) + converted;
}

function toMarginRow(
  key: string,
  label: string,
  tally: Tally,
  home: string,
  fixedFeesIncluded: boolean,
): MarginRow {
  const money = (amount: number | null): Money | null =>
    amount === null ? null : { amountMinor: amount, currency: home };
  const beforeFees =
    tally.unitsWithoutCost === 0 && tally.cost !== null && tally.revenue !== null
      ? tally.revenue - tally.cost
      : null;
  const feesKnown = tally.unitsWithoutFees === 0 && tally.fees !== null;
  return {
    key,
    label,
    units: tally.units,
    revenue: money(tally.revenue),
    cost: money(tally.cost),
    unitsWithoutCost: tally.unitsWithoutCost,
    fees: money(tally.fees),
    unitsWithoutFees: tally.unitsWithoutFees,
    fixedFeesIncluded,
    margin: beforeFees !== null && feesKnown ? money(beforeFees - tally.fees!) : null,
    marginBeforeFees: money(beforeFees),
  };
}

/** Most units first, then by key. */
const byUnits = (a: MarginRow, b: MarginRow) => b.units - a.units || a.key.localeCompare(b.key);

/** The best sellers' margins; their fees are the fee share only (see MarginRow). */
/** An amount summed per (key, day, currency): each sum is converted once, at its day's rate. */
interface DaySum {
  key: string;
  day: string;
  currency: string;
  sum: number;
}

function addDaySum(
  sums: Map<string, DaySum>,
  row: { day: string; currency: string },
  key: string,
  amount: number,
): void {
  const id = `${key} ${row.day} ${row.currency}`;
  const entry = sums.get(id) ?? { key, day: row.day, currency: row.currency, sum: 0 };
  entry.sum += amount;
  sums.set(id, entry);
}

function skuRows(
  r: Reader,
  converter: DayConverter,
  fees: ShopFees,
  input: ParsedInputOf<'insights.margin'>,
  home: string,
): MarginRow[] {
  const top = topSkus(r, input, input.limit);
  if (top.length === 0) return [];
  const days = periodSql(input);
  const marks = top.map(() => '?').join(', ');
  const skus = top.map((row) => row.sku);
  const tallies = new Map(top.map((row) => [row.sku, newTally(row.units)]));
  // Revenue per (SKU, day, currency) is converted once, as the SKU insight converts it; the fee
  // share is taken per shop, whose rule sets it.
  const revenue = new Map<string, DaySum>();
  const sales = r.all(
    raw<{
      sku: string;
      account_id: number;
      day: string;
      currency: string;
      units: number;
      revenue: number;
    }>(
      `SELECT sku, account_id, day, currency, sum(sold_units) AS units,
         sum(sold_revenue_minor) AS revenue
       FROM insights_sku_days WHERE ${days.sql} AND sku IN (${marks}) AND sold_units > 0
       GROUP BY sku, account_id, day, currency`,
      [...days.parameters, ...skus],
    ),
  );
  for (const row of sales) {
    addDaySum(revenue, row, row.sku, row.revenue);
    const tally = tallies.get(row.sku)!;
    fees.add(
      {
        accountId: row.account_id,
        day: row.day,
        currency: row.currency,
        units: row.units,
        revenueMinor: row.revenue,
      },
      [tally],
    );
  }
  // The marketplace rows convert (and note) every sale and cost; a SKU's share is not noted again.
  for (const entry of revenue.values()) {
    const converted = converter.convertAgain(entry.sum, entry.currency, entry.day);
    const tally = tallies.get(entry.key)!;
    if (converted !== null) tally.revenue = (tally.revenue ?? 0) + converted;
  }
  const costs = r.all(
    raw<CostRow & { key: string }>(
      `SELECT sku AS key, cost_currency, sum(sold_units * cost_minor) AS cost,
         sum(sold_units) AS units
       FROM insights_sku_days
       WHERE ${days.sql} AND sku IN (${marks})
       GROUP BY sku, cost_currency`,
      [...days.parameters, ...skus],
    ),
  );
  const convert = converter.convertAgain.bind(converter);
  for (const row of costs) addCost(tallies.get(row.key)!, row, convert, input.to);
  return top.map((row) =>
    toMarginRow(row.sku, row.title ?? row.sku, tallies.get(row.sku)!, home, false),
  );
}

export function marginInsight(
  r: Reader,
  scope: InsightScope,
  input: ParsedInputOf<'insights.margin'>,
): MarginInsight {
  const home = scope.homeCurrency;
  const converter = new DayConverter(r, home, input.from, input.to);
  const shops = readShops(r);
  const skuFees = new ShopFees(shops, converter);
  const bySku = skuRows(r, converter, skuFees, input, home);
  const days = periodSql(input);

  const markets = new Map<string, Tally>();
  const shopTallies = new Map<number, Tally>();
  const marketOf = (key: string) => {
    let tally = markets.get(key);
    if (!tally) markets.set(key, (tally = newTally()));
    return tally;
  };
  const shopOf = (id: number) => {
    let tally = shopTallies.get(id);
    if (!tally) shopTallies.set(id, (tally = newTally()));
    return tally;
  };
  const fees = new ShopFees(shops, converter);
  const sales = r.all(
    raw<{
      account_id: number;
      marketplace: string;
      day: string;
      currency: string;
      orders: number;
      units: number;
      revenue: number;
    }>(
      `SELECT account_id, marketplace, day, currency, sum(orders) AS orders, sum(units) AS units,
         sum(revenue_minor) AS revenue
       FROM insights_days WHERE ${days.sql} AND status IN ${SOLD_SQL}
       GROUP BY account_id, marketplace, day, currency`,
      days.parameters,
    ),
  );
  // A marketplace's revenue is converted per (day, currency) sum over its shops, as before shops
  // were told apart; each shop's own sum is converted for its row (not noted twice).
  const marketRevenue = new Map<string, DaySum>();
  for (const row of sales) {
    const market = marketOf(row.marketplace);
    const shop = shopOf(row.account_id);
    market.units += row.units;
    shop.units += row.units;
    addDaySum(marketRevenue, row, row.marketplace, row.revenue);
    const converted = converter.convertAgain(row.revenue, row.currency, row.day);
    if (converted !== null) shop.revenue = (shop.revenue ?? 0) + converted;
    fees.add(
      {
        accountId: row.account_id,
        day: row.day,
        currency: row.currency,
        units: row.units,
        revenueMinor: row.revenue,
        orders: row.orders,
      },
      [shop, market],
    );
  }
  fees.chargeFixedFees();
  for (const entry of marketRevenue.values()) {
    const converted = converter.convert(entry.sum, entry.currency, entry.day);
    const market = marketOf(entry.key);
    if (converted !== null) market.revenue = (market.revenue ?? 0) + converted;
  }

  // Cost of goods per (day, shop, cost currency) is kept by triggers (migration
  // insights_rollups): a few rows per day, not one per SKU sold. Units without a cost have a null
  // currency (stored as '') and are counted, not guessed.
  const costs = r.all(
    raw<CostRow & { account_id: number; marketplace: string }>(
      `SELECT account_id, marketplace, nullif(cost_currency, '') AS cost_currency,
         CASE WHEN sum(costed_rows) > 0 THEN sum(cost_minor) END AS cost, sum(sold_units) AS units
       FROM insights_cost_days WHERE ${days.sql}
       GROUP BY account_id, marketplace, cost_currency HAVING sum(sold_units) > 0`,
      days.parameters,
    ),
  );
  const marketCosts = new Map<string, CostRow & { key: string }>();
  for (const row of costs) {
    addCost(shopOf(row.account_id), row, converter.convertAgain.bind(converter), input.to);
    const key = `${row.marketplace} ${row.cost_currency ?? ''}`;
    const entry = marketCosts.get(key) ?? {
      key: row.marketplace,
      cost_currency: row.cost_currency,
      cost: null,
      units: 0,
    };
    entry.units += row.units;
    if (row.cost !== null) entry.cost = (entry.cost ?? 0) + row.cost;
    marketCosts.set(key, entry);
  }
  const convert = converter.convert.bind(converter);
  for (const entry of marketCosts.values()) addCost(marketOf(entry.key), entry, convert, input.to);

  const shopLabel = (id: number, shop: Shop | undefined) => shop?.name ?? `#${id}`;
  return {
    from: input.from,
    to: input.to,
    ...periodRange(input, scope.timeZone),
    bySku,
    byMarketplace: [...markets]
      .map(([key, tally]) => toMarginRow(key, key, tally, home, true))
      .sort(byUnits),
    byShop: [...shopTallies]
      .map(([id, tally]) =>
        toMarginRow(String(id), shopLabel(id, shops.get(id)), tally, home, true),
      )
      .sort(byUnits),
    shopsWithoutRule: fees.shopsWithoutRule(),
    conversion: converter.note(),
  };
}
