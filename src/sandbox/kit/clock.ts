/**
 * The simulated clock every fake marketplace runs on. Simulated time starts at `startTime` and runs
 * `timeScale` times faster than real time, so a test can live through hours of rate-limited traffic
 * in seconds; `advance` jumps forward (tokens expire, scheduled order changes fall due).
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface SimClockOptions {
  /** Simulated epoch milliseconds at start; defaults to the real time. */
  startTime?: number;
  /** How many simulated milliseconds pass per real millisecond; defaults to 1. */
  timeScale?: number;
}

export class SimClock {
  readonly timeScale: number;
  private readonly startTime: number;
  private readonly realStart = performance.now();
  private skipped = 0;

  constructor(options: SimClockOptions = {}) {
    const timeScale = options.timeScale ?? 1;
    if (!(timeScale > 0) || !Number.isFinite(timeScale)) {
      throw new RangeError(`timeScale must be a positive number, got ${timeScale}`);
    }
    this.timeScale = timeScale;
    this.startTime = options.startTime ?? Date.now();
  }

  /** Simulated epoch milliseconds. */
  now(): number {
    return Math.floor(
      this.startTime + (performance.now() - this.realStart) * this.timeScale + this.skipped,
    );
  }

  /** Simulated Unix seconds, the unit Shopee-like APIs speak. */
  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Jumps simulated time forward without waiting. */
  advance(simulatedMs: number): void {
    if (simulatedMs < 0) throw new RangeError('The simulated clock never goes back');
    this.skipped += simulatedMs;
  }

  /** Waits the real time that `simulatedMs` of simulated time takes. */
  async sleep(simulatedMs: number): Promise<void> {
    if (simulatedMs <= 0) return;
    await delay(simulatedMs / this.timeScale);
  }
}
