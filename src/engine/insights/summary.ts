/**
 * Keeps the insights summaries (migration insights_summaries) current. Triggers on orders and
 * order_lines note the UTC hours whose orders changed; `refreshSummaries` re-aggregates the local
 * days those hours touch, each day from its exact UTC range (calendar.ts), so DST days and
 * half-hour zones are cut right. A summary built for another time zone (or never built) is rebuilt
 * whole. Runs inside the caller's write transaction: a failure leaves the summaries as they were.
 */
import { createLogger } from '../../shared/log.js';
import type { Reader, Writer } from '../store/connection.js';
import { addDays, dayStartIso, daysOf, localDay } from './calendar.js';
import { raw as rawQuery } from './filters.js';

const log = createLogger('insights');

/** Order statuses that count as sales: paid and not undone. */
export const SOLD_STATUSES = ['to_ship', 'shipped', 'delivered'] as const;
const SOLD = `('to_ship', 'shipped', 'delivered')`;

const raw = <Row>(text: string, ...parameters: unknown[]) => rawQuery<Row>(text, parameters);

const DAY_SQL = `
INSERT INTO insights_days (day, account_id, marketplace, country, currency, status, orders, units, revenue_minor)
SELECT ?, o.account_id, o.marketplace, ifnull(o.buyer_country, ''), o.currency, o.status, count(*),
  sum(ifnull((SELECT sum(l.quantity) FROM order_lines l WHERE l.order_id = o.id), 0)),
  sum(ifnull((SELECT sum(l.quantity * l.unit_price_minor) FROM order_lines l WHERE l.order_id = o.id), 0))
FROM orders o
WHERE o.placed_at >= ? AND o.placed_at < ?
GROUP BY o.account_id, o.marketplace, ifnull(o.buyer_country, ''), o.currency, o.status`;

const SKU_SQL = `
INSERT INTO insights_sku_days (day, sku, account_id, marketplace, currency, product_id, cost_minor,
  cost_currency, sold_orders, sold_units, sold_revenue_minor, cancelled_units, returned_units)
SELECT ?, l.sku, o.account_id, o.marketplace, l.currency, max(l.product_id),
  max(p.cost_minor), max(p.cost_currency),
  count(DISTINCT CASE WHEN o.status IN ${SOLD} THEN o.id END),
  sum(CASE WHEN o.status IN ${SOLD} THEN l.quantity ELSE 0 END),
  sum(CASE WHEN o.status IN ${SOLD} THEN l.quantity * l.unit_price_minor ELSE 0 END),
  sum(CASE WHEN o.status = 'cancelled' THEN l.quantity ELSE 0 END),
  sum(CASE WHEN o.status = 'returned' THEN l.quantity ELSE 0 END)
FROM orders o JOIN order_lines l ON l.order_id = o.id LEFT JOIN products p ON p.id = l.product_id
WHERE o.placed_at >= ? AND o.placed_at < ?
GROUP BY l.sku, o.account_id, o.marketplace, l.currency`;

function aggregateDay(w: Writer, day: string, zone: string): void {
  const from = dayStartIso(day, zone);
  const to = dayStartIso(addDays(day, 1), zone);
  w.run(raw('DELETE FROM insights_days WHERE day = ?', day));
  w.run(raw('DELETE FROM insights_sku_days WHERE day = ?', day));
  w.run(raw(DAY_SQL, day, from, to));
  w.run(raw(SKU_SQL, day, from, to));
}

/** The time zone the summaries were cut in, or null when they were never built. */
export function summaryZone(r: Reader): string | null {
  return (
    r.first(raw<{ time_zone: string }>('SELECT time_zone FROM insights_state WHERE id = 1'))
      ?.time_zone ?? null
  );
}

/** True when a refresh has work to do (a cheap read, so readers can skip the write). */
export function summariesStale(r: Reader, zone: string): boolean {
  if (summaryZone(r) !== zone) return true;
  return r.first(raw<{ one: number }>('SELECT 1 AS one FROM insights_dirty LIMIT 1')) !== undefined;
}

function rebuild(w: Writer, zone: string): number {
  // The roll-ups follow insights_sku_days by triggers; emptied first, the triggers that take each
  // deleted row away find nothing to change.
  w.run(raw('DELETE FROM insights_sku_totals'));
  w.run(raw('DELETE FROM insights_cost_days'));
  w.run(raw('DELETE FROM insights_days'));
  w.run(raw('DELETE FROM insights_sku_days'));
  w.run(raw('DELETE FROM insights_dirty'));
  const range = w.first(
    raw<{ first: string | null; last: string | null }>(
      'SELECT min(placed_at) AS first, max(placed_at) AS last FROM orders',
    ),
  );
  let days = 0;
  if (range?.first && range.last) {
    for (const day of daysOf(
      localDay(Date.parse(range.first), zone),
      localDay(Date.parse(range.last), zone),
    )) {
      aggregateDay(w, day, zone);
      days++;
    }
  }
  w.run(
    raw(
      `INSERT INTO insights_state (id, time_zone, built_at) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET time_zone = excluded.time_zone, built_at = excluded.built_at`,
      zone,
      w.now(),
    ),
  );
  return days;
}

/**
 * Brings the summaries up to date for `zone`; returns how many local days were re-aggregated.
 * Cheap when nothing changed (one indexed read).
 */
export function refreshSummaries(w: Writer, zone: string): number {
  if (summaryZone(w) !== zone) {
    const days = rebuild(w, zone);
    log.info('Insights summaries rebuilt', { zone, days });
    return days;
  }
  const hours = w.all(raw<{ hour: string }>('SELECT hour FROM insights_dirty'));
  if (hours.length === 0) return 0;
  const days = new Set<string>();
  for (const { hour } of hours) {
    const start = Date.parse(`${hour}:00:00.000Z`);
    if (Number.isNaN(start)) continue;
    // An hour lies in one local day, or two in zones whose offset is not whole hours.
    days.add(localDay(start, zone));
    days.add(localDay(start + 3_599_999, zone));
  }
  for (const day of days) aggregateDay(w, day, zone);
  w.run(raw('DELETE FROM insights_dirty'));
  return days.size;
}
