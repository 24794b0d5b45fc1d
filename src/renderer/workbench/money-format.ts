/**
 * Money for grids: one Intl.NumberFormat per currency, built on first use and kept, fed the
 * decimal string (never a float) as shared/money.ts does. A grid formats thousands of prices
 * while scrolling; building a formatter for each costs more than the whole rest of a row.
 */
import { currencyExponent, minorToDecimalString, type Money } from '../../shared/money.js';
import { NO_VALUE } from '../i18n/format.js';

export function moneyFormatter(locale: string): (money: Money) => string {
  const formatters = new Map<string, Intl.NumberFormat | null>();
  const formatterOf = (currency: string): Intl.NumberFormat | null => {
    let formatter = formatters.get(currency);
    if (formatter === undefined) {
      try {
        const digits = currencyExponent(currency);
        formatter = new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        });
      } catch {
        // An unknown code is refused by the contract; show nothing rather than a guessed scale.
        formatter = null;
      }
      formatters.set(currency, formatter);
    }
    return formatter;
  };
  return (money) => {
    const formatter = formatterOf(money.currency);
    if (!formatter) return NO_VALUE;
    // Intl.NumberFormat formats decimal strings exactly (ES2023); the type only admits numbers.
    return formatter.format(
      minorToDecimalString(money.amountMinor, money.currency) as unknown as number,
    );
  };
}
