/**
 * Reconnect delays: exponential from `initialMs`, capped at `maxMs`, with ±`jitter` spread so that
 * several windows reconnecting to a restarted engine do not all knock at the same instant.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** Fraction of the delay to spread either way, 0 ≤ jitter < 1. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 500,
  maxMs: 15_000,
  factor: 2,
  jitter: 0.2,
};

/**
 * The delay before reconnect attempt `attempt` (0 for the first retry). `random` returns a value in
 * [0, 1) and is injectable so tests are deterministic.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.floor(attempt));
  const base = Math.min(options.maxMs, options.initialMs * options.factor ** exponent);
  const spread = base * options.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(options.maxMs, base + spread)));
}
