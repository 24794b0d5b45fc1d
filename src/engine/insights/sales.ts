/**
 * Sales per bucket (day, ISO week or month of the seller's zone), split by marketplace, account,
 * buyer country or SKU. SQL sums the summary rows per (day, series, currency) — a few thousand
 * rows whatever the number of orders — and each sum is converted at its day's rate (fx.ts), then
 * added into its bucket. Only sold orders count (to ship, shipped, delivered).
 */
import type { ParsedInputOf } from '../../shared/api/contract.js';
import type {
  OrdersLink,
  SalesInsight,
  SalesSeries,
  SalesSplit,
} from '../../shared/api/types-insights.js';
import type { Marketplace } from '../../shared/domain.js';
import type { Reader } from '../store/connection.js';
import { bucketOf, bucketsOf } from './calendar.js';
import { DayConverter } from './fx.js';
import { SOLD_STATUSES } from './summary.js';
import { channelLink, periodSql, raw, SOLD_SQL } from './filters.js';
import { rankSkus } from './ranking.js';

export interface InsightScope {
  timeZone: string;
  homeCurrency: string;
}

interface SumRow {
  day: string;
  series: string | number;
  currency: string;
  orders: number;
  units: number;
  revenue: number;
}

const SERIES_COLUMN = {
  total: `'total'`,
  marketplace: 'marketplace',
  account: 'account_id',
  country: 'country',
} as const;

function accountNames(r: Reader): Map<string, string> {
  const rows = r.all(
    raw<{ id: number; name: string }>('SELECT id, display_name AS name FROM accounts'),
  );
  return new Map(rows.map((row) => [String(row.id), row.name]));
}

function summedByDay(r: Reader, input: ParsedInputOf<'insights.sales'>): SumRow[] {
  const where = periodSql(input);
  if (input.split !== 'sku') {
    const column = SERIES_COLUMN[input.split];
    return r.all(
      raw<SumRow>(
        `SELECT day, ${column} AS series, currency, sum(orders) AS orders, sum(units) AS units,
           sum(revenue_minor) AS revenue
         FROM insights_days WHERE ${where.sql} AND status IN ${SOLD_SQL}
         GROUP BY day, series, currency`,
        where.parameters,
      ),
    );
  }
  // The best sellers by units, then their days: the second query reads only their rows.
  const skus = rankSkus(r, input, input.seriesLimit);
  if (skus.length === 0) return [];
  return r.all(
    raw<SumRow>(
      `SELECT day, sku AS series, currency, sum(sold_orders) AS orders, sum(sold_units) AS units,
         sum(sold_revenue_minor) AS revenue
       FROM insights_sku_days WHERE ${where.sql} AND sku IN (${skus.map(() => '?').join(', ')})
       GROUP BY day, series, currency`,
      [...where.parameters, ...skus],
    ),
  );
}

export function salesInsight(
  r: Reader,
  scope: InsightScope,
  input: ParsedInputOf<'insights.sales'>,
): SalesInsight {
  const buckets = bucketsOf(input.from, input.to, input.grain, scope.timeZone);
  const index = new Map(buckets.map((bucket, position) => [bucket.key, position]));
  const converter = new DayConverter(r, scope.homeCurrency, input.from, input.to);
  const names = input.split === 'account' ? accountNames(r) : new Map<string, string>();
  const series = new Map<string, SalesSeries>();
  const empty = () => buckets.map(() => 0);
  const totals = { orders: 0, units: 0, revenueMinor: 0 };

  for (const row of summedByDay(r, input)) {
    const key = String(row.series);
    let entry = series.get(key);
    if (!entry) {
      entry = {
        key,
        label: names.get(key) ?? key,
        orders: empty(),
        units: empty(),
        revenueMinor: empty(),
        link: linkOf(input.split, key),
      };
      series.set(key, entry);
    }
    const position = index.get(bucketOf(row.day, input.grain));
    if (position === undefined) continue;
    const converted = converter.convert(row.revenue, row.currency, row.day) ?? 0;
    entry.orders[position]! += row.orders;
    entry.units[position]! += row.units;
    entry.revenueMinor[position]! += converted;
    totals.orders += row.orders;
    totals.units += row.units;
    totals.revenueMinor += converted;
  }

  let list = [...series.values()].sort(
    (a, b) => sum(b.units) - sum(a.units) || a.key.localeCompare(b.key),
  );
  if (input.split === 'country' && list.length > input.seriesLimit) {
    const rest = list.slice(input.seriesLimit - 1);
    const other: SalesSeries = {
      key: 'other',
      label: 'other',
      orders: empty(),
      units: empty(),
      revenueMinor: empty(),
      link: null,
    };
    for (const entry of rest) {
      entry.orders.forEach((value, position) => (other.orders[position]! += value));
      entry.units.forEach((value, position) => (other.units[position]! += value));
      entry.revenueMinor.forEach((value, position) => (other.revenueMinor[position]! += value));
    }
    list = [...list.slice(0, input.seriesLimit - 1), other];
  }
  let conversion = converter.note();
  if (input.split === 'sku') {
    // Orders holding several SKUs count once per SKU; the period's orders come from the day table.
    const whole = salesInsight(r, scope, { ...input, split: 'total' });
    totals.orders = whole.totals.orders;
    totals.units = whole.totals.units;
    totals.revenueMinor = whole.totals.revenue.amountMinor;
    conversion = whole.conversion;
  }
  return {
    from: input.from,
    to: input.to,
    timeZone: scope.timeZone,
    grain: input.grain,
    split: input.split,
    buckets,
    series: list,
    totals: {
      orders: totals.orders,
      units: totals.units,
      revenue: { amountMinor: totals.revenueMinor, currency: scope.homeCurrency },
    },
    conversion,
  };

  /** The orders behind a series: sold orders of its channel, shop or SKU (countries: channel). */
  function linkOf(split: SalesSplit, key: string): SalesSeries['link'] {
    const base = {
      ...channelLink(input),
      statuses: [...SOLD_STATUSES] as NonNullable<OrdersLink['statuses']>,
    };
    if (split === 'marketplace') return { ...base, marketplaces: [key as Marketplace] };
    if (split === 'account') return { ...base, accountIds: [Number(key)] };
    return split === 'sku' ? { ...base, search: key } : base;
  }
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
