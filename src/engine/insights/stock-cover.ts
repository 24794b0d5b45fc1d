/**
 * Stock cover: how many days the available stock (on hand − reserved, over every warehouse) lasts
 * at the velocity of the last `windowDays` (units sold ÷ days, today included), and the reorder
 * point = velocity × lead time + safety stock, the safety stock being `safetyDays` of the same
 * velocity. Comparisons are made in integers (available × window against units × days) so that a
 * SKU is never on the wrong side of its reorder point by a rounding.
 */
import type { ParsedInputOf } from '../../shared/api/contract.js';
import type { StockCoverInsight, StockCoverRow } from '../../shared/api/types-insights.js';
import type { Reader } from '../store/connection.js';
import { addDays, localDay } from './calendar.js';
import { channelSql, raw, summaryIndex } from './filters.js';

interface CoverRow {
  id: number;
  sku: string;
  title: string;
  units: number;
  on_hand: number;
  reserved: number;
}

/** ⌈units × days ÷ window⌉ in integers. */
export function reorderPointOf(units: number, window: number, days: number): number {
  return Math.floor((units * days + window - 1) / window);
}

export function stockCoverInsight(
  r: Reader,
  timeZone: string,
  input: ParsedInputOf<'insights.stockCover'>,
): StockCoverInsight {
  const asOf = localDay(Date.parse(r.now()), timeZone);
  const first = addDays(asOf, 1 - input.windowDays);
  const channel = channelSql(input);
  const cover = input.leadTimeDays + input.safetyDays;
  // One pass over the window's summary rows (materialised once); the soonest run-outs among SKUs
  // still in stock (those already out are counted, not listed) and the counts over every SKU come
  // out of it together, so only `limit` + 1 rows leave SQL. The run-outs are first cut by cover
  // alone to those no later than the limit-th soonest (ties kept), so only those few read their
  // product row for the SKU that breaks ties, and their stock apart (the counts need only on hand
  // − reserved, one read per SKU). Counts compare in integers:
  // available ≤ ⌈units × days ÷ window⌉, and cover ≤ lead time.
  const window = input.windowDays;
  const rows = r.all(
    raw<CoverRow & { reorder: number; run_out: number; out_of_stock: number }>(
      `WITH v AS MATERIALIZED (
         SELECT v.product_id, v.units,
           ifnull((SELECT sum(on_hand - reserved) FROM stock WHERE product_id = v.product_id), 0)
             AS net
         FROM (
           SELECT product_id, sum(sold_units) AS units
           FROM insights_sku_days ${summaryIndex(r, { from: first, to: asOf }, 'product')}
           WHERE product_id IS NOT NULL AND day >= ? AND day <= ?${channel.sql}
           GROUP BY product_id HAVING sum(sold_units) > 0
         ) v
       ), c AS (
         SELECT *, max(net, 0) AS available FROM v
       ), edge AS (
         SELECT available * 1.0 / units AS cover FROM c WHERE available > 0
         ORDER BY cover LIMIT 1 OFFSET ?
       )
       SELECT * FROM (
         SELECT p.id, p.sku, p.title, c.units,
           ifnull((SELECT sum(on_hand) FROM stock WHERE product_id = p.id), 0) AS on_hand,
           ifnull((SELECT sum(reserved) FROM stock WHERE product_id = p.id), 0) AS reserved,
           0 AS reorder, 0 AS run_out, 0 AS out_of_stock
         FROM c JOIN products p ON p.id = c.product_id
         WHERE c.available > 0 AND ((SELECT cover FROM edge) IS NULL
           OR c.available * 1.0 / c.units <= (SELECT cover FROM edge))
         ORDER BY c.available * 1.0 / c.units, p.sku LIMIT ?
       )
       UNION ALL
       SELECT -1, '', '', 0, 0, 0, ifnull(sum((available - 1) * ? < units * ?), 0),
         ifnull(sum(available * ? <= units * ?), 0), ifnull(sum(available = 0), 0) FROM c`,
      [
        first,
        asOf,
        ...channel.parameters,
        input.limit - 1,
        input.limit,
        window,
        cover,
        window,
        input.leadTimeDays,
      ],
    ),
  );
  const counts = rows.find((row) => row.id === -1);
  const available = (row: CoverRow) => Math.max(row.on_hand - row.reserved, 0);
  // A compound SELECT does not promise the order of its parts' rows: sort the few rows here.
  const soonest = rows
    .filter((row) => row.id !== -1)
    .sort((a, b) => available(a) / a.units - available(b) / b.units || a.sku.localeCompare(b.sku));
  return {
    asOf,
    windowDays: window,
    leadTimeDays: input.leadTimeDays,
    safetyDays: input.safetyDays,
    rows: soonest.map((row) => toCoverRow(row, asOf, window, cover)),
    reorderCount: counts?.reorder ?? 0,
    runOutWithinLeadTime: counts?.run_out ?? 0,
    outOfStock: counts?.out_of_stock ?? 0,
  };
}

function toCoverRow(row: CoverRow, asOf: string, window: number, cover: number): StockCoverRow {
  const available = Math.max(row.on_hand - row.reserved, 0);
  const velocityPerDay = row.units / window;
  const daysOfCover = (available * window) / row.units;
  const reorderPoint = reorderPointOf(row.units, window, cover);
  return {
    productId: row.id,
    sku: row.sku,
    title: row.title,
    onHand: row.on_hand,
    reserved: row.reserved,
    available,
    unitsInWindow: row.units,
    velocityPerDay,
    daysOfCover,
    runOutDay: addDays(asOf, Math.floor(daysOfCover)),
    reorderPoint,
    reorderNow: available <= reorderPoint,
  };
}
