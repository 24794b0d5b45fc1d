/**
 * Shopee sends prices as JSON numbers in the shop currency ("original_price": 12.3). A JSON number
 * is read exactly through its shortest decimal text (the text JavaScript prints for it, which is
 * what the marketplace wrote for any value with up to 15 significant digits), then converted to
 * minor units by string arithmetic. Never through float multiplication.
 */
import {
  currencyExponent,
  minorToDecimalString,
  parseDecimalToMinor,
  type Money,
} from '../../shared/money.js';

/** The shortest decimal text of a finite number, without exponent notation ("1e-7" → "0.0000001"). */
export function decimalTextOfNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`);
  const text = String(value);
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponentText);
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return sign + out.replace(/^0+(?=\d)/, '');
}

/** A Shopee price (JSON number or numeric string) as Money; throws RangeError when it cannot be exact. */
export function moneyFromShopee(value: number | string, currency: string): Money {
  const text = typeof value === 'number' ? decimalTextOfNumber(value) : value.trim();
  // Shopee writes "12.00" or 12 for whole amounts; extra zero decimals are not extra precision.
  const trimmed = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  return { amountMinor: parseDecimalToMinor(trimmed, currency), currency };
}

/** Money as the JSON number Shopee expects; refuses fractions where the market allows integers only. */
export function shopeePriceOf(money: Money, decimalPrices: boolean): number {
  const text = minorToDecimalString(money.amountMinor, money.currency);
  const exponent = currencyExponent(money.currency);
  if (!decimalPrices && exponent > 0 && money.amountMinor % 10 ** exponent !== 0) {
    throw new RangeError(
      `${text} ${money.currency}: this Shopee market accepts whole amounts only`,
    );
  }
  return Number(text);
}
