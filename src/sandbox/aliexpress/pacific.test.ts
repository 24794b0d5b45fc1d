import { describe, expect, it } from 'vitest';
import { daylightBounds, formatPacific, nextBeijingMidnight, parsePacific } from './pacific.js';

const utc = (text: string) => Date.parse(text);

describe('fake AliExpress Pacific time', () => {
  it('knows the 2026 daylight-saving changes', () => {
    const { start, end } = daylightBounds(2026);
    expect(new Date(start).toISOString()).toBe('2026-03-08T10:00:00.000Z');
    expect(new Date(end).toISOString()).toBe('2026-11-01T09:00:00.000Z');
  });

  it('formats both sides of each change', () => {
    expect(formatPacific(utc('2026-03-08T09:59:59Z'))).toBe('2026-03-08 01:59:59');
    expect(formatPacific(utc('2026-03-08T10:00:00Z'))).toBe('2026-03-08 03:00:00');
    expect(formatPacific(utc('2026-11-01T08:30:00Z'))).toBe('2026-11-01 01:30:00');
    expect(formatPacific(utc('2026-11-01T09:30:00Z'))).toBe('2026-11-01 01:30:00');
    expect(formatPacific(utc('2026-11-01T10:00:00Z'))).toBe('2026-11-01 02:00:00');
  });

  it('reads the repeated hour as the earlier instant and the missing hour moved forward', () => {
    expect(parsePacific('2026-11-01 01:30:00')).toBe(utc('2026-11-01T08:30:00Z'));
    expect(parsePacific('2026-11-01 02:00:00')).toBe(utc('2026-11-01T10:00:00Z'));
    expect(parsePacific('2026-03-08 02:30:00')).toBe(utc('2026-03-08T10:30:00Z'));
    expect(parsePacific('2026-03-08 03:00:00')).toBe(utc('2026-03-08T10:00:00Z'));
    expect(parsePacific('2026-07-04 12:00:00')).toBe(utc('2026-07-04T19:00:00Z'));
    expect(parsePacific('2026-01-04 12:00:00')).toBe(utc('2026-01-04T20:00:00Z'));
  });

  it('refuses text that is not a wall-clock time', () => {
    for (const text of ['2026-02-30 00:00:00', '2026-01-01T00:00:00', '2026-01-01 24:00:00', '']) {
      expect(parsePacific(text)).toBeNull();
    }
  });

  it('finds the next Beijing midnight', () => {
    expect(new Date(nextBeijingMidnight(utc('2026-01-15T12:00:00Z'))).toISOString()).toBe(
      '2026-01-15T16:00:00.000Z',
    );
    expect(new Date(nextBeijingMidnight(utc('2026-01-15T16:00:00Z'))).toISOString()).toBe(
      '2026-01-16T16:00:00.000Z',
    );
  });
});
