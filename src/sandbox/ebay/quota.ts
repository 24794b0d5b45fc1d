/**
 * eBay's call limits as the fake enforces them: a daily quota per API (the default tier of the
 * "API call limits" page: Inventory 2,000,000, Fulfillment 100,000 — third-party copies of the
 * table; Identity and Analytics UNCONFIRMED, 5,000 here), counted per Pacific day, and an
 * optional short-term token bucket per API (eBay publishes none; tests and the benchmark set one).
 * Either limit answers HTTP 429 with errorId 2001 (domain ACCESS). No Retry-After is sent: eBay's
 * is reported only sometimes (UNCONFIRMED), so a client must not depend on it.
 */
import type { SimClock } from '../kit/clock.js';
import { RateLimiterTable, type RateLimitSettings } from '../kit/rate-limit.js';
import { nextPacificMidnight, pacificDay } from './calendar.js';

export const EBAY_APIS = ['inventory', 'fulfillment', 'identity', 'analytics'] as const;
export type EbayApiName = (typeof EBAY_APIS)[number];

export const DEFAULT_DAILY_QUOTAS: Readonly<Record<EbayApiName, number>> = {
  inventory: 2_000_000,
  fulfillment: 100_000,
  identity: 5_000,
  analytics: 5_000,
};

/** How each API appears in the Analytics API's rate-limit report. */
export const API_NAMES: Readonly<Record<EbayApiName, { context: string; name: string }>> = {
  inventory: { context: 'sell', name: 'inventory' },
  fulfillment: { context: 'sell', name: 'fulfillment' },
  identity: { context: 'commerce', name: 'identity' },
  analytics: { context: 'developer', name: 'analytics' },
};

export type QuotaVerdict = { ok: true } | { ok: false; reason: 'daily' | 'rate' };

export interface QuotaUsage {
  limit: number;
  remaining: number;
  /** ISO-8601 UTC. */
  reset: string;
  timeWindow: number;
}

export class QuotaTable {
  private day = '';
  private readonly used = new Map<EbayApiName, number>();
  private readonly quotas: Record<EbayApiName, number>;
  private readonly buckets: RateLimiterTable;
  throttled = { daily: 0, rate: 0 };

  constructor(
    private readonly clock: SimClock,
    quotas: Partial<Record<EbayApiName, number>>,
    rateLimit: RateLimitSettings | null,
  ) {
    this.quotas = { ...DEFAULT_DAILY_QUOTAS, ...quotas };
    this.buckets = new RateLimiterTable(clock, rateLimit);
  }

  private roll(): void {
    const today = pacificDay(this.clock.now());
    if (today !== this.day) {
      this.day = today;
      this.used.clear();
    }
  }

  setRateLimit(settings: RateLimitSettings | null): void {
    this.buckets.configure(settings);
  }

  setDailyQuota(api: EbayApiName, limit: number): void {
    if (!Number.isSafeInteger(limit) || limit < 0)
      throw new RangeError('a daily quota is a non-negative integer');
    this.quotas[api] = limit;
  }

  /** Counts one call of `api`; refuses it when the day's quota or the short-term bucket is spent. */
  take(api: EbayApiName): QuotaVerdict {
    this.roll();
    const used = this.used.get(api) ?? 0;
    if (used >= this.quotas[api]) {
      this.throttled.daily += 1;
      return { ok: false, reason: 'daily' };
    }
    if (!this.buckets.take(api).ok) {
      this.throttled.rate += 1;
      return { ok: false, reason: 'rate' };
    }
    this.used.set(api, used + 1);
    return { ok: true };
  }

  usage(api: EbayApiName): QuotaUsage {
    this.roll();
    const limit = this.quotas[api];
    return {
      limit,
      remaining: Math.max(0, limit - (this.used.get(api) ?? 0)),
      reset: new Date(nextPacificMidnight(this.clock.now())).toISOString(),
      timeWindow: 86_400,
    };
  }
}
