import { describe, expect, it } from 'vitest';
import { MarketplaceClock, createScaledClock } from './clock.js';
import { ManualClock } from './manual-clock.js';

describe('MarketplaceClock', () => {
  it('adopts the marketplace time when the Date header disagrees beyond the tolerance', () => {
    const base = new ManualClock(Date.UTC(2026, 0, 1, 12, 0, 0));
    const clock = new MarketplaceClock(base, 5000);
    const remote = new Date(Date.UTC(2026, 0, 1, 13, 0, 0)).toUTCString();
    expect(clock.observe(remote, base.now(), base.now())).toBe(true);
    expect(Math.abs(clock.now() - Date.UTC(2026, 0, 1, 13, 0, 0))).toBeLessThanOrEqual(1000);
  });

  it('ignores differences within the tolerance and unreadable headers', () => {
    const base = new ManualClock(Date.UTC(2026, 0, 1, 12, 0, 0));
    const clock = new MarketplaceClock(base, 5000);
    expect(clock.observe(new Date(base.now() + 2000).toUTCString(), base.now(), base.now())).toBe(
      false,
    );
    expect(clock.observe('not a date', base.now(), base.now())).toBe(false);
    expect(clock.observe(undefined, base.now(), base.now())).toBe(false);
    expect(clock.offset).toBe(0);
  });
});

describe('createScaledClock', () => {
  it('starts at its origin and refuses a non-positive scale', () => {
    const clock = createScaledClock({ scale: 100, origin: 1_000_000 });
    expect(clock.now()).toBeGreaterThanOrEqual(1_000_000);
    expect(() => createScaledClock({ scale: 0 })).toThrow(RangeError);
  });
});
