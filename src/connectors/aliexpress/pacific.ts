/**
 * US Pacific wall-clock text (`yyyy-MM-dd HH:mm:ss`), the time AliExpress's order APIs speak
 * (notes §3.4), converted with Intl's America/Los_Angeles zone in both directions.
 *
 * Text → instant is not always one instant: in November's repeated hour one text stands for two,
 * in March's missing hour a text stands for none. The gateway (a Java service) reads such text the
 * way java.time does — the earlier instant in the repeated hour, a missing time moved forward by
 * the gap — and so does `fromPacificText`. Consequences for callers:
 * - a window start sent as text can only be read as the same or an earlier instant: safe;
 * - a window end inside the second pass of the repeated hour would be read an hour early, so
 *   `windowEndText` moves it past the repeated hour (the extra orders are de-duplicated or fall in
 *   the next window too, which the engine's upsert absorbs);
 * - an order last modified in the second pass is read an hour early: no text can tell.
 */

const ZONE = 'America/Los_Angeles';
const HOUR = 3_600_000;

const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** An instant as Pacific wall-clock text; milliseconds are dropped (the API has none). */
export function toPacificText(utcMs: number): string {
  if (!Number.isFinite(utcMs)) throw new RangeError(`Not a time: ${utcMs}`);
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(new Date(utcMs))) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

const PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** The wall-clock fields read as if they were UTC, or null when the text is no valid time. */
function wallAsUtc(text: string): number | null {
  const match = PATTERN.exec(text.trim());
  if (!match) return null;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match
    .slice(1)
    .map(Number);
  const value = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(value);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour
  ) {
    return null;
  }
  return value;
}

/** Every instant whose Pacific text is `text`, earliest first: 0 (missing hour), 1 or 2. */
export function pacificInstants(text: string): number[] {
  const wall = wallAsUtc(text);
  if (wall === null) return [];
  // Pacific time is UTC-7 or UTC-8: a matching instant is the wall time plus 7 or 8 hours.
  const wanted = text.trim();
  return [wall + 7 * HOUR, wall + 8 * HOUR].filter(
    (candidate) => toPacificText(candidate) === wanted,
  );
}

/** Pacific text → instant as the gateway reads it; null when the text is not a valid time. */
export function fromPacificText(text: string): number | null {
  const wall = wallAsUtc(text);
  if (wall === null) return null;
  const [earliest] = pacificInstants(text);
  // In the missing hour, read with the offset in force before the gap (standard time, UTC-8).
  return earliest ?? wall + 8 * HOUR;
}

/** Text for a window start: the gateway reads it as the same instant or earlier. */
export function windowStartText(utcMs: number): string {
  return toPacificText(utcMs);
}

/** Text for a window end that the gateway reads as the same instant or later (see above). */
export function windowEndText(utcMs: number): string {
  const second = Math.floor(utcMs / 1000) * 1000;
  const text = toPacificText(second);
  const readAs = fromPacificText(text);
  // Inside the second pass of the repeated hour: one hour on is past it, in standard time.
  return readAs !== null && readAs < second ? toPacificText(second + HOUR) : text;
}

/** Pacific text as ISO-8601 UTC, or null when it is not a valid time. */
export function pacificTextToIso(text: string): string | null {
  const value = fromPacificText(text);
  return value === null ? null : new Date(value).toISOString();
}
