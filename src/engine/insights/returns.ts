/**
 * Returns and cancellations beside sales, per bucket and per marketplace, counted in orders (an
 * order's status is the order's, not a line's) with the value of their lines in the home currency.
 * Orders placed in a bucket are counted in it, whatever day they were later cancelled or returned.
 */
import type { ParsedInputOf } from '../../shared/api/contract.js';
import type { ReturnsBucket, ReturnsInsight } from '../../shared/api/types-insights.js';
import type { Marketplace } from '../../shared/domain.js';
import type { Reader } from '../store/connection.js';
import { bucketOf, bucketsOf } from './calendar.js';
import { DayConverter } from './fx.js';
import { periodSql, raw } from './filters.js';
import type { InsightScope } from './sales.js';

const emptyBucket = (): ReturnsBucket => ({
  sold: 0,
  cancelled: 0,
  returned: 0,
  cancelledRevenueMinor: 0,
  returnedRevenueMinor: 0,
});

function add(target: ReturnsBucket, status: string, orders: number, revenue: number): void {
  if (status === 'cancelled') {
    target.cancelled += orders;
    target.cancelledRevenueMinor += revenue;
  } else if (status === 'returned') {
    target.returned += orders;
    target.returnedRevenueMinor += revenue;
  } else {
    target.sold += orders;
  }
}

export function returnsInsight(
  r: Reader,
  scope: InsightScope,
  input: ParsedInputOf<'insights.returns'>,
): ReturnsInsight {
  const buckets = bucketsOf(input.from, input.to, input.grain, scope.timeZone);
  const index = new Map(buckets.map((bucket, position) => [bucket.key, position]));
  const byBucket = buckets.map(emptyBucket);
  const byMarketplace = new Map<Marketplace, ReturnsBucket>();
  const converter = new DayConverter(r, scope.homeCurrency, input.from, input.to);
  const where = periodSql(input);
  const rows = r.all(
    raw<{
      day: string;
      marketplace: Marketplace;
      status: string;
      currency: string;
      orders: number;
      revenue: number;
    }>(
      `SELECT day, marketplace, status, currency, sum(orders) AS orders, sum(revenue_minor) AS revenue
       FROM insights_days
       WHERE ${where.sql} AND status IN ('to_ship', 'shipped', 'delivered', 'cancelled', 'returned')
       GROUP BY day, marketplace, status, currency`,
      where.parameters,
    ),
  );
  for (const row of rows) {
    const position = index.get(bucketOf(row.day, input.grain));
    if (position === undefined) continue;
    const revenue =
      row.status === 'cancelled' || row.status === 'returned'
        ? (converter.convert(row.revenue, row.currency, row.day) ?? 0)
        : 0;
    add(byBucket[position]!, row.status, row.orders, revenue);
    let channel = byMarketplace.get(row.marketplace);
    if (!channel) {
      channel = emptyBucket();
      byMarketplace.set(row.marketplace, channel);
    }
    add(channel, row.status, row.orders, revenue);
  }
  return {
    from: input.from,
    to: input.to,
    grain: input.grain,
    buckets,
    byBucket,
    byMarketplace: [...byMarketplace]
      .map(([marketplace, values]) => ({ marketplace, ...values }))
      .sort((a, b) => a.marketplace.localeCompare(b.marketplace)),
    conversion: converter.note(),
  };
}
