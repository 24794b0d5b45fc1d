import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shownQuantity, type ChannelRuleValues } from './rules.js';

const available = fc.integer({ min: -1_000, max: 1_000_000 });
const rule: fc.Arbitrary<ChannelRuleValues | null> = fc.option(
  fc.record({
    buffer: fc.integer({ min: 0, max: 10_000 }),
    maxQuantity: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
    allocationPercent: fc.integer({ min: 0, max: 100 }),
  }),
  { nil: null },
);

describe('shownQuantity', () => {
  it('applies buffer, then allocation (rounded down), then the cap', () => {
    const r = { buffer: 3, maxQuantity: 20, allocationPercent: 50 };
    expect(shownQuantity(13, r)).toBe(5); // (13 − 3) × 50% = 5
    expect(shownQuantity(14, r)).toBe(5); // 11 × 50% = 5.5 → 5
    expect(shownQuantity(100, r)).toBe(20); // 48, capped at 20
    expect(shownQuantity(2, r)).toBe(0); // the buffer eats it all
  });

  it('shows everything available without a rule, and 0 when oversold', () => {
    expect(shownQuantity(7, null)).toBe(7);
    expect(shownQuantity(-4, null)).toBe(0);
    expect(shownQuantity(-4, { buffer: 0, maxQuantity: null, allocationPercent: 100 })).toBe(0);
  });

  it('is never negative', () => {
    fc.assert(fc.property(available, rule, (a, r) => shownQuantity(a, r) >= 0));
  });

  it('never shows more than is available when something is', () => {
    fc.assert(
      fc.property(available, rule, (a, r) => {
        fc.pre(a > 0);
        return shownQuantity(a, r) <= a;
      }),
    );
  });

  it('never shows more than the cap', () => {
    fc.assert(
      fc.property(available, rule, (a, r) => {
        fc.pre(r !== null && r.maxQuantity !== null);
        return shownQuantity(a, r) <= r.maxQuantity;
      }),
    );
  });

  it('is monotone in available', () => {
    fc.assert(
      fc.property(available, fc.integer({ min: 0, max: 10_000 }), rule, (a, more, r) => {
        return shownQuantity(a + more, r) >= shownQuantity(a, r);
      }),
    );
  });

  it('returns whole units', () => {
    fc.assert(fc.property(available, rule, (a, r) => Number.isInteger(shownQuantity(a, r))));
  });
});
