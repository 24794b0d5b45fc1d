import { describe, expect, it } from 'vitest';
import { PermanentError, RateLimitedError, RetryableError } from './errors.js';
import { DEFAULT_RETRY_POLICY, backoffDelay, decideRetry, type RetryState } from './retry.js';

const details = { marketplace: 'shopee' as const, operation: 'test.op' };
const fresh = (): RetryState => ({ retryable: 0, rateLimited: 0, startedAt: 0 });

describe('retry policy', () => {
  it('grows the backoff ceiling exponentially up to the cap, with jitter below it', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, policy, () => 0.999)).toBe(99);
    expect(backoffDelay(3, policy, () => 0.999)).toBe(399);
    expect(backoffDelay(10, policy, () => 0.999)).toBe(999);
    expect(backoffDelay(10, policy, () => 0)).toBe(0);
  });

  it('retries retryable failures until the attempts run out', () => {
    const error = new RetryableError('boom', details);
    expect(decideRetry(error, fresh(), DEFAULT_RETRY_POLICY, 0, true, () => 0.5)).toMatchObject({
      retry: true,
    });
    const spent = { ...fresh(), retryable: DEFAULT_RETRY_POLICY.maxAttempts };
    expect(decideRetry(error, spent, DEFAULT_RETRY_POLICY, 0, true)).toEqual({ retry: false });
  });

  it('honours a longer Retry-After', () => {
    const error = new RetryableError('busy', { ...details, retryAfterMs: 60_000 });
    expect(decideRetry(error, fresh(), DEFAULT_RETRY_POLICY, 0, true, () => 0.5)).toEqual({
      retry: true,
      delayMs: 60_000,
    });
  });

  it('never repeats a write that may have been applied, but repeats a throttled one', () => {
    const lost = new RetryableError('reply lost', { ...details, maybeApplied: true });
    expect(decideRetry(lost, fresh(), DEFAULT_RETRY_POLICY, 0, false)).toEqual({ retry: false });
    expect(decideRetry(lost, fresh(), DEFAULT_RETRY_POLICY, 0, true, () => 0)).toMatchObject({
      retry: true,
    });
    const throttled = new RateLimitedError('slow down', details);
    expect(decideRetry(throttled, fresh(), DEFAULT_RETRY_POLICY, 0, false)).toEqual({
      retry: true,
      delayMs: 0,
    });
  });

  it('does not retry permanent errors or after the time budget', () => {
    expect(
      decideRetry(new PermanentError('no', details), fresh(), DEFAULT_RETRY_POLICY, 0, true),
    ).toEqual({ retry: false });
    const late = DEFAULT_RETRY_POLICY.maxElapsedMs + 1;
    expect(
      decideRetry(new RetryableError('x', details), fresh(), DEFAULT_RETRY_POLICY, late, true),
    ).toEqual({ retry: false });
  });
});
