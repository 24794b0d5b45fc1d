/**
 * eBay's day. Daily call quotas and the 250-revisions-per-listing cap count per day; eBay does not
 * say in which time zone the day turns (a third-party note says Pacific midnight, UNCONFIRMED), so
 * the fake turns its days at midnight America/Los_Angeles, daylight saving included.
 */
const PACIFIC = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  /** Milliseconds the Pacific wall clock is ahead of UTC (negative). */
  offsetMs: number;
}

function wallClock(ms: number): WallClock {
  const parts: Record<string, number> = {};
  for (const part of PACIFIC.formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const wholeSeconds = Math.floor(ms / 1000) * 1000;
  return { year, month, day, offsetMs: asUtc - wholeSeconds };
}

/** The Pacific calendar day of `ms`, as `YYYY-MM-DD`. */
export function pacificDay(ms: number): string {
  const { year, month, day } = wallClock(ms);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Epoch ms of the next Pacific midnight after `ms` (when a daily quota resets). */
export function nextPacificMidnight(ms: number): number {
  const { year, month, day, offsetMs } = wallClock(ms);
  // Midnight of the next wall-clock day, read with today's offset, then corrected once for a
  // daylight-saving change in between.
  let candidate = Date.UTC(year, month - 1, day + 1) - offsetMs;
  const corrected = Date.UTC(year, month - 1, day + 1) - wallClock(candidate).offsetMs;
  if (corrected !== candidate && pacificDay(corrected) !== pacificDay(ms)) candidate = corrected;
  return candidate;
}
