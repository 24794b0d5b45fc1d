/**
 * Server-side token bucket on the simulated clock: `requestsPerSecond` refill, `burst` capacity.
 * A fake answers a request that finds the bucket empty with the marketplace's throttle response.
 */
import type { SimClock } from './clock.js';

export interface RateLimitSettings {
  requestsPerSecond: number;
  burst: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

export class ServerTokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly clock: SimClock,
    private readonly settings: RateLimitSettings,
  ) {
    if (!(settings.requestsPerSecond > 0) || !(settings.burst >= 1)) {
      throw new RangeError('A rate limit needs requestsPerSecond > 0 and burst >= 1');
    }
    this.tokens = settings.burst;
    this.updatedAt = clock.now();
  }

  tryTake(): TakeResult {
    const now = this.clock.now();
    const perMs = this.settings.requestsPerSecond / 1000;
    this.tokens = Math.min(this.settings.burst, this.tokens + (now - this.updatedAt) * perMs);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil((1 - this.tokens) / perMs) };
  }
}

/** One bucket per key (a shop, a partner), created on first use. */
export class RateLimiterTable {
  private readonly buckets = new Map<string, ServerTokenBucket>();

  constructor(
    private readonly clock: SimClock,
    private settings: RateLimitSettings | null,
  ) {}

  /** Replaces the limit (null = unlimited); buckets restart full. */
  configure(settings: RateLimitSettings | null): void {
    this.settings = settings;
    this.buckets.clear();
  }

  take(key: string): TakeResult {
    if (!this.settings) return { ok: true };
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new ServerTokenBucket(this.clock, this.settings);
      this.buckets.set(key, bucket);
    }
    return bucket.tryTake();
  }
}
