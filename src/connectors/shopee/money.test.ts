import { describe, expect, it } from 'vitest';
import { decimalTextOfNumber, moneyFromShopee, shopeePriceOf } from './money.js';

describe('Shopee money', () => {
  it('reads JSON numbers through their shortest decimal text, exactly', () => {
    expect(moneyFromShopee(12.3, 'SGD')).toEqual({ amountMinor: 1230, currency: 'SGD' });
    expect(moneyFromShopee(19.99, 'SGD')).toEqual({ amountMinor: 1999, currency: 'SGD' });
    expect(moneyFromShopee(0.07, 'SGD')).toEqual({ amountMinor: 7, currency: 'SGD' });
    expect(moneyFromShopee(48000, 'VND')).toEqual({ amountMinor: 48000, currency: 'VND' });
    expect(moneyFromShopee('122.020', 'SGD')).toEqual({ amountMinor: 12202, currency: 'SGD' });
    expect(moneyFromShopee(100, 'TWD')).toEqual({ amountMinor: 10000, currency: 'TWD' });
  });

  it('refuses amounts that would need rounding', () => {
    expect(() => moneyFromShopee(0.1 + 0.2, 'SGD')).toThrow(RangeError);
    expect(() => moneyFromShopee(1.5, 'VND')).toThrow(RangeError);
    expect(() => moneyFromShopee(1, 'XXX')).toThrow(RangeError);
  });

  it('expands exponent notation', () => {
    expect(decimalTextOfNumber(1e-7)).toBe('0.0000001');
    expect(decimalTextOfNumber(1.5e21)).toBe('1500000000000000000000');
    expect(decimalTextOfNumber(-2.5e-3)).toBe('-0.0025');
    expect(() => decimalTextOfNumber(Number.NaN)).toThrow(RangeError);
  });

  it('writes prices as JSON numbers and keeps integer-only markets whole', () => {
    expect(shopeePriceOf({ amountMinor: 1230, currency: 'SGD' }, true)).toBe(12.3);
    expect(shopeePriceOf({ amountMinor: 10000, currency: 'TWD' }, false)).toBe(100);
    expect(() => shopeePriceOf({ amountMinor: 10050, currency: 'TWD' }, false)).toThrow(
      /whole amounts/,
    );
  });
});
