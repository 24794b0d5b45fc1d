import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES, type Money } from '../../shared/money.js';
import { convertMinor } from './convert.js';
import {
  allocate,
  basisPointsOf,
  divideHalfEven,
  invertRatio,
  normalizeRateText,
  parseRate,
  ratioToDecimalString,
  type Ratio,
} from './decimal.js';

describe('exact arithmetic', () => {
  it('rounds halves to the even neighbour', () => {
    expect(divideHalfEven(5n, 2n)).toBe(2n);
    expect(divideHalfEven(7n, 2n)).toBe(4n);
    expect(divideHalfEven(-5n, 2n)).toBe(-2n);
    expect(divideHalfEven(-7n, 2n)).toBe(-4n);
    expect(divideHalfEven(10n, 3n)).toBe(3n);
    expect(divideHalfEven(11n, 3n)).toBe(4n);
  });

  it('takes basis points half-even', () => {
    expect(basisPointsOf(1999, 1500)).toBe(300); // 299.85
    expect(basisPointsOf(50, 5000)).toBe(25);
    expect(basisPointsOf(1, 5000)).toBe(0); // 0.5 → 0 (even)
    expect(basisPointsOf(3, 5000)).toBe(2); // 1.5 → 2 (even)
  });

  it('allocates a total exactly, leftovers to the largest remainders', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocate(1000, [0, 1, 3])).toEqual([0, 250, 750]);
    expect(() => allocate(10, [0, 0])).toThrow(/not all be zero/);
  });

  it('allocation always sums to the amount (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 20 }),
        (amount, weights) => {
          fc.pre(weights.some((weight) => weight > 0));
          const parts = allocate(amount, weights);
          expect(parts.reduce((sum, part) => sum + part, 0)).toBe(amount);
        },
      ),
    );
  });

  it('normalises rates for the store and refuses what is not a positive decimal', () => {
    expect(normalizeRateText('07.5000')).toBe('7.5');
    expect(normalizeRateText('163.12')).toBe('163.12');
    expect(normalizeRateText('0.000123')).toBe('0.000123');
    expect(() => normalizeRateText('0.0')).toThrow(/greater than zero/);
    expect(() => normalizeRateText('-1')).toThrow(/plain decimal/);
    expect(() => normalizeRateText('1e3')).toThrow(/plain decimal/);
    expect(() => normalizeRateText('NaN')).toThrow(/plain decimal/);
    expect(ratioToDecimalString(invertRatio(parseRate('3')))).toBe('0.33333333');
  });
});

describe('conversion', () => {
  it('converts across exponents, rounding once half-even', () => {
    // €10.00 at EUR→JPY 163.12 = ¥1631.2 → ¥1631
    expect(
      convertMinor({ amountMinor: 1000, currency: 'EUR' }, parseRate('163.12'), 'JPY'),
    ).toEqual({
      amountMinor: 1631,
      currency: 'JPY',
    });
    // ¥1631 at JPY→EUR 1/163.12 = €9.99877… → €10.00
    expect(
      convertMinor({ amountMinor: 1631, currency: 'JPY' }, invertRatio(parseRate('163.12')), 'EUR'),
    ).toEqual({ amountMinor: 1000, currency: 'EUR' });
    // 1.000 KWD at KWD→USD 3.2531 = $3.2531 → $3.25
    expect(
      convertMinor({ amountMinor: 1000, currency: 'KWD' }, parseRate('3.2531'), 'USD'),
    ).toEqual({
      amountMinor: 325,
      currency: 'USD',
    });
    // $0.125 exactly: 25 cents at 0.5 = 12.5 → 12 (even)
    expect(
      convertMinor({ amountMinor: 25, currency: 'USD' }, parseRate('0.5'), 'EUR').amountMinor,
    ).toBe(12);
  });

  const currency = fc.constantFrom(...CURRENCY_CODES);
  /** The conversion, or undefined when the result would not fit in a safe integer (refused loudly). */
  const convertOrOverflow = (money: Money, rate: Ratio, to: string): Money | undefined => {
    try {
      return convertMinor(money, rate, to);
    } catch (error) {
      if (error instanceof RangeError && /out of range/.test(error.message)) return undefined;
      throw error;
    }
  };
  const rateText = fc
    .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 999_999 }))
    .filter(([whole, fraction]) => whole > 0 || fraction > 0)
    .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(6, '0')}`);

  it('round trips stay within one minor unit when the middle currency is at least as fine', () => {
    fc.assert(
      fc.property(
        currency,
        currency,
        rateText,
        fc.integer({ min: 0, max: 1e10 }),
        (from, to, text, amount) => {
          const rate = parseRate(text);
          const there = convertOrOverflow({ amountMinor: amount, currency: from }, rate, to);
          fc.pre(there !== undefined);
          // One minor unit of `to`, in minor units of `from`: the round trip can lose half of it on
          // the way out and half a unit of `from` on the way back.
          const probe = convertMinor(
            { amountMinor: 1_000_000, currency: to },
            invertRatio(rate),
            from,
          );
          fc.pre(probe.amountMinor <= 1_000_000);
          const back = convertMinor(there, invertRatio(rate), from);
          expect(Math.abs(back.amountMinor - amount)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('never produces a negative, fractional or NaN amount from a non-negative one', () => {
    fc.assert(
      fc.property(
        currency,
        currency,
        rateText,
        fc.integer({ min: 0, max: 1e9 }),
        (from, to, text, amount) => {
          const money = { amountMinor: amount, currency: from };
          const result = convertOrOverflow(money, parseRate(text), to);
          // Too large for a safe integer is refused with a RangeError, never returned wrong.
          if (result === undefined) return;
          expect(Number.isSafeInteger(result.amountMinor)).toBe(true);
          expect(result.amountMinor).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
