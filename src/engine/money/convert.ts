/**
 * Conversion between currencies through an exact rate. A rate says how many major units of the
 * quote currency one major unit of the base buys (ECB convention: EUR→JPY 163.12). Minor units
 * differ by exponent (USD cents, JPY yen, KWD fils), so the exponents enter the ratio too and the
 * result is rounded once, half-even, in the target's minor units.
 */
import { currencyExponent, type Money } from '../../shared/money.js';
import { divideHalfEven, toSafeNumber, type Ratio } from './decimal.js';

/** Converts `money` into `to` at `rate` (major units of `to` per major unit of money.currency). */
export function convertMinor(money: Money, rate: Ratio, to: string): Money {
  if (money.currency === to) return { amountMinor: money.amountMinor, currency: to };
  const fromExponent = currencyExponent(money.currency);
  const toExponent = currencyExponent(to);
  if (rate.numerator <= 0n || rate.denominator <= 0n) {
    throw new RangeError(`rate ${money.currency}→${to} must be positive`);
  }
  const numerator =
    BigInt(money.amountMinor) *
    rate.numerator *
    10n ** BigInt(Math.max(0, toExponent - fromExponent));
  const denominator = rate.denominator * 10n ** BigInt(Math.max(0, fromExponent - toExponent));
  return {
    amountMinor: toSafeNumber(divideHalfEven(numerator, denominator), `converted ${to} amount`),
    currency: to,
  };
}
