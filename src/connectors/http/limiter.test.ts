import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.js';
import { RateLimiter, parseRetryAfter, signalsFromHeaders } from './limiter.js';

async function admissionTimes(
  limiter: RateLimiter,
  clock: ManualClock,
  count: number,
  bucket = 'shop',
): Promise<number[]> {
  const start = clock.now();
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: count }, () =>
      limiter.acquire(bucket).then(() => times.push(clock.now() - start)),
    ),
  );
  return times;
}

describe('RateLimiter', () => {
  it('lets the burst through at once, then one request per 1/rate, in FIFO order', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, () => ({ requestsPerSecond: 4, burst: 2 }));
    const order: number[] = [];
    const start = clock.now();
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        limiter.acquire('shop').then(() => {
          order.push(index);
          times.push(clock.now() - start);
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(times).toEqual([0, 0, 250, 500, 750, 1000]);
  });

  it('keeps buckets apart', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, (bucket) =>
      bucket === 'auth' ? { requestsPerSecond: 1, burst: 1 } : { requestsPerSecond: 100, burst: 1 },
    );
    await limiter.acquire('auth');
    const before = clock.now();
    await limiter.acquire('shop');
    expect(clock.now()).toBe(before);
  });

  it('pauses for Retry-After after a throttle and slows down, then recovers with successes', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, () => ({ requestsPerSecond: 10, burst: 1 }));
    await limiter.acquire('shop');
    limiter.report('shop', { throttled: true, retryAfterMs: 3000 });
    const slowed = limiter.snapshot('shop').currentPerSecond;
    expect(slowed).toBeLessThan(10);
    const before = clock.now();
    await limiter.acquire('shop');
    expect(clock.now() - before).toBeGreaterThanOrEqual(3000);
    for (let i = 0; i < 100; i++) limiter.report('shop', {});
    expect(limiter.snapshot('shop').currentPerSecond).toBe(10);
  });

  it('slows down less when the throttle said how long to wait than when it did not', () => {
    const guided = new RateLimiter(new ManualClock(), () => ({ requestsPerSecond: 10, burst: 1 }));
    guided.report('shop', { throttled: true, retryAfterMs: 1000 });
    const blind = new RateLimiter(new ManualClock(), () => ({ requestsPerSecond: 10, burst: 1 }));
    blind.report('shop', { throttled: true });
    expect(guided.snapshot('shop').currentPerSecond).toBeCloseTo(9);
    expect(blind.snapshot('shop').currentPerSecond).toBeCloseTo(7);
    // Twice in a row, guided or not, each cut compounds.
    guided.report('shop', { throttled: true, retryAfterMs: 1000 });
    expect(guided.snapshot('shop').currentPerSecond).toBeCloseTo(8.1);
  });

  it('adopts a limit the marketplace announces and waits out "0 remaining until reset"', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, () => ({ requestsPerSecond: 5, burst: 1 }));
    limiter.report('shop', { limitPerSecond: 2 });
    expect(limiter.snapshot('shop').configuredPerSecond).toBe(2);
    await limiter.acquire('shop');
    limiter.report('shop', { remaining: 0, resetAfterMs: 10_000 });
    const before = clock.now();
    await limiter.acquire('shop');
    expect(clock.now() - before).toBeGreaterThanOrEqual(10_000);
  });

  it('refuses an impossible limit', async () => {
    const limiter = new RateLimiter(new ManualClock(), () => ({ requestsPerSecond: 0, burst: 1 }));
    await expect(limiter.acquire('shop')).rejects.toThrow(RangeError);
  });

  it('admits at the configured rate over a long run', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, () => ({ requestsPerSecond: 20, burst: 5 }));
    const times = await admissionTimes(limiter, clock, 205);
    // 5 at once, then 200 more at 50 ms each.
    expect(times.at(-1)).toBe(10_000);
  });
});

describe('rate-limit headers', () => {
  const now = Date.UTC(2026, 0, 1);
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('reads the common families', () => {
    expect(signalsFromHeaders({ 'x-amzn-ratelimit-limit': '0.0167' }, now).limitPerSecond).toBe(
      0.0167,
    );
    expect(
      signalsFromHeaders({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '30' }, now),
    ).toMatchObject({ remaining: 0, resetAfterMs: 30_000 });
    expect(
      signalsFromHeaders(
        { 'ratelimit-remaining': '3', 'ratelimit-reset': String(now / 1000 + 60) },
        now,
      ),
    ).toMatchObject({ remaining: 3, resetAfterMs: 60_000 });
  });
});
