/**
 * The best-selling SKUs of a period by units: `ORDER BY sum(sold_units) DESC, sku LIMIT n` over
 * the SKUs that sold, exactly. Summing every SKU's rows of a long period reads as many rows as
 * order lines; instead the SKUs are visited by their all-time units (insights_sku_totals, kept by
 * triggers) — a bound on what they can have sold in any period or channel — and only those that
 * could still enter the top have their period summed. Once the next bound is below the n-th best
 * period total, no later SKU can enter (one equal to it could, on the SKU order, so it is read).
 * When the bounds do not close the top within a few batches (one small channel, a period that is
 * a third of a history), the period's rows are summed as before; so are the rows of a period that
 * is short or a small part of the history, read by day range (filters.ts summaryIndex).
 */
import type { Reader } from '../store/connection.js';
import { periodSql, raw, summaryIndex, walksIndex, type PeriodFilter } from './filters.js';

/** SKUs read per step, and steps tried before summing the whole period instead. */
const BATCH = 64;
const MAX_BATCHES = 4;

interface Ranked {
  sku: string;
  units: number;
}

/** SQLite's BINARY order of TEXT (UTF-8 bytes), which JavaScript's < does not follow past U+FFFF. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const byRank = (a: Ranked, b: Ranked) => b.units - a.units || byBytes(a.sku, b.sku);

function rankedBySum(r: Reader, filter: PeriodFilter, limit: number): string[] {
  const where = periodSql(filter);
  return r
    .all(
      raw<{ sku: string }>(
        `SELECT sku FROM insights_sku_days ${summaryIndex(r, filter, 'sku')} WHERE ${where.sql}
         GROUP BY sku HAVING sum(sold_units) > 0 ORDER BY sum(sold_units) DESC, sku LIMIT ?`,
        [...where.parameters, limit],
      ),
    )
    .map((row) => row.sku);
}

/** The period's units of `skus` that sold in it. */
function periodUnits(r: Reader, filter: PeriodFilter, skus: readonly string[]): Ranked[] {
  const where = periodSql(filter);
  return r.all(
    raw<Ranked>(
      `SELECT sku, sum(sold_units) AS units FROM insights_sku_days
       WHERE ${where.sql} AND sku IN (${skus.map(() => '?').join(', ')})
       GROUP BY sku HAVING sum(sold_units) > 0`,
      [...where.parameters, ...skus],
    ),
  );
}

/** The `limit` SKUs that sold most units in the period (ties: SKU order), best first. */
export function rankSkus(r: Reader, filter: PeriodFilter, limit: number): string[] {
  if (limit <= 0) return [];
  // When the period's rows are read by day range (a short period, or a small part of the history),
  // summing them costs little and the all-time bounds would rarely close the top.
  if (!walksIndex(r, filter)) return rankedBySum(r, filter, limit);
  const best: Ranked[] = [];
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const bounds = r.all(
      raw<Ranked>(
        `SELECT sku, sold_units AS units FROM insights_sku_totals
         ORDER BY sold_units DESC, sku LIMIT ? OFFSET ?`,
        [BATCH, batch * BATCH],
      ),
    );
    const floor = best.length < limit ? 0 : best[limit - 1]!.units;
    const open = bounds.filter((bound) => bound.units >= floor);
    if (open.length > 0) {
      best.push(
        ...periodUnits(
          r,
          filter,
          open.map((bound) => bound.sku),
        ),
      );
      best.sort(byRank);
      best.length = Math.min(best.length, limit);
    }
    // Bounds come in falling order: one below the floor closes the ranking, as does the end.
    if (open.length < bounds.length || bounds.length < BATCH) return best.map((row) => row.sku);
  }
  return rankedBySum(r, filter, limit);
}
