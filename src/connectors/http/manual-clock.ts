/**
 * A virtual clock for tests: time moves only when someone sleeps (by the time slept) or when the
 * test advances it. A sleeper first lets every pending callback run (one macrotask turn), then
 * moves the time, so hours of waiting take no time and callers observe a consistent timeline.
 * Meant for code that sleeps one waiter at a time (the rate limiter admits in FIFO order).
 */
import type { Clock } from './clock.js';

export class ManualClock implements Clock {
  constructor(private current = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (ms > 0) this.current += ms;
  }
}
