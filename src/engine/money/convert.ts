/**
 * Conversion between currencies through an exact rate. A rate says how many major units of the
 * quote currency one major unit of the base buys (ECB convention: EUR→JPY 163.12). Minor units
 * differ by exponent (USD cents, JPY yen, KWD fils), so the exponents enter the ratio too and the
 * result is rounded once, half-even, in the target's minor units.
 */
import { currencyExponent, type Money } from '../../shared/money.js';
import { divideHalfEven, toSafeNumber, type Ratio } from './decimal.js';

/**
 * `money` in minor units of `to` at `rate`, exactly (a ratio, not yet rounded): callers that add
 * several converted amounts round once, at the end.
 */
export function convertExact(money: Money, rate: Ratio, to: string): Ratio {
  if (money.currency === to) return { numerator: BigInt(money.amountMinor), denominator: 1n };
  const fromExponent = currencyExponent(money.currency);
  const toExponent = currencyExponent(to);
  if (rate.numerator <= 0n || rate.denominator <= 0n) {
    throw new RangeError(`rate ${money.currency}→${to} must be positive`);
  }
  return {
    numerator:
      BigInt(money.amountMinor) *
      rate.numerator *
      10n ** BigInt(Math.max(0, toExponent - fromExponent)),
    denominator: rate.denominator * 10n ** BigInt(Math.max(0, fromExponent - toExponent)),
  };
}

/** Converts `money` into `to` at `rate` (major units of `to` per major unit of money.currency). */
export function convertMinor(money: Money, rate: Ratio, to: string): Money {
  const exact = convertExact(money, rate, to);
  return {
    amountMinor: toSafeNumber(
      divideHalfEven(exact.numerator, exact.denominator),
      `converted ${to} amount`,
    ),
    currency: to,
  };
}
