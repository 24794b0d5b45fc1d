/**
 * Money is an integer count of minor units plus an ISO 4217 code. Never a float: a price read as
 * "19.99" becomes 1999 USD cents by string arithmetic, and 1999 JPY stays 1999 yen. The exponent
 * table is ISO 4217's (list one, "minor unit" column) for every currency a seller may meet.
 */
import { z } from 'zod';

const EXPONENTS: Readonly<Record<string, number>> = {
  // 0 decimals
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  // 3 decimals
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  // 4 decimals
  CLF: 4,
  UYW: 4,
  // 2 decimals (the common case, listed so that unknown codes are refused rather than guessed)
  AED: 2,
  ARS: 2,
  AUD: 2,
  BDT: 2,
  BGN: 2,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CNY: 2,
  COP: 2,
  CZK: 2,
  DKK: 2,
  DZD: 2,
  EGP: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  KES: 2,
  KZT: 2,
  LKR: 2,
  MAD: 2,
  MXN: 2,
  MYR: 2,
  NGN: 2,
  NOK: 2,
  NZD: 2,
  PEN: 2,
  PHP: 2,
  PKR: 2,
  PLN: 2,
  QAR: 2,
  RON: 2,
  RSD: 2,
  RUB: 2,
  SAR: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TRY: 2,
  TWD: 2,
  UAH: 2,
  USD: 2,
  ZAR: 2,
};

export const CURRENCY_CODES = Object.freeze(Object.keys(EXPONENTS).sort());

export function isCurrencyCode(code: string): boolean {
  return Object.hasOwn(EXPONENTS, code);
}

/** ISO 4217 minor-unit exponent; throws for a code we do not know rather than guessing 2. */
export function currencyExponent(code: string): number {
  const exponent = EXPONENTS[code];
  if (exponent === undefined) throw new RangeError(`Unknown ISO 4217 currency code "${code}"`);
  return exponent;
}

export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'expected a three-letter ISO 4217 code')
  .refine(isCurrencyCode, { message: 'unknown ISO 4217 currency code' });

/** An integer number of minor units; safe-integer bounded so sums stay exact. */
export const MinorUnits = z
  .number()
  .int('money is an integer count of minor units')
  .refine(Number.isSafeInteger, { message: 'amount out of range' });

export const Money = z.object({ amountMinor: MinorUnits, currency: CurrencyCode });
export type Money = z.infer<typeof Money>;

/**
 * Parses a decimal string ("19.99", "-0.5", "1,234.50" is refused) into minor units by string
 * arithmetic. More decimals than the currency has is an error, not a rounding.
 */
export function parseDecimalToMinor(text: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const match = /^\s*(-)?(\d+)(?:\.(\d+))?\s*$/.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a decimal amount`);
  const [, sign, whole = '0', fraction = ''] = match;
  if (fraction.length > exponent) {
    throw new RangeError(`"${text}" has more decimals than ${currency} allows (${exponent})`);
  }
  const minor = Number(whole + fraction.padEnd(exponent, '0'));
  if (!Number.isSafeInteger(minor)) throw new RangeError(`"${text}" is out of range`);
  return sign ? -minor : minor;
}

/** Formats minor units as a plain decimal string ("1999" USD → "19.99"), no grouping, no symbol. */
export function minorToDecimalString(amountMinor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = amountMinor < 0;
  const digits = String(Math.abs(amountMinor)).padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * Locale-aware display ("€19,99", "¥1,999"). Intl receives the decimal string, not a float
 * division, so no binary rounding can creep into what the seller reads.
 */
export function formatMoney(money: Money, locale: string): string {
  // Intl.NumberFormat accepts decimal strings exactly (ES2023 "Intl.NumberFormat v3").
  return moneyFormatter(locale, money.currency).format(
    minorToDecimalString(money.amountMinor, money.currency) as unknown as number,
  );
}

/** Building an Intl.NumberFormat costs far more than formatting with one: one per locale and code. */
const formatters = new Map<string, Intl.NumberFormat>();
const FORMATTER_CACHE_LIMIT = 256;

function moneyFormatter(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}\u0000${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: currencyExponent(currency),
      maximumFractionDigits: currencyExponent(currency),
    });
    if (formatters.size >= FORMATTER_CACHE_LIMIT) formatters.clear();
    formatters.set(key, formatter);
  }
  return formatter;
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) {
    throw new RangeError(`Cannot add ${a.currency} to ${b.currency} without a rate`);
  }
  const amountMinor = a.amountMinor + b.amountMinor;
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError('Money sum out of range');
  return { amountMinor, currency: a.currency };
}
