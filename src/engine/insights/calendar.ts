/**
 * The seller's calendar: local days in their IANA time zone, and the UTC instants where those days
 * begin. Insights bucket orders by local day; a day is the half-open UTC range
 * [start of the day, start of the next day), so DST days are 23 or 25 hours long and a zone whose
 * midnight is skipped (the day starts at 01:00) still gets every instant assigned to exactly one day.
 *
 * Day strings are 'YYYY-MM-DD'; calendar arithmetic on them (next day, week, month) needs no zone.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(zone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(zone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD; numbering is ASCII whatever the system locale.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      numberingSystem: 'latn',
    });
    dayFormats.set(zone, format);
  }
  return format;
}

/** Throws a RangeError naming the zone when Intl does not know it. */
export function checkTimeZone(zone: string): void {
  try {
    dayFormat(zone);
  } catch {
    throw new RangeError(`Unknown IANA time zone "${zone}"`);
  }
}

export function isDay(text: string): boolean {
  const match = DAY.exec(text);
  if (!match) return false;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(time).toISOString().slice(0, 10) === text;
}

function dayUtcMs(day: string): number {
  if (!isDay(day)) throw new RangeError(`"${day}" is not a YYYY-MM-DD date`);
  return Date.parse(`${day}T00:00:00.000Z`);
}

/** The local date of an instant in `zone`. */
export function localDay(epochMs: number, zone: string): string {
  return dayFormat(zone).format(epochMs);
}

export function addDays(day: string, days: number): string {
  return new Date(dayUtcMs(day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayUtcMs(to) - dayUtcMs(from)) / DAY_MS);
}

/** Every day from `from` to `to`, both included. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Monday of the ISO week holding `day`. */
export function weekOf(day: string): string {
  const weekday = new Date(dayUtcMs(day)).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

/** 'YYYY-MM-01' of the month holding `day`. */
export function monthOf(day: string): string {
  dayUtcMs(day);
  return `${day.slice(0, 8)}01`;
}

const starts = new Map<string, number>();

/**
 * The first instant (to the minute: every zone offset in use is whole minutes) whose local date in
 * `zone` is `day` or later. The usual answer is local midnight; when midnight is skipped by a DST
 * change, the day begins at the change.
 */
export function dayStartMs(day: string, zone: string): number {
  const key = `${zone} ${day}`;
  const cached = starts.get(key);
  if (cached !== undefined) return cached;
  const midnightUtc = dayUtcMs(day);
  // Offsets lie within ±14 h, so the answer lies within a day either side of UTC midnight.
  let low = midnightUtc - 15 * 60 * MINUTE_MS; // local date surely before `day`
  let high = midnightUtc + 15 * 60 * MINUTE_MS; // local date surely `day` or later
  while (high - low > MINUTE_MS) {
    const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
    if (localDay(middle, zone) >= day) high = middle;
    else low = middle;
  }
  if (starts.size > 20_000) starts.clear();
  starts.set(key, high);
  return high;
}

/** ISO-8601 UTC (as the store writes times) of the start of `day` in `zone`. */
export function dayStartIso(day: string, zone: string): string {
  return new Date(dayStartMs(day, zone)).toISOString();
}

export type Grain = 'day' | 'week' | 'month';

/** The bucket a day falls in at a grain: the day itself, its week's Monday, its month's first. */
export function bucketOf(day: string, grain: Grain): string {
  if (grain === 'day') return day;
  return grain === 'week' ? weekOf(day) : monthOf(day);
}

export interface Bucket {
  /** The bucket's key: its first day ('YYYY-MM-DD'). */
  key: string;
  /** First and last local day of the bucket inside the period. */
  firstDay: string;
  lastDay: string;
  /** UTC range of the bucket inside the period: [from, to). */
  from: string;
  to: string;
}

/** The period's buckets in order, each cut to the period (a week may start before `from`). */
export function bucketsOf(from: string, to: string, grain: Grain, zone: string): Bucket[] {
  const buckets: Bucket[] = [];
  for (const day of daysOf(from, to)) {
    const key = bucketOf(day, grain);
    const last = buckets.at(-1);
    if (last && last.key === key) last.lastDay = day;
    else buckets.push({ key, firstDay: day, lastDay: day, from: '', to: '' });
  }
  for (const bucket of buckets) {
    bucket.from = dayStartIso(bucket.firstDay, zone);
    bucket.to = dayStartIso(addDays(bucket.lastDay, 1), zone);
  }
  return buckets;
}

/** UTC range [placedFrom, placedTo) of the local days from `from` to `to`. */
export function periodRange(
  period: { from: string; to: string },
  zone: string,
): { placedFrom: string; placedTo: string } {
  return {
    placedFrom: dayStartIso(period.from, zone),
    placedTo: dayStartIso(addDays(period.to, 1), zone),
  };
}
