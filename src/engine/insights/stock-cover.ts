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
import { channelSql, raw } from './filters.js';

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
  const velocity = `WITH v AS (
      SELECT product_id, sum(sold_units) AS units FROM insights_sku_days
      WHERE product_id IS NOT NULL AND day >= ? AND day <= ?${channel.sql}
      GROUP BY product_id HAVING sum(sold_units) > 0
    ), s AS (
      SELECT product_id, sum(on_hand) AS on_hand, sum(reserved) AS reserved FROM stock
      WHERE product_id IN (SELECT product_id FROM v) GROUP BY product_id
    ), c AS (
      SELECT v.product_id, v.units, ifnull(s.on_hand, 0) AS on_hand, ifnull(s.reserved, 0) AS reserved,
        max(ifnull(s.on_hand, 0) - ifnull(s.reserved, 0), 0) AS available
      FROM v LEFT JOIN s ON s.product_id = v.product_id
    )`;
  const parameters = [first, asOf, ...channel.parameters];
  const rows = r.all(
    raw<CoverRow>(
      `${velocity}
       SELECT p.id, p.sku, p.title, c.units, c.on_hand, c.reserved
       FROM c JOIN products p ON p.id = c.product_id
       ORDER BY c.available * 1.0 / c.units, p.sku LIMIT ?`,
      [...parameters, input.limit],
    ),
  );
  const counts = r.first(
    raw<{ reorder: number | null; run_out: number | null }>(
      `${velocity}
       SELECT sum((c.available - 1) * ? < c.units * ?) AS reorder,
         sum(c.available * ? <= c.units * ?) AS run_out FROM c`,
      [...parameters, input.windowDays, cover, input.windowDays, input.leadTimeDays],
    ),
  );
  return {
    asOf,
    windowDays: input.windowDays,
    leadTimeDays: input.leadTimeDays,
    safetyDays: input.safetyDays,
    rows: rows.map((row) => toCoverRow(row, asOf, input.windowDays, cover)),
    reorderCount: counts?.reorder ?? 0,
    runOutWithinLeadTime: counts?.run_out ?? 0,
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
