import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES } from '../../shared/money.js';
import { endingRule } from '../store/price-endings.js';
import { computeMargin, computePrice, Converter, type PricingRule } from './pricing.js';
import { RateBook } from './rates.js';

const DAY = '2026-04-07';
const book = new RateBook(DAY, [
  { base: 'USD', quote: 'CNY', date: DAY, rate: '7.2', source: 'manual' },
  { base: 'EUR', quote: 'USD', date: DAY, rate: '1.0912', source: 'ecb' },
  { base: 'EUR', quote: 'JPY', date: DAY, rate: '163.45', source: 'ecb' },
  { base: 'EUR', quote: 'THB', date: '2026-03-01', rate: '37.1', source: 'ecb' },
]);

const rule: PricingRule = {
  baseSource: 'cost',
  markupBp: 5_000,
  shipping: { amountMinor: 1_000, currency: 'CNY' },
  packaging: { amountMinor: 200, currency: 'CNY' },
  feeBp: 1_500,
  fixedFee: { amountMinor: 30, currency: 'USD' },
  ending: 'charm',
  minMarginBp: 1_000,
};
const cost = { amountMinor: 2_500, currency: 'CNY' };

describe('price calculator', () => {
  it('prices cost + markup + add-ons + fees, rounded up to the ending (checked by hand)', () => {
    // (25.00 × 1.5 + 10.00 + 2.00) CNY = 49.50 CNY = 6.875 USD; + 0.30 = 7.175; ÷ 0.85 = 8.4412 →
    // 8.45 → charm ending 8.99.
    expect(computePrice(rule, cost, 'USD', new Converter(book, 4))).toEqual({
      ok: true,
      priceMinor: 899,
    });
    expect(computePrice({ ...rule, ending: 'none' }, cost, 'USD', new Converter(book, 4))).toEqual({
      ok: true,
      priceMinor: 845,
    });
    // In JPY through EUR: 6.875 USD → ¥1029.8…, + 0.30 USD (¥44.9…) = ¥1074.8… ÷ 0.85 = ¥1264.5… → ¥1265
    // → charm ending for yen (x9 per 10) ¥1269.
    expect(computePrice(rule, cost, 'JPY', new Converter(book, 4))).toEqual({
      ok: true,
      priceMinor: 1269,
    });
  });

  it('refuses a stale or missing rate instead of pricing with it', () => {
    expect(computePrice(rule, cost, 'THB', new Converter(book, 4))).toMatchObject({
      ok: false,
      refusal: { code: 'rate_stale', message: expect.stringContaining('2026-03-01') as string },
    });
    expect(computePrice(rule, cost, 'VND', new Converter(book, 4))).toMatchObject({
      ok: false,
      refusal: { code: 'rate_missing' },
    });
  });

  it('keeps every ending, for every currency, and never yields a negative, zero or NaN price', () => {
    const endings = fc.constantFrom(
      'charm' as const,
      'half' as const,
      'whole' as const,
      'none' as const,
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...CURRENCY_CODES),
        endings,
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 9_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (currency, ending, baseMinor, markupBp, feeBp, shippingMinor) => {
          const custom: PricingRule = {
            ...rule,
            ending,
            markupBp,
            feeBp,
            shipping: { amountMinor: shippingMinor, currency },
            packaging: { amountMinor: 0, currency },
            fixedFee: { amountMinor: 0, currency },
          };
          const result = computePrice(
            custom,
            { amountMinor: baseMinor, currency },
            currency,
            new Converter(book, 4),
          );
          if (!result.ok) {
            // The only refusals possible here: nothing to price from, or too large to hold.
            expect(['out_of_range']).toContain(result.refusal.code);
            return;
          }
          expect(Number.isSafeInteger(result.priceMinor)).toBe(true);
          expect(result.priceMinor).toBeGreaterThan(0);
          // Never under what covers the base, the markup, the add-ons and the fee.
          const floor =
            ((baseMinor * (10_000 + markupBp)) / 10_000 + shippingMinor) /
            ((10_000 - feeBp) / 10_000);
          expect(result.priceMinor).toBeGreaterThanOrEqual(Math.floor(floor) - 1);
          if (ending !== 'none') {
            const { step, offset } = endingRule(currency, ending);
            expect((result.priceMinor - offset) % step).toBe(0);
          }
        },
      ),
    );
  });
});

describe('margin calculator', () => {
  it('computes the margin in the home currency, term by term (checked by hand)', () => {
    const result = computeMargin(
      { price: { amountMinor: 899, currency: 'USD' }, quantity: 1, cost, rule },
      'CNY',
      new Converter(book, 4),
    );
    // revenue 8.99 USD × 7.2 = 64.728 → 64.73 CNY; fee 15 % of 8.99 = 1.3485 → 1.35 USD = 9.72 CNY;
    // fixed fee 0.30 USD = 2.16 CNY; cost 25.00; shipping 10.00; packaging 2.00 → costs 48.88;
    // margin 15.85 CNY = 24.49 % of 64.73.
    expect(result).toEqual({
      ok: true,
      figure: {
        margin: { amountMinor: 1_585, currency: 'CNY' },
        marginBp: 2_449,
        revenue: { amountMinor: 6_473, currency: 'CNY' },
        costs: { amountMinor: 4_888, currency: 'CNY' },
        minMarginBp: 1_000,
        underGuard: false,
        rateDate: DAY,
        rateSource: 'manual',
      },
    });
  });

  it('flags a margin under the guard, and a loss', () => {
    const result = computeMargin(
      { price: { amountMinor: 500, currency: 'USD' }, quantity: 2, cost, rule },
      'CNY',
      new Converter(book, 4),
    );
    // revenue 10.00 USD = 72.00 CNY; fee 1.50 USD = 10.80; fixed 2.16; cost 50.00; add-ons 24.00
    expect(result).toMatchObject({
      ok: true,
      figure: { margin: { amountMinor: -1_496 }, marginBp: -2_078, underGuard: true },
    });
  });

  it('needs no rate when everything is in the home currency, and no rule means no fees', () => {
    const result = computeMargin(
      { price: { amountMinor: 5_000, currency: 'CNY' }, quantity: 1, cost, rule: null },
      'CNY',
      new Converter(new RateBook(DAY, []), 0),
    );
    expect(result).toMatchObject({
      ok: true,
      figure: {
        margin: { amountMinor: 2_500 },
        marginBp: 5_000,
        underGuard: false,
        rateDate: null,
      },
    });
  });
});

describe('across currencies', () => {
  it('never prices negative, zero, fractional or NaN, and margins stay whole minor units', () => {
    const codes = CURRENCY_CODES.filter((code) => code !== 'EUR');
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50_000_000 }), {
          minLength: codes.length,
          maxLength: codes.length,
        }),
        fc.constantFrom(...codes),
        fc.constantFrom(...codes),
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.constantFrom('charm' as const, 'half' as const, 'whole' as const, 'none' as const),
        (rates, from, to, baseMinor, ending) => {
          // EUR→X rates from 0.0001 to 5000 (ten-thousandths), as the ECB and provider publish them.
          const book = new RateBook(
            DAY,
            codes.map((quote, index) => {
              const value = rates[index]!;
              const text = `${Math.floor(value / 10_000)}.${String(value % 10_000).padStart(4, '0')}`;
              return { base: 'EUR', quote, date: DAY, rate: text, source: 'ecb' };
            }),
          );
          const converter = new Converter(book, 4);
          const custom: PricingRule = {
            ...rule,
            ending,
            fixedFee: { amountMinor: 30, currency: 'USD' },
          };
          const price = computePrice(
            custom,
            { amountMinor: baseMinor, currency: from },
            to,
            converter,
          );
          if (!price.ok) {
            expect(price.refusal.code).toBe('out_of_range');
            return;
          }
          expect(Number.isSafeInteger(price.priceMinor) && price.priceMinor > 0).toBe(true);
          const margin = computeMargin(
            {
              price: { amountMinor: price.priceMinor, currency: to },
              quantity: 1,
              cost: { amountMinor: baseMinor, currency: from },
              rule: custom,
            },
            from,
            converter,
          );
          if (!margin.ok) {
            expect(margin.refusal.code).toBe('out_of_range');
            return;
          }
          for (const value of [
            margin.figure.margin.amountMinor,
            margin.figure.revenue.amountMinor,
            margin.figure.costs.amountMinor,
          ]) {
            expect(Number.isSafeInteger(value)).toBe(true);
          }
          if (margin.figure.marginBp !== null)
            expect(Number.isSafeInteger(margin.figure.marginBp)).toBe(true);
        },
      ),
    );
  });
});
