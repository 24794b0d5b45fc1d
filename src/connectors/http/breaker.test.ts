import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './breaker.js';
import { ManualClock } from './manual-clock.js';

describe('CircuitBreaker', () => {
  const options = { failureThreshold: 3, cooldownMs: 1000, maxCooldownMs: 3000 };

  it('opens after consecutive failures and lets one probe through after the cool-down', () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker(clock, options);
    breaker.failure();
    breaker.failure();
    expect(breaker.admit()).toEqual({ ok: true });
    breaker.failure();
    expect(breaker.state).toBe('open');
    expect(breaker.admit()).toEqual({ ok: false, retryAfterMs: 1000 });
    clock.advance(1000);
    expect(breaker.admit()).toEqual({ ok: true });
    expect(breaker.state).toBe('half_open');
    expect(breaker.admit().ok).toBe(false);
    breaker.success();
    expect(breaker.state).toBe('closed');
  });

  it('doubles the cool-down when the probe fails, up to the cap', () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker(clock, options);
    for (let i = 0; i < 3; i++) breaker.failure();
    for (const expected of [2000, 3000, 3000]) {
      clock.advance(10_000);
      expect(breaker.admit().ok).toBe(true);
      breaker.failure();
      expect(breaker.admit()).toEqual({ ok: false, retryAfterMs: expected });
    }
  });

  it('a success in between resets the count', () => {
    const breaker = new CircuitBreaker(new ManualClock(), options);
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.failure();
    expect(breaker.state).toBe('closed');
  });
});
