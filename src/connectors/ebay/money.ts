/**
 * eBay amounts are decimal strings with their currency ({"value": "19.99", "currency": "USD"}):
 * read by string arithmetic into minor units, written back the same way. Never floats.
 */
import { minorToDecimalString, parseDecimalToMinor, type Money } from '../../shared/money.js';
import type { Amount } from './schemas.js';

/** An eBay Amount as Money; throws RangeError when it cannot be exact (e.g. too many decimals). */
export function moneyOf(amount: Amount): Money {
  // eBay may write "12.50" or "12.500"; trailing zero decimals are not extra precision.
  const text = amount.value.includes('.')
    ? amount.value.replace(/0+$/, '').replace(/\.$/, '')
    : amount.value;
  return { amountMinor: parseDecimalToMinor(text, amount.currency), currency: amount.currency };
}

export function amountOf(money: Money): Amount {
  return {
    value: minorToDecimalString(money.amountMinor, money.currency),
    currency: money.currency,
  };
}
