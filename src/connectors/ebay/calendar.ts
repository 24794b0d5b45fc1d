/**
 * When eBay's day turns, for daily call quotas: not documented (a third-party note says Pacific
 * midnight, UNCONFIRMED). The connector assumes midnight America/Los_Angeles unless the Analytics
 * API has told it the reset time, which then wins.
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

function wall(ms: number): { year: number; month: number; day: number; offsetMs: number } {
  const parts: Record<string, number> = {};
  for (const part of PACIFIC.formatToParts(new Date(ms)))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  const offsetMs =
    Date.UTC(year, month - 1, day, hour, minute, second) - Math.floor(ms / 1000) * 1000;
  return { year, month, day, offsetMs };
}

/** The Pacific day of `ms` as `YYYY-MM-DD`. */
export function pacificDay(ms: number): string {
  const { year, month, day } = wall(ms);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Epoch ms of the first Pacific midnight after `ms`. */
export function nextPacificMidnight(ms: number): number {
  const { year, month, day, offsetMs } = wall(ms);
  const naive = Date.UTC(year, month - 1, day + 1);
  const first = naive - offsetMs;
  // A daylight-saving change between now and midnight moves the offset by an hour.
  const second = naive - wall(first).offsetMs;
  return pacificDay(second) !== pacificDay(ms) && second > ms ? second : first;
}
