/**
 * Time for the connectors. Every wait (rate limits, backoff, circuit cool-down) and every "now"
 * (token expiry, signed timestamps) goes through a `Clock`, so tests and benchmarks can run hours
 * of marketplace time in seconds with a scaled clock, and a marketplace's own time can replace
 * ours when they disagree.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms` milliseconds of this clock's time (rejects if the signal aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    if (ms > 0) await delay(ms, undefined, signal ? { signal } : undefined);
  },
};

/**
 * A clock running `scale` times faster than real time from `origin` (epoch ms). Sleeping N ms of
 * this clock takes N / scale real milliseconds.
 */
export function createScaledClock(options: { scale: number; origin?: number }): Clock {
  const { scale } = options;
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new RangeError(`clock scale must be positive, got ${scale}`);
  const origin = options.origin ?? Date.now();
  const realStart = performance.now();
  return {
    now: () => Math.floor(origin + (performance.now() - realStart) * scale),
    sleep: async (ms, signal) => {
      if (ms > 0) await delay(ms / scale, undefined, signal ? { signal } : undefined);
    },
  };
}

/**
 * Our clock corrected by the marketplace's: each reply's Date header is compared with our time at
 * the middle of the request; when they differ by more than `toleranceMs` the offset is adopted.
 * (The Date header has one-second resolution, so small differences are noise, not drift.)
 */
export class MarketplaceClock implements Clock {
  private offsetMs = 0;

  constructor(
    private readonly base: Clock,
    private readonly toleranceMs = 5_000,
  ) {}

  now(): number {
    return this.base.now() + this.offsetMs;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.base.sleep(ms, signal);
  }

  /** Current correction applied to the base clock, in ms. */
  get offset(): number {
    return this.offsetMs;
  }

  /**
   * Learns from a reply's Date header. `sentAt` and `receivedAt` are base-clock times around the
   * request. Returns true when the offset changed.
   */
  observe(dateHeader: string | null | undefined, sentAt: number, receivedAt: number): boolean {
    if (!dateHeader) return false;
    const remote = Date.parse(dateHeader);
    if (Number.isNaN(remote)) return false;
    // The header is truncated to the second: its true value lies in [remote, remote + 1000).
    const remoteMiddle = remote + 500;
    const localMiddle = (sentAt + receivedAt) / 2;
    const drift = remoteMiddle - localMiddle;
    if (Math.abs(drift - this.offsetMs) <= this.toleranceMs) return false;
    this.offsetMs = Math.round(drift);
    return true;
  }

  /** Time of the base clock (for measuring a request around `observe`). */
  baseNow(): number {
    return this.base.now();
  }
}
