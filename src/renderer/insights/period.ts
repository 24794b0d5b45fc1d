/**
 * Periods of the Insights view in the seller's calendar: "last N days" ends today in their time
 * zone, a calendar month runs from its first day. Day strings are 'YYYY-MM-DD'.
 */
export const PERIOD_PRESETS = ['7d', '30d', '90d', 'thisMonth', 'lastMonth', '365d'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

const DAY_MS = 86_400_000;

export function todayIn(timeZone: string, now = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    numberingSystem: 'latn',
  }).format(now);
}

export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function periodOf(preset: PeriodPreset, today: string): { from: string; to: string } {
  switch (preset) {
    case '7d':
      return { from: shiftDay(today, -6), to: today };
    case '30d':
      return { from: shiftDay(today, -29), to: today };
    case '90d':
      return { from: shiftDay(today, -89), to: today };
    case '365d':
      return { from: shiftDay(today, -364), to: today };
    case 'thisMonth':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'lastMonth': {
      const lastOfPrevious = shiftDay(`${today.slice(0, 8)}01`, -1);
      return { from: `${lastOfPrevious.slice(0, 8)}01`, to: lastOfPrevious };
    }
  }
}

/** The grain that keeps a period's chart readable: days up to ~3 months, then weeks, months. */
export function naturalGrain(from: string, to: string): 'day' | 'week' | 'month' {
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days <= 92) return 'day';
  return days <= 366 ? 'week' : 'month';
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (text: string | null): text is string =>
  text !== null &&
  DAY.test(text) &&
  new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;

/** A period given in the address (#/insights?from=2025-05-01&to=2025-05-31), if valid. */
export function periodFromHash(hash: string): { from: string; to: string } | null {
  const query = new URLSearchParams(hash.split('?')[1] ?? '');
  const from = query.get('from');
  const to = query.get('to');
  return isDay(from) && isDay(to) && from <= to ? { from, to } : null;
}
