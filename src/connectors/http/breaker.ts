/**
 * A circuit breaker per account: after `failureThreshold` consecutive failures (5xx, timeouts,
 * resets, throttles) the circuit opens and calls wait out a cool-down instead of hammering a
 * marketplace that keeps refusing. Then one probe is let through (half-open): success closes the
 * circuit, failure opens it again for twice as long (capped).
 */
import type { Clock } from './clock.js';

export interface BreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  maxCooldownMs: number;
}

export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = Object.freeze({
  failureThreshold: 10,
  cooldownMs: 30_000,
  maxCooldownMs: 10 * 60_000,
});

export type BreakerState = 'closed' | 'open' | 'half_open';
export type Admission = { ok: true } | { ok: false; retryAfterMs: number };

/** How long a caller waits while another request is probing a half-open circuit. */
const PROBE_WAIT_MS = 1000;

export class CircuitBreaker {
  private failures = 0;
  private openedUntil = 0;
  private cooldown: number;
  private probing = false;
  private current: BreakerState = 'closed';

  constructor(
    private readonly clock: Clock,
    private readonly options: BreakerOptions = DEFAULT_BREAKER_OPTIONS,
  ) {
    this.cooldown = options.cooldownMs;
  }

  get state(): BreakerState {
    return this.current;
  }

  admit(): Admission {
    if (this.current === 'closed') return { ok: true };
    const now = this.clock.now();
    if (this.current === 'open') {
      if (now < this.openedUntil) return { ok: false, retryAfterMs: this.openedUntil - now };
      this.current = 'half_open';
      this.probing = false;
    }
    if (this.probing) return { ok: false, retryAfterMs: PROBE_WAIT_MS };
    this.probing = true;
    return { ok: true };
  }

  success(): void {
    this.failures = 0;
    this.probing = false;
    this.current = 'closed';
    this.cooldown = this.options.cooldownMs;
  }

  failure(): void {
    this.failures += 1;
    if (this.current === 'half_open') {
      this.cooldown = Math.min(this.options.maxCooldownMs, this.cooldown * 2);
      this.open();
      return;
    }
    if (this.current === 'closed' && this.failures >= this.options.failureThreshold) this.open();
  }

  /** A reply that was neither success nor the marketplace refusing (e.g. a 4xx): no verdict. */
  neutral(): void {
    if (this.current === 'half_open') this.success();
    else this.failures = 0;
  }

  private open(): void {
    this.current = 'open';
    this.probing = false;
    this.openedUntil = this.clock.now() + this.cooldown;
  }
}
