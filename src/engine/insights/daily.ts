/**
 * The morning run's insight: yesterday's sales per channel (local day of the seller's zone, in the
 * home currency) and the SKUs now in the run-out danger zone (cover within the lead time), worded
 * as attention items that link to the Insights view.
 */
import type { SyncAttention } from '../../shared/api/types.js';
import type { Marketplace } from '../../shared/domain.js';
import type { Store } from '../store/connection.js';
import { readSettings } from '../store/queries/settings.js';
import { addDays, localDay } from './calendar.js';
import { salesInsight } from './sales.js';
import { stockCoverInsight } from './stock-cover.js';
import { refreshSummaries, summariesStale } from './summary.js';
import type { DayInsight } from '../../shared/api/types-insights.js';

/** Brings the summaries up to date (a write) and reads yesterday's insight. */
export function dayInsight(store: Store, runOutLimit = 10): DayInsight {
  const settings = store.read(readSettings);
  const zone = settings.timeZone;
  if (store.read((r) => summariesStale(r, zone))) store.write((w) => refreshSummaries(w, zone));
  return store.read((r) => {
    const day = addDays(localDay(Date.parse(r.now()), zone), -1);
    const scope = { timeZone: zone, homeCurrency: settings.homeCurrency };
    const sales = salesInsight(r, scope, {
      from: day,
      to: day,
      grain: 'day',
      split: 'marketplace',
      seriesLimit: 8,
    });
    const cover = stockCoverInsight(r, zone, {
      windowDays: 28,
      leadTimeDays: 14,
      safetyDays: 7,
      limit: runOutLimit,
    });
    const runOut = cover.rows.filter(
      (row) => row.daysOfCover !== null && row.daysOfCover <= cover.leadTimeDays,
    );
    return {
      day,
      sales: sales.series.map((series) => ({
        marketplace: series.key as Marketplace,
        orders: series.orders[0] ?? 0,
        units: series.units[0] ?? 0,
        revenue: { amountMinor: series.revenueMinor[0] ?? 0, currency: settings.homeCurrency },
      })),
      runOut,
      runOutCount: cover.runOutWithinLeadTime,
    };
  });
}

/**
 * The report's attention lines: one per SKU about to run out (yesterday's sales travel in the
 * report's `insight`, not here: good news needs no attention).
 */
export function insightAttention(insight: DayInsight): SyncAttention[] {
  const items: SyncAttention[] = [];
  for (const row of insight.runOut) {
    items.push({
      kind: 'run_out',
      message: `${row.sku} runs out in about ${Math.floor(row.daysOfCover ?? 0)} days (${row.available} available)`,
    });
  }
  return items;
}
