/**
 * Locale-aware display of numbers, money, dates and relative times. Every date is shown in the
 * seller's chosen time zone (stored values are UTC). Intl formatters are costly to build and a grid
 * formats thousands of cells while scrolling, so one formatter set is built per locale + zone.
 */
import { createLogger } from '../../shared/log.js';
import { formatMoney, type Money } from '../../shared/money.js';

const log = createLogger('renderer.format');

/** Shown where a value is absent; a dash reads the same in every language. */
export const NO_VALUE = '—';

export type RelativeUnit = 'second' | 'minute' | 'hour' | 'day' | 'month' | 'year';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

/**
 * The largest unit that keeps the number ≥ 1, rounded: 90 s → 2 minutes, 36 h → 2 days. Negative
 * values are in the past.
 */
export function relativeParts(deltaMs: number): { value: number; unit: RelativeUnit } {
  const size = Math.abs(deltaMs);
  // Rounded half away from zero, so 90 s ago and 90 s ahead both read "2 minutes".
  const pick = (unit: RelativeUnit, length: number) => ({
    value: Math.sign(deltaMs) * Math.round(size / length) || 0,
    unit,
  });
  if (size < MINUTE) return pick('second', SECOND);
  if (size < HOUR) return pick('minute', MINUTE);
  if (size < DAY) return pick('hour', HOUR);
  if (size < MONTH) return pick('day', DAY);
  if (size < YEAR) return pick('month', MONTH);
  return pick('year', YEAR);
}

export interface Formatter {
  readonly locale: string;
  readonly timeZone: string;
  number: (value: number) => string;
  money: (value: Money | null | undefined) => string;
  /** Date and time, e.g. "Mar 4, 2026, 9:05 AM" / "2026年3月4日 09:05". */
  dateTime: (iso: string | null | undefined) => string;
  date: (iso: string | null | undefined) => string;
  /** "3 hours ago", "in 2 days"; `now` is injectable for tests. */
  relative: (iso: string | null | undefined, now?: number) => string;
}

function parseTime(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : time;
}

/** A time zone Intl accepts, else UTC: a bad setting must not blank every date in the app. */
export function safeTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

export function createFormatter(locale: string, timeZone: string): Formatter {
  const zone = safeTimeZone(timeZone);
  const numbers = new Intl.NumberFormat(locale);
  const dateTimes = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: zone,
  });
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: zone });
  const relatives = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  return {
    locale,
    timeZone: zone,
    number: (value) => numbers.format(value),
    money: (value) => {
      if (!value) return NO_VALUE;
      try {
        return formatMoney(value, locale);
      } catch (error) {
        // The contract only admits known ISO codes; an unknown one is a bug upstream. Showing a
        // guessed amount could mislead by a factor of 100, so show nothing and say why in the log.
        log.warn('Cannot format money', { currency: value.currency, error });
        return NO_VALUE;
      }
    },
    dateTime: (iso) => {
      const time = parseTime(iso);
      return time === null ? NO_VALUE : dateTimes.format(time);
    },
    date: (iso) => {
      const time = parseTime(iso);
      return time === null ? NO_VALUE : dates.format(time);
    },
    relative: (iso, now = Date.now()) => {
      const time = parseTime(iso);
      if (time === null) return NO_VALUE;
      const { value, unit } = relativeParts(time - now);
      return relatives.format(value, unit);
    },
  };
}
