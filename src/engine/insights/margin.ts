/**
 * Margin per SKU and per marketplace. Revenue is the sold lines' value at each day's rate; cost of
 * goods is the product's recorded unit cost (carried by the summary, kept current by a trigger on
 * products) × units, converted at the period's last day's rate (a
 * purchase cost, not a sale of that day). Marketplace fees are not in the store, so `fees` and the
 * full `margin` stay null — unknown, not zero — and `marginBeforeFees` is given only when every
 * unit sold has a known cost.
 */
import type { ParsedInputOf } from '../../shared/api/contract.js';
import type { MarginInsight, MarginRow } from '../../shared/api/types-insights.js';
import type { Money } from '../../shared/money.js';
import type { Reader } from '../store/connection.js';
import { periodRange } from './calendar.js';
import { DayConverter } from './fx.js';
import { periodSql, raw, SOLD_SQL } from './filters.js';
import type { InsightScope } from './sales.js';
import { revenueOfSkus, topSkus } from './skus.js';

interface CostRow {
  key: string;
  cost_currency: string | null;
  cost: number | null;
  units: number;
}

interface Tally {
  units: number;
  revenue: number | null;
  cost: number | null;
  unitsWithoutCost: number;
}

function addCost(tally: Tally, row: CostRow, converter: DayConverter, day: string): void {
  if (row.cost_currency === null || row.cost === null) {
    tally.unitsWithoutCost += row.units;
    return;
  }
  const converted = converter.convert(row.cost, row.cost_currency, day);
  if (converted === null) tally.unitsWithoutCost += row.units;
  else tally.cost = (tally.cost ?? 0) + converted;
}

function toMarginRow(key: string, label: string, tally: Tally, home: string): MarginRow {
  const money = (amount: number | null): Money | null =>
    amount === null ? null : { amountMinor: amount, currency: home };
  const complete = tally.unitsWithoutCost === 0 && tally.cost !== null && tally.revenue !== null;
  return {
    key,
    label,
    units: tally.units,
    revenue: money(tally.revenue),
    cost: money(tally.cost),
    unitsWithoutCost: tally.unitsWithoutCost,
    fees: null,
    margin: null,
    marginBeforeFees: complete ? money(tally.revenue! - tally.cost!) : null,
  };
}

export function marginInsight(
  r: Reader,
  scope: InsightScope,
  input: ParsedInputOf<'insights.margin'>,
): MarginInsight {
  const converter = new DayConverter(r, scope.homeCurrency, input.from, input.to);
  const days = periodSql(input);

  const top = topSkus(r, input, input.limit);
  const revenue = revenueOfSkus(
    r,
    converter,
    input,
    top.map((row) => row.sku),
  );
  const skuCosts = new Map<string, CostRow[]>();
  if (top.length > 0) {
    const rows = r.all(
      raw<CostRow>(
        `SELECT sku AS key, cost_currency, sum(sold_units * cost_minor) AS cost,
           sum(sold_units) AS units
         FROM insights_sku_days
         WHERE ${days.sql} AND sku IN (${top.map(() => '?').join(', ')})
         GROUP BY sku, cost_currency`,
        [...days.parameters, ...top.map((row) => row.sku)],
      ),
    );
    for (const row of rows) skuCosts.set(row.key, [...(skuCosts.get(row.key) ?? []), row]);
  }
  const bySku = top.map((row) => {
    const tally: Tally = {
      units: row.units,
      revenue: revenue.get(row.sku) ?? null,
      cost: null,
      unitsWithoutCost: 0,
    };
    for (const cost of skuCosts.get(row.sku) ?? []) addCost(tally, cost, converter, input.to);
    return toMarginRow(row.sku, row.title ?? row.sku, tally, scope.homeCurrency);
  });

  const channels = new Map<string, Tally>();
  const tallyOf = (key: string) => {
    let tally = channels.get(key);
    if (!tally) {
      tally = { units: 0, revenue: null, cost: null, unitsWithoutCost: 0 };
      channels.set(key, tally);
    }
    return tally;
  };
  const sales = r.all(
    raw<{ key: string; day: string; currency: string; units: number; revenue: number }>(
      `SELECT marketplace AS key, day, currency, sum(units) AS units, sum(revenue_minor) AS revenue
       FROM insights_days WHERE ${days.sql} AND status IN ${SOLD_SQL}
       GROUP BY marketplace, day, currency`,
      days.parameters,
    ),
  );
  for (const row of sales) {
    const tally = tallyOf(row.key);
    tally.units += row.units;
    const converted = converter.convert(row.revenue, row.currency, row.day);
    if (converted !== null) tally.revenue = (tally.revenue ?? 0) + converted;
  }
  // Cost of goods per (day, shop, cost currency) is kept by triggers (migration
  // insights_rollups): a few rows per day, not one per SKU sold. Units without a cost have a null
  // currency (stored as '') and are counted, not guessed.
  const costs = r.all(
    raw<CostRow>(
      `SELECT marketplace AS key, nullif(cost_currency, '') AS cost_currency,
         CASE WHEN sum(costed_rows) > 0 THEN sum(cost_minor) END AS cost, sum(sold_units) AS units
       FROM insights_cost_days WHERE ${days.sql}
       GROUP BY marketplace, cost_currency HAVING sum(sold_units) > 0`,
      days.parameters,
    ),
  );
  for (const row of costs) addCost(tallyOf(row.key), row, converter, input.to);

  return {
    from: input.from,
    to: input.to,
    ...periodRange(input, scope.timeZone),
    bySku,
    byMarketplace: [...channels]
      .map(([key, tally]) => toMarginRow(key, key, tally, scope.homeCurrency))
      .sort((a, b) => b.units - a.units || a.key.localeCompare(b.key)),
    conversion: converter.note(),
  };
}
