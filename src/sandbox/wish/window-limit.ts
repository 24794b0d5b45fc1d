/**
 * Wish's limiter as its docs describe it: a number of calls per merchant per app in a rate-limiting
 * window, the calls left reported on every reply, a reset time once exhausted. The numbers are not
 * published: `requestsPerSecond` and `burst` (the sandbox kit's usual settings) become `burst` calls
 * per window of `burst / requestsPerSecond` seconds.
 */
import type { SimClock } from '../kit/clock.js';
import type { RateLimitSettings } from '../kit/rate-limit.js';

export type WindowTake = { ok: true; remaining: number } | { ok: false; resetAt: number };

export class WindowLimiter {
  private windowStart = 0;
  private used = 0;

  constructor(
    private readonly clock: SimClock,
    private settings: RateLimitSettings | null,
  ) {
    if (settings) WindowLimiter.check(settings);
  }

  private static check(settings: RateLimitSettings): void {
    if (!(settings.requestsPerSecond > 0) || !(settings.burst >= 1)) {
      throw new RangeError('A rate limit needs requestsPerSecond > 0 and burst >= 1');
    }
  }

  /** Replaces the limit (null = unlimited); a new window starts. */
  configure(settings: RateLimitSettings | null): void {
    if (settings) WindowLimiter.check(settings);
    this.settings = settings;
    this.used = 0;
    this.windowStart = this.clock.now();
  }

  take(): WindowTake {
    const settings = this.settings;
    if (!settings) return { ok: true, remaining: 1_000_000 };
    const now = this.clock.now();
    const length = Math.round((settings.burst / settings.requestsPerSecond) * 1000);
    if (now >= this.windowStart + length) {
      this.windowStart = now;
      this.used = 0;
    }
    const limit = Math.floor(settings.burst);
    if (this.used >= limit) return { ok: false, resetAt: this.windowStart + length };
    this.used += 1;
    return { ok: true, remaining: limit - this.used };
  }
}
