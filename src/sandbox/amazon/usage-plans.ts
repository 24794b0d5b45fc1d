/**
 * Usage plans (token buckets) per operation, read from the "Usage Plan" table in each operation's
 * description in the placed models (listingsItems_2021-08-01, orders_2026-01-01, ordersV0,
 * feeds_2021-06-30, fbaInventory). Buckets are per seller account and operation. The
 * JSON_LISTINGS_FEED submission limit (5 feeds per 5 minutes per region, changelog 2025-05-06)
 * is a bucket of its own, drawn on top of createFeed's.
 */
import type { SimClock } from '../kit/clock.js';
import { RateLimiterTable, type RateLimitSettings, type TakeResult } from '../kit/rate-limit.js';

export const USAGE_PLANS = {
  searchListingsItems: { requestsPerSecond: 5, burst: 5 },
  getListingsItem: { requestsPerSecond: 5, burst: 10 },
  putListingsItem: { requestsPerSecond: 5, burst: 10 },
  patchListingsItem: { requestsPerSecond: 5, burst: 5 },
  deleteListingsItem: { requestsPerSecond: 5, burst: 5 },
  searchOrders: { requestsPerSecond: 0.0056, burst: 20 },
  getOrder: { requestsPerSecond: 0.5, burst: 30 },
  confirmShipment: { requestsPerSecond: 2, burst: 10 },
  createFeedDocument: { requestsPerSecond: 0.5, burst: 15 },
  createFeed: { requestsPerSecond: 0.0083, burst: 15 },
  getFeed: { requestsPerSecond: 2, burst: 15 },
  getFeeds: { requestsPerSecond: 0.0222, burst: 10 },
  cancelFeed: { requestsPerSecond: 2, burst: 15 },
  getFeedDocument: { requestsPerSecond: 0.0222, burst: 10 },
  getInventorySummaries: { requestsPerSecond: 2, burst: 2 },
  // definitionsProductTypes_2020-09-01, getDefinitionsProductType's usage plan.
  getDefinitionsProductType: { requestsPerSecond: 5, burst: 10 },
} as const satisfies Record<string, RateLimitSettings>;

export type AmazonOperation = keyof typeof USAGE_PLANS;

export const JSON_LISTINGS_FEED_PLAN: RateLimitSettings = { requestsPerSecond: 5 / 300, burst: 5 };

/**
 * `null` turns limits off; one RateLimitSettings applies to every operation (like Amazon's
 * sandbox, 5/s burst 15, or a test's choice); a partial record overrides single operations.
 */
export type UsagePlanSetting =
  | null
  | RateLimitSettings
  | Partial<Record<AmazonOperation | 'jsonListingsFeed', RateLimitSettings>>;

function isSingle(setting: UsagePlanSetting): setting is RateLimitSettings {
  return setting !== null && typeof (setting as RateLimitSettings).requestsPerSecond === 'number';
}

export class UsagePlans {
  private readonly tables = new Map<string, RateLimiterTable>();
  private setting: UsagePlanSetting | undefined;

  constructor(
    private readonly clock: SimClock,
    setting: UsagePlanSetting | undefined,
  ) {
    this.configure(setting);
  }

  /** Replaces the plans; every bucket restarts full. */
  configure(setting: UsagePlanSetting | undefined): void {
    this.setting = setting;
    this.tables.clear();
  }

  plan(operation: AmazonOperation | 'jsonListingsFeed'): RateLimitSettings | null {
    const setting = this.setting;
    if (setting === null) return null;
    if (setting !== undefined && isSingle(setting)) return setting;
    const override = setting?.[operation];
    if (override) return override;
    return operation === 'jsonListingsFeed' ? JSON_LISTINGS_FEED_PLAN : USAGE_PLANS[operation];
  }

  take(sellerId: string, operation: AmazonOperation | 'jsonListingsFeed'): TakeResult {
    let table = this.tables.get(operation);
    if (!table) {
      table = new RateLimiterTable(this.clock, this.plan(operation));
      this.tables.set(operation, table);
    }
    return table.take(sellerId);
  }

  /** The x-amzn-RateLimit-Limit value for an operation (requests per second), if limited. */
  header(operation: AmazonOperation): string | null {
    const plan = this.plan(operation);
    return plan ? String(plan.requestsPerSecond) : null;
  }
}
