import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addMoney,
  CurrencyCode,
  currencyExponent,
  formatMoney,
  minorToDecimalString,
  Money,
  parseDecimalToMinor,
} from './money.js';

describe('currency exponents', () => {
  it('follows ISO 4217 minor units', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('VND')).toBe(0);
  });

  it('refuses a code it does not know instead of guessing', () => {
    expect(() => currencyExponent('XYZ')).toThrow(/Unknown ISO 4217/);
    expect(CurrencyCode.safeParse('usd').success).toBe(false);
    expect(CurrencyCode.safeParse('EUR').success).toBe(true);
  });
});

describe('decimal parsing and printing', () => {
  it('parses by string arithmetic, not floats', () => {
    expect(parseDecimalToMinor('19.99', 'USD')).toBe(1999);
    expect(parseDecimalToMinor('0.1', 'EUR')).toBe(10);
    expect(parseDecimalToMinor('1999', 'JPY')).toBe(1999);
    expect(parseDecimalToMinor('1.005', 'KWD')).toBe(1005);
    expect(parseDecimalToMinor('-2.5', 'GBP')).toBe(-250);
  });

  it('refuses more decimals than the currency has, and non-numbers', () => {
    expect(() => parseDecimalToMinor('1.5', 'JPY')).toThrow(/more decimals/);
    expect(() => parseDecimalToMinor('1,234.50', 'USD')).toThrow(/not a decimal/);
    expect(() => parseDecimalToMinor('', 'USD')).toThrow(/not a decimal/);
  });

  it('round-trips every integer amount in every exponent', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.constantFrom('JPY', 'USD', 'KWD', 'CLF'),
        (amount, currency) =>
          parseDecimalToMinor(minorToDecimalString(amount, currency), currency) === amount,
      ),
    );
  });

  it('prints leading zeros and signs correctly', () => {
    expect(minorToDecimalString(5, 'USD')).toBe('0.05');
    expect(minorToDecimalString(-5, 'KWD')).toBe('-0.005');
    expect(minorToDecimalString(1200, 'JPY')).toBe('1200');
  });
});

describe('formatting and arithmetic', () => {
  it('formats with the locale and the currency exponent', () => {
    expect(formatMoney({ amountMinor: 1999, currency: 'USD' }, 'en-US')).toBe('$19.99');
    expect(formatMoney({ amountMinor: 1999, currency: 'JPY' }, 'ja-JP')).toMatch(/1,999/);
    expect(formatMoney({ amountMinor: 123456, currency: 'EUR' }, 'de-DE')).toMatch(/1\.234,56/);
    // Formatters are kept per locale and currency: alternating them never mixes them up.
    for (let round = 0; round < 3; round++) {
      expect(formatMoney({ amountMinor: 1999, currency: 'USD' }, 'en-US')).toBe('$19.99');
      expect(formatMoney({ amountMinor: 1999, currency: 'JPY' }, 'en-US')).toBe('¥1,999');
      expect(formatMoney({ amountMinor: 1999, currency: 'USD' }, 'de-DE')).toMatch(/19,99/);
    }
  });

  it('adds only like currencies and stays exact', () => {
    expect(
      addMoney({ amountMinor: 10, currency: 'USD' }, { amountMinor: 20, currency: 'USD' }),
    ).toEqual({
      amountMinor: 30,
      currency: 'USD',
    });
    expect(() =>
      addMoney({ amountMinor: 1, currency: 'USD' }, { amountMinor: 1, currency: 'EUR' }),
    ).toThrow(/without a rate/);
  });

  it('rejects float amounts at the schema edge', () => {
    expect(Money.safeParse({ amountMinor: 19.99, currency: 'USD' }).success).toBe(false);
    expect(Money.safeParse({ amountMinor: 1999, currency: 'USD' }).success).toBe(true);
  });
});
