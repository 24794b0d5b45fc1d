import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES } from '../../shared/money.js';
import {
  applyPercent,
  endingRule,
  parsePercentHundredths,
  roundToEnding,
  type PriceEnding,
} from './price-endings.js';

describe('price endings per currency', () => {
  it.each([
    // [amount, currency, ending, direction, expected]
    [2100, 'USD', 'charm', 'up', 2199],
    [2100, 'USD', 'charm', 'nearest', 2099],
    [2150, 'USD', 'charm', 'down', 2099],
    [2099, 'USD', 'charm', 'up', 2099],
    [2030, 'EUR', 'half', 'nearest', 2050],
    [2001, 'GBP', 'whole', 'up', 2100],
    [1287, 'JPY', 'charm', 'up', 1289],
    [1287, 'JPY', 'whole', 'down', 1280],
    [25_300, 'KRW', 'charm', 'up', 25_900],
    [25_300, 'KRW', 'charm', 'down', 24_900],
    [14_920_000, 'IDR', 'charm', 'up', 14_990_000],
    [1_234_500, 'HUF', 'charm', 'up', 1_239_000],
    [4_120, 'KWD', 'charm', 'up', 4_990],
    [51, 'USD', 'charm', 'down', 99],
    [40, 'USD', 'whole', 'nearest', 100],
  ] as const)('%i %s %s %s → %i', (amount, currency, ending, direction, expected) => {
    expect(roundToEnding(amount, currency, ending, direction)).toBe(expected);
  });

  it('gives every known currency a rule whose offset lies inside its step', () => {
    for (const currency of CURRENCY_CODES) {
      for (const ending of ['charm', 'half', 'whole'] as const) {
        const { step, offset } = endingRule(currency, ending);
        expect(Number.isInteger(step) && step > 0).toBe(true);
        expect(Number.isInteger(offset) && offset >= 0 && offset < step).toBe(true);
      }
    }
  });

  it('always lands on the ending, on the asked side, and nearest picks the closer side', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000_000 }),
        fc.constantFrom(...CURRENCY_CODES),
        fc.constantFrom<PriceEnding>('charm', 'half', 'whole'),
        (amount, currency, ending) => {
          const { step, offset } = endingRule(currency, ending);
          const first = offset > 0 ? offset : step;
          const up = roundToEnding(amount, currency, ending, 'up');
          const down = roundToEnding(amount, currency, ending, 'down');
          const nearest = roundToEnding(amount, currency, ending, 'nearest');
          for (const price of [up, down, nearest]) {
            expect(((price % step) + step) % step).toBe(offset);
            expect(price).toBeGreaterThan(0);
          }
          expect(up).toBeGreaterThanOrEqual(amount);
          expect(up - amount).toBeLessThan(step);
          if (amount >= first) expect(down).toBeLessThanOrEqual(amount);
          else expect(down).toBe(first);
          expect([up, down]).toContain(nearest);
          expect(Math.abs(nearest - amount)).toBeLessThanOrEqual(
            Math.min(Math.abs(up - amount), Math.abs(down - amount)),
          );
        },
      ),
    );
  });
});

describe('percentages', () => {
  it('reads hundredths of a percent by string arithmetic', () => {
    expect(parsePercentHundredths('5')).toBe(500);
    expect(parsePercentHundredths('-12.5')).toBe(-1250);
    expect(parsePercentHundredths('0.05')).toBe(5);
    expect(() => parsePercentHundredths('5.123')).toThrow(RangeError);
    expect(() => parsePercentHundredths('1e2')).toThrow(RangeError);
  });

  it('applies them exactly, rounding half away from zero', () => {
    expect(applyPercent(1999, 500)).toBe(2099); // 20.9895 → 20.99
    expect(applyPercent(1000, 500)).toBe(1050);
    expect(applyPercent(10, 500)).toBe(11); // 10.5 → 11
    expect(applyPercent(1999, -1000)).toBe(1799); // 17.991 → 17.99
    expect(applyPercent(Number.MAX_SAFE_INTEGER, 0)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('agrees with exact rational arithmetic', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000_000_000 }),
        fc.integer({ min: -9_999, max: 100_000 }),
        (amount, hundredths) => {
          const exact = BigInt(amount) * BigInt(10_000 + hundredths);
          const result = BigInt(applyPercent(amount, hundredths));
          // |result × 10000 − exact| ≤ 5000, and a tie (exactly 5000) went up.
          const difference = result * 10_000n - exact;
          expect(difference >= -5_000n && difference <= 5_000n).toBe(true);
          if (difference === -5_000n) expect.unreachable('a half was rounded down');
        },
      ),
    );
  });
});
