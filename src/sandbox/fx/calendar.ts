/**
 * The TARGET calendar the ECB publishes on: no reference rates on weekends, 1 January, Good Friday,
 * Easter Monday, 1 May, 25 and 26 December.
 */

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm), as YYYY-MM-DD. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const DAY_MS = 86_400_000;

export function shiftDay(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isTargetHoliday(date: string): boolean {
  const monthDay = date.slice(5);
  if (['01-01', '05-01', '12-25', '12-26'].includes(monthDay)) return true;
  const easter = easterSunday(Number(date.slice(0, 4)));
  return date === shiftDay(easter, -2) || date === shiftDay(easter, 1);
}

export function isBusinessDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isTargetHoliday(date);
}

/** The business days from `count` calendar days before `date` up to it, newest first. */
export function businessDaysBack(date: string, count: number): string[] {
  const days: string[] = [];
  for (let offset = 0; offset < count; offset += 1) {
    const day = shiftDay(date, -offset);
    if (isBusinessDay(day)) days.push(day);
  }
  return days;
}
