/**
 * Localised labels for the Insights charts: bucket keys as short dates or months in the seller's
 * language, compact axis numbers, and home-currency amounts. Amounts arrive as integer minor units;
 * they become major units only here, for drawing and reading, never for arithmetic.
 */
import { currencyExponent } from '../../shared/money.js';
import type { InsightGrain } from '../../shared/api/index.js';

const utc = (day: string) => Date.parse(`${day}T00:00:00Z`);

export function bucketLabel(key: string, grain: InsightGrain, locale: string): string {
  const options: Intl.DateTimeFormatOptions =
    grain === 'month'
      ? { year: 'numeric', month: 'short', timeZone: 'UTC' }
      : { month: 'short', day: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale, options).format(utc(key));
}

export function dayLabel(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(utc(day));
}

/** Major units for drawing (a chart axis is not a ledger). */
export function toMajor(amountMinor: number, currency: string): number {
  return amountMinor / 10 ** currencyExponent(currency);
}

export function compactNumber(locale: string): (value: number) => string {
  const format = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  return (value) => format.format(value);
}

export function compactMoney(locale: string, currency: string): (value: number) => string {
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  });
  return (value) => format.format(value);
}

export function decimal(locale: string, digits: number): (value: number) => string {
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
  return (value) => format.format(value);
}

/** A major-unit amount written out in full, for tooltips. */
export function fullMoney(locale: string, currency: string): (value: number) => string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  return (value) => format.format(value);
}
