/**
 * US Pacific time as the fake AliExpress speaks it (`yyyy-MM-dd HH:mm:ss`, notes §3.4: order times
 * and filters are in US Pacific time). Written from the US daylight-saving rule itself (since 2007:
 * from the second Sunday of March, 02:00 local standard time, to the first Sunday of November,
 * 02:00 local daylight time) with plain arithmetic, on purpose NOT with Intl time zones, so that it
 * is an independent check of a connector that converts with Intl.
 *
 * Local text → instant follows the rule of Java's ZonedDateTime (what a Java gateway does): in the
 * repeated hour of November the EARLIER instant (daylight time) is meant; a time in the missing hour
 * of March is moved forward by the gap (read with the standard-time offset).
 */

const HOUR = 3_600_000;
const DAY = 86_400_000;
const STANDARD_OFFSET = -8 * HOUR;
const DAYLIGHT_OFFSET = -7 * HOUR;

/** Day of the month of the n-th Sunday of (year, month 0-based). */
function nthSunday(year: number, month: number, n: number): number {
  const weekdayOfFirst = new Date(Date.UTC(year, month, 1)).getUTCDay();
  const firstSunday = 1 + ((7 - weekdayOfFirst) % 7);
  return firstSunday + (n - 1) * 7;
}

/** The instants (UTC ms) daylight time starts and ends in `year`. */
export function daylightBounds(year: number): { start: number; end: number } {
  // 02:00 standard time = 10:00 UTC; 02:00 daylight time = 09:00 UTC.
  return {
    start: Date.UTC(year, 2, nthSunday(year, 2, 2), 10),
    end: Date.UTC(year, 10, nthSunday(year, 10, 1), 9),
  };
}

/** Offset of Pacific time from UTC at an instant, in ms (-7 h or -8 h). */
export function pacificOffsetAt(utcMs: number): number {
  const { start, end } = daylightBounds(new Date(utcMs).getUTCFullYear());
  return utcMs >= start && utcMs < end ? DAYLIGHT_OFFSET : STANDARD_OFFSET;
}

const two = (value: number) => String(value).padStart(2, '0');

/** An instant as Pacific wall-clock text, seconds precision (milliseconds are dropped). */
export function formatPacific(utcMs: number): string {
  const local = new Date(utcMs + pacificOffsetAt(utcMs));
  return (
    `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())} ` +
    `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`
  );
}

const PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Pacific wall-clock text → UTC ms, or null when the text is not a valid `yyyy-MM-dd HH:mm:ss`. */
export function parsePacific(text: string): number | null {
  const match = PATTERN.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  // Daylight reading first: it is the earlier instant where both readings are valid.
  const daylight = wall - DAYLIGHT_OFFSET;
  if (pacificOffsetAt(daylight) === DAYLIGHT_OFFSET) return daylight;
  return wall - STANDARD_OFFSET;
}

/** Next midnight in GMT+8 (Beijing) strictly after `utcMs`: when a daily app-key ban lifts. */
export function nextBeijingMidnight(utcMs: number): number {
  const offset = 8 * HOUR;
  return Math.floor((utcMs + offset) / DAY) * DAY + DAY - offset;
}
