/**
 * Client-side rate limiting, so a connector stays under a marketplace's limit instead of reacting
 * to 429s after the fact. One token bucket per (account, operation bucket): `requestsPerSecond`
 * refill, `burst` capacity, starting full. Requests are admitted in FIFO order through a p-queue of
 * concurrency 1 per bucket (admission only: admitted requests then run concurrently).
 *
 * The bucket adapts to live signals: a throttle answer pauses it (for Retry-After when given) and
 * lowers its rate multiplicatively; successes raise it back toward the configured rate; a
 * rate-limit header naming the limit replaces the configured rate; "remaining 0 until reset"
 * pauses it until the reset. All waiting goes through the injected clock.
 */
import PQueue from 'p-queue';
import type { Clock } from './clock.js';

export interface RateLimit {
  requestsPerSecond: number;
  burst: number;
  /**
   * The marketplace publishes this limit as an exact token bucket and tells the rate applied in
   * each reply (Amazon's usage plans with x-amzn-RateLimit-Limit): a throttle answer then empties
   * the bucket and pauses it, but does not lower the rate, and the rate a reply names is adopted
   * as it is. Without it, a throttle lowers the rate multiplicatively (unknown limits).
   */
  holdRateOnThrottle?: boolean;
}

/** What a reply said about the limit (any field may be absent). */
export interface RateSignals {
  /** The reply was a throttle (429 or the marketplace's throttle error). */
  throttled?: boolean;
  retryAfterMs?: number | null;
  /** The limit the marketplace applies to us, in requests per second. */
  limitPerSecond?: number | null;
  remaining?: number | null;
  resetAfterMs?: number | null;
}

/** Rate kept after a throttle without Retry-After: we were too fast, by how much is unknown. */
const DECREASE_FACTOR = 0.7;
/**
 * Rate kept after a throttle with Retry-After: the marketplace said how long to wait and the
 * pause honours it; a small cut only keeps repeated throttles from recurring at the same pace.
 */
const GUIDED_DECREASE_FACTOR = 0.9;
const MIN_RATE_SHARE = 0.05;
/** Share of the configured rate regained per successful request after a throttle. */
const RECOVERY_STEP = 0.02;
const DEFAULT_THROTTLE_PAUSE_MS = 1000;

class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private configured: number;
  private rate: number;
  private pausedUntil = 0;
  readonly queue = new PQueue({ concurrency: 1 });

  constructor(
    private readonly clock: Clock,
    private readonly limit: RateLimit,
  ) {
    if (!(limit.requestsPerSecond > 0) || !(limit.burst >= 1)) {
      throw new RangeError(
        `A rate limit needs requestsPerSecond > 0 and burst >= 1 (got ${JSON.stringify(limit)})`,
      );
    }
    this.configured = limit.requestsPerSecond;
    this.rate = limit.requestsPerSecond;
    this.tokens = limit.burst;
    this.updatedAt = clock.now();
  }

  private refill(now: number): void {
    if (now > this.updatedAt) {
      this.tokens = Math.min(
        this.limit.burst,
        this.tokens + ((now - this.updatedAt) * this.rate) / 1000,
      );
      this.updatedAt = now;
    }
  }

  /** Milliseconds until a token may be taken (0 = now). */
  waitMs(): number {
    const now = this.clock.now();
    if (now < this.pausedUntil) return this.pausedUntil - now;
    this.refill(now);
    if (this.tokens >= 1) return 0;
    return Math.ceil(((1 - this.tokens) * 1000) / this.rate);
  }

  take(): void {
    this.tokens -= 1;
  }

  signal(signals: RateSignals): void {
    const now = this.clock.now();
    this.refill(now);
    if (signals.limitPerSecond && signals.limitPerSecond > 0) {
      this.configured = signals.limitPerSecond;
      this.rate = this.limit.holdRateOnThrottle
        ? this.configured
        : Math.min(this.rate, this.configured);
    }
    if (signals.throttled) {
      const factor = signals.retryAfterMs ? GUIDED_DECREASE_FACTOR : DECREASE_FACTOR;
      if (!this.limit.holdRateOnThrottle)
        this.rate = Math.max(this.configured * MIN_RATE_SHARE, this.rate * factor);
      this.tokens = 0;
      this.pause(now + (signals.retryAfterMs ?? DEFAULT_THROTTLE_PAUSE_MS));
      return;
    }
    if (signals.remaining === 0 && signals.resetAfterMs && signals.resetAfterMs > 0) {
      this.tokens = 0;
      this.pause(now + signals.resetAfterMs);
      return;
    }
    if (this.rate < this.configured) {
      this.rate = Math.min(this.configured, this.rate + this.configured * RECOVERY_STEP);
    }
  }

  private pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
    this.updatedAt = Math.max(this.updatedAt, this.pausedUntil);
  }

  snapshot() {
    return {
      configuredPerSecond: this.configured,
      currentPerSecond: this.rate,
      tokens: this.tokens,
      pausedUntil: this.pausedUntil,
      waiting: this.queue.size + this.queue.pending,
    };
  }
}

export type BucketSnapshot = ReturnType<TokenBucket['snapshot']>;

export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly clock: Clock,
    /** The limit of a bucket, from the marketplace's published table (or an override). */
    private readonly limitFor: (bucket: string) => RateLimit,
  ) {}

  private bucket(name: string): TokenBucket {
    let bucket = this.buckets.get(name);
    if (!bucket) {
      bucket = new TokenBucket(this.clock, this.limitFor(name));
      this.buckets.set(name, bucket);
    }
    return bucket;
  }

  /** Resolves once the request may be sent; requests of one bucket are admitted in FIFO order. */
  async acquire(bucketName: string, signal?: AbortSignal): Promise<void> {
    const bucket = this.bucket(bucketName);
    await bucket.queue.add(async () => {
      for (;;) {
        signal?.throwIfAborted();
        const wait = bucket.waitMs();
        if (wait <= 0) {
          bucket.take();
          return;
        }
        await this.clock.sleep(wait, signal);
      }
    });
  }

  /** Feeds what a reply said about the limit back into the bucket. */
  report(bucketName: string, signals: RateSignals): void {
    this.bucket(bucketName).signal(signals);
  }

  snapshot(bucketName: string): BucketSnapshot {
    return this.bucket(bucketName).snapshot();
  }

  /** Every bucket used so far, by name. */
  snapshots(): Map<string, BucketSnapshot> {
    return new Map([...this.buckets].map(([name, bucket]) => [name, bucket.snapshot()]));
  }
}

/** A header value as text (first of a list); null when absent or not text. */
export function headerText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length > 0 ? headerText(value[0]) : null;
  return null;
}

function headerValue(headers: Record<string, unknown>, name: string): string | null {
  return headerText(headers[name] ?? headers[name.toLowerCase()]);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (relative to `now`). */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * The rate-limit headers marketplaces and gateways commonly send: Retry-After, the IETF
 * RateLimit-* and X-RateLimit-* families, Amazon's x-amzn-RateLimit-Limit (requests per second).
 * `now` is the marketplace's time, for HTTP-date and epoch values.
 */
export function signalsFromHeaders(headers: Record<string, unknown>, now: number): RateSignals {
  const signals: RateSignals = {
    retryAfterMs: parseRetryAfter(headerValue(headers, 'retry-after'), now),
  };
  const amazonLimit = Number(headerValue(headers, 'x-amzn-ratelimit-limit'));
  if (Number.isFinite(amazonLimit) && amazonLimit > 0) signals.limitPerSecond = amazonLimit;
  const remaining =
    headerValue(headers, 'ratelimit-remaining') ?? headerValue(headers, 'x-ratelimit-remaining');
  const reset =
    headerValue(headers, 'ratelimit-reset') ?? headerValue(headers, 'x-ratelimit-reset');
  if (remaining !== null && /^\d+$/.test(remaining)) signals.remaining = Number(remaining);
  if (reset !== null && /^\d+(\.\d+)?$/.test(reset)) {
    const value = Number(reset);
    // Large values are epoch seconds, small ones a delay in seconds.
    signals.resetAfterMs = value > 1e9 ? Math.max(0, value * 1000 - now) : Math.round(value * 1000);
  }
  return signals;
}
