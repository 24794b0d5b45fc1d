/**
 * Best and worst sellers of a period, ranked by units sold (a count, exact in every currency).
 * The bottom list is taken over SKUs with an active listing in the chosen channels, so a SKU that
 * sold nothing at all ranks first there: that is the one to reprice or drop. Revenue is then summed
 * per (SKU, day, currency) for the listed rows only and converted at each day's rate.
 */
import type { ParsedInputOf } from '../../shared/api/contract.js';
import type { SkuInsight, SkuInsightRow } from '../../shared/api/types-insights.js';
import type { Reader } from '../store/connection.js';
import { periodRange } from './calendar.js';
import { DayConverter } from './fx.js';
import { channelSql, periodSql, raw, type PeriodFilter } from './filters.js';
import { rankSkus } from './ranking.js';
import type { InsightScope } from './sales.js';

interface RankRow {
  sku: string;
  product_id: number | null;
  title: string | null;
  units: number;
  orders: number;
  cancelled: number;
  returned: number;
}

const TOTALS = `max(product_id) AS product_id, sum(sold_units) AS units, sum(sold_orders) AS orders,
  sum(cancelled_units) AS cancelled, sum(returned_units) AS returned`;

/** Home-currency revenue of `skus` over the period, converted per day. */
export function revenueOfSkus(
  r: Reader,
  converter: DayConverter,
  filter: PeriodFilter,
  skus: readonly string[],
): Map<string, number | null> {
  const revenue = new Map<string, number | null>();
  if (skus.length === 0) return revenue;
  const where = periodSql(filter);
  const rows = r.all(
    raw<{ sku: string; day: string; currency: string; revenue: number }>(
      `SELECT sku, day, currency, sum(sold_revenue_minor) AS revenue FROM insights_sku_days
       WHERE ${where.sql} AND sku IN (${skus.map(() => '?').join(', ')})
       GROUP BY sku, day, currency`,
      [...where.parameters, ...skus],
    ),
  );
  for (const row of rows) {
    const converted = converter.convert(row.revenue, row.currency, row.day);
    const before = revenue.get(row.sku);
    if (converted === null) {
      if (before === undefined) revenue.set(row.sku, null);
    } else {
      revenue.set(row.sku, (before ?? 0) + converted);
    }
  }
  return revenue;
}

function toRow(row: RankRow, revenue: Map<string, number | null>, home: string): SkuInsightRow {
  const amount = revenue.get(row.sku);
  return {
    sku: row.sku,
    productId: row.product_id,
    title: row.title,
    units: row.units,
    orders: row.orders,
    revenue: amount === null ? null : { amountMinor: amount ?? 0, currency: home },
    cancelledUnits: row.cancelled,
    returnedUnits: row.returned,
  };
}

/** The best sellers by units (ranking.ts), then the few ranked SKUs' other sums. */
export function topSkus(r: Reader, filter: PeriodFilter, limit: number): RankRow[] {
  const where = periodSql(filter);
  const skus = rankSkus(r, filter, limit);
  if (skus.length === 0) return [];
  return r.all(
    raw<RankRow>(
      `SELECT s.*, p.title AS title FROM (
         SELECT sku, ${TOTALS} FROM insights_sku_days
         WHERE ${where.sql} AND sku IN (${skus.map(() => '?').join(', ')}) GROUP BY sku
       ) s LEFT JOIN products p ON p.id = s.product_id ORDER BY s.units DESC, s.sku`,
      [...where.parameters, ...skus],
    ),
  );
}

/**
 * Listed SKUs that sold least: first those with no sale at all in the period (walking the
 * listings' SKU index and probing the summary's SKU index, so it stops after `limit`), then, if
 * too few, the lowest sellers that are listed.
 */
function bottomSkus(r: Reader, filter: PeriodFilter, limit: number): RankRow[] {
  const onListings = channelSql(filter, 'l');
  const sold = channelSql(filter, 's');
  const unsold = r.all(
    raw<RankRow>(
      `SELECT u.sku, u.product_id, p.title AS title, 0 AS units, 0 AS orders, 0 AS cancelled,
         0 AS returned
       FROM (
         SELECT l.sku, max(l.product_id) AS product_id FROM listings l INDEXED BY listings_sku
         WHERE l.status = 'active' AND l.sku <> ''${onListings.sql}
           AND NOT EXISTS (
             SELECT 1 FROM insights_sku_days s
             WHERE s.sku = l.sku AND s.day >= ? AND s.day <= ? AND s.sold_units > 0${sold.sql})
         GROUP BY l.sku ORDER BY l.sku LIMIT ?
       ) u LEFT JOIN products p ON p.id = u.product_id ORDER BY u.sku`,
      [...onListings.parameters, filter.from, filter.to, ...sold.parameters, limit],
    ),
  );
  if (unsold.length >= limit) return unsold;
  const where = periodSql(filter, 's');
  const lowest = r.all(
    raw<RankRow>(
      `SELECT s.sku, max(s.product_id) AS product_id, max(p.title) AS title,
         sum(s.sold_units) AS units, sum(s.sold_orders) AS orders,
         sum(s.cancelled_units) AS cancelled, sum(s.returned_units) AS returned
       FROM insights_sku_days s LEFT JOIN products p ON p.id = s.product_id
       WHERE ${where.sql} AND s.sku IN (
         SELECT l.sku FROM listings l WHERE l.status = 'active'${onListings.sql})
       GROUP BY s.sku HAVING sum(s.sold_units) > 0 ORDER BY units, s.sku LIMIT ?`,
      [...where.parameters, ...onListings.parameters, limit - unsold.length],
    ),
  );
  return [...unsold, ...lowest];
}

export function skuInsight(
  r: Reader,
  scope: InsightScope,
  input: ParsedInputOf<'insights.skus'>,
): SkuInsight {
  const converter = new DayConverter(r, scope.homeCurrency, input.from, input.to);
  const top = topSkus(r, input, input.limit);
  const bottom = bottomSkus(r, input, input.limit);
  const revenue = revenueOfSkus(r, converter, input, [
    ...new Set([...top, ...bottom].filter((row) => row.units > 0).map((row) => row.sku)),
  ]);
  return {
    from: input.from,
    to: input.to,
    ...periodRange(input, scope.timeZone),
    top: top.map((row) => toRow(row, revenue, scope.homeCurrency)),
    bottom: bottom.map((row) => toRow(row, revenue, scope.homeCurrency)),
    conversion: converter.note(),
  };
}
