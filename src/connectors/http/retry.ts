/**
 * When to try a failed request again, and after how long. Capped exponential backoff with full
 * jitter (a random delay in [0, min(cap, base * 2^(attempt - 1))]) so that many clients that failed
 * together do not retry together; a longer wait asked by the marketplace (Retry-After) wins.
 *
 * Writes that may have been applied (no usable reply to a non-idempotent request) are never
 * repeated blindly: the caller gets the error with `maybeApplied` and decides.
 */
import type { ConnectorError } from './errors.js';

export interface RetryPolicy {
  /** Attempts for retryable failures (5xx, timeouts, resets, broken bodies), the first included. */
  maxAttempts: number;
  /** Attempts for throttle answers; waiting is done by the rate limiter's pause. */
  maxRateLimitedAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Give up once this much (clock) time has passed since the first attempt. */
  maxElapsedMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 8,
  maxRateLimitedAttempts: 12,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxElapsedMs: 10 * 60_000,
});

export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

export interface RetryState {
  /** Failed attempts so far, by family. */
  retryable: number;
  rateLimited: number;
  startedAt: number;
}

export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

/** Decides after a failure whether (and when) to try again. Auth errors are handled by the caller. */
export function decideRetry(
  error: ConnectorError,
  state: RetryState,
  policy: RetryPolicy,
  now: number,
  idempotent: boolean,
  random: () => number = Math.random,
): RetryDecision {
  if (now - state.startedAt > policy.maxElapsedMs) return { retry: false };
  if (error.kind === 'rate_limited') {
    // A throttle answer means the request was not executed, so even writes may be repeated.
    return state.rateLimited < policy.maxRateLimitedAttempts
      ? { retry: true, delayMs: 0 }
      : { retry: false };
  }
  if (error.kind !== 'retryable') return { retry: false };
  if (!idempotent && error.maybeApplied) return { retry: false };
  if (state.retryable >= policy.maxAttempts) return { retry: false };
  const delayMs = Math.max(backoffDelay(state.retryable, policy, random), error.retryAfterMs ?? 0);
  return { retry: true, delayMs };
}
