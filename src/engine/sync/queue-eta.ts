/**
 * How much of an account's work waits in its connector's rate buckets, and how long that takes
 * at their current rates (the sync progress events' queue depth and ETA).
 */
import type { Connector } from '../../connectors/index.js';

/** What the connector's limiter has queued, and when it expects to be through it. */
export function queueOf(
  connector: Connector,
  extra = 0,
): { queueDepth: number; etaSeconds: number | null } {
  const buckets = connector.rateStatus?.() ?? [];
  let depth = extra;
  let eta = 0;
  for (const bucket of buckets) {
    depth += bucket.waiting;
    if (bucket.perSecond > 0) eta = Math.max(eta, (bucket.waiting + extra) / bucket.perSecond);
  }
  return { queueDepth: depth, etaSeconds: buckets.length > 0 ? Math.round(eta) : null };
}
