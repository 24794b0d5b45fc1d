import { describe, expect, it } from 'vitest';
import { createFormatter, NO_VALUE, relativeParts, safeTimeZone } from './format.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('relativeParts', () => {
  it('picks the largest unit that keeps the number at least one', () => {
    expect(relativeParts(-30_000)).toEqual({ value: -30, unit: 'second' });
    expect(relativeParts(-90_000)).toEqual({ value: -2, unit: 'minute' });
    expect(relativeParts(3 * HOUR)).toEqual({ value: 3, unit: 'hour' });
    expect(relativeParts(-36 * HOUR)).toEqual({ value: -2, unit: 'day' });
    expect(relativeParts(-45 * DAY)).toEqual({ value: -2, unit: 'month' });
    expect(relativeParts(800 * DAY)).toEqual({ value: 2, unit: 'year' });
    expect(relativeParts(0)).toEqual({ value: 0, unit: 'second' });
  });
});

describe('createFormatter', () => {
  const now = Date.parse('2026-03-04T12:00:00Z');

  it('formats numbers with the locale grouping', () => {
    expect(createFormatter('en', 'UTC').number(1234567)).toBe('1,234,567');
    expect(createFormatter('de-DE', 'UTC').number(1234567)).toBe('1.234.567');
  });

  it('formats money from minor units, exact for every exponent', () => {
    const en = createFormatter('en', 'UTC');
    expect(en.money({ amountMinor: 1999, currency: 'USD' })).toBe('$19.99');
    expect(en.money({ amountMinor: 1999, currency: 'JPY' })).toBe('¥1,999');
    expect(en.money({ amountMinor: 1234, currency: 'KWD' })).toBe('KWD\u00a01.234');
    expect(createFormatter('zh-CN', 'UTC').money({ amountMinor: 1999, currency: 'CNY' })).toBe(
      '¥19.99',
    );
    expect(en.money(null)).toBe(NO_VALUE);
  });

  it('shows dates in the seller time zone, not UTC', () => {
    const iso = '2026-03-04T23:30:00Z';
    expect(createFormatter('en', 'UTC').date(iso)).toBe('Mar 4, 2026');
    expect(createFormatter('en', 'Asia/Shanghai').date(iso)).toBe('Mar 5, 2026');
    expect(createFormatter('zh-CN', 'Asia/Shanghai').dateTime(iso)).toBe('2026年3月5日 07:30');
  });

  it('writes relative times in the chosen language', () => {
    const threeHoursAgo = new Date(now - 3 * HOUR).toISOString();
    expect(createFormatter('en', 'UTC').relative(threeHoursAgo, now)).toBe('3 hours ago');
    expect(createFormatter('zh-CN', 'UTC').relative(threeHoursAgo, now)).toBe('3小时前');
    expect(createFormatter('en', 'UTC').relative(new Date(now + DAY).toISOString(), now)).toBe(
      'tomorrow',
    );
  });

  it('shows a dash for absent or unreadable times', () => {
    const en = createFormatter('en', 'UTC');
    expect(en.dateTime(null)).toBe(NO_VALUE);
    expect(en.date('not a date')).toBe(NO_VALUE);
    expect(en.relative(undefined, now)).toBe(NO_VALUE);
  });

  it('falls back to UTC for a time zone Intl does not know', () => {
    expect(safeTimeZone('Mars/Olympus')).toBe('UTC');
    expect(safeTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(createFormatter('en', 'Mars/Olympus').timeZone).toBe('UTC');
  });
});
