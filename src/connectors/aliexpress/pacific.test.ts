import { describe, expect, it } from 'vitest';
import {
  fromPacificText,
  pacificInstants,
  pacificTextToIso,
  toPacificText,
  windowEndText,
  windowStartText,
} from './pacific.js';

const at = (iso: string) => Date.parse(iso);

describe('Pacific time for AliExpress', () => {
  it('converts both ways in summer and winter', () => {
    expect(toPacificText(at('2026-07-04T19:00:00.999Z'))).toBe('2026-07-04 12:00:00');
    expect(toPacificText(at('2026-01-04T20:00:00Z'))).toBe('2026-01-04 12:00:00');
    expect(pacificTextToIso('2026-07-04 12:00:00')).toBe('2026-07-04T19:00:00.000Z');
    expect(pacificTextToIso('2026-01-04 12:00:00')).toBe('2026-01-04T20:00:00.000Z');
  });

  describe('March: the missing hour (2026-03-08, 02:00 → 03:00)', () => {
    it('formats the instants on both sides of the change', () => {
      expect(toPacificText(at('2026-03-08T09:59:59Z'))).toBe('2026-03-08 01:59:59');
      expect(toPacificText(at('2026-03-08T10:00:00Z'))).toBe('2026-03-08 03:00:00');
    });

    it('has no instant for a time in the gap and reads it moved forward, as the gateway does', () => {
      expect(pacificInstants('2026-03-08 02:30:00')).toEqual([]);
      expect(fromPacificText('2026-03-08 02:30:00')).toBe(at('2026-03-08T10:30:00Z'));
      expect(fromPacificText('2026-03-08 03:00:00')).toBe(at('2026-03-08T10:00:00Z'));
      expect(fromPacificText('2026-03-08 01:59:59')).toBe(at('2026-03-08T09:59:59Z'));
    });

    it('round-trips every minute across the change', () => {
      for (let t = at('2026-03-08T08:00:00Z'); t < at('2026-03-08T12:00:00Z'); t += 60_000) {
        expect(fromPacificText(toPacificText(t))).toBe(t);
      }
    });
  });

  describe('November: the repeated hour (2026-11-01, 02:00 → 01:00)', () => {
    it('gives both instants of a repeated time, earlier first', () => {
      expect(pacificInstants('2026-11-01 01:30:00')).toEqual([
        at('2026-11-01T08:30:00Z'),
        at('2026-11-01T09:30:00Z'),
      ]);
      expect(toPacificText(at('2026-11-01T09:30:00Z'))).toBe('2026-11-01 01:30:00');
      expect(fromPacificText('2026-11-01 01:30:00')).toBe(at('2026-11-01T08:30:00Z'));
      expect(fromPacificText('2026-11-01 02:00:00')).toBe(at('2026-11-01T10:00:00Z'));
    });

    it('moves a window end in the second pass past the repeated hour, and no other', () => {
      expect(windowEndText(at('2026-11-01T09:30:00Z'))).toBe('2026-11-01 02:30:00');
      expect(windowEndText(at('2026-11-01T08:30:00Z'))).toBe('2026-11-01 01:30:00');
      expect(windowEndText(at('2026-11-01T10:00:00.500Z'))).toBe('2026-11-01 02:00:00');
      expect(windowStartText(at('2026-11-01T09:30:00Z'))).toBe('2026-11-01 01:30:00');
    });

    it('never reads a window bound to the wrong side of the instant it stands for', () => {
      for (let t = at('2026-11-01T07:00:00Z'); t < at('2026-11-01T11:00:00Z'); t += 60_000) {
        expect(fromPacificText(windowStartText(t))).toBeLessThanOrEqual(t);
        expect(fromPacificText(windowEndText(t))).toBeGreaterThanOrEqual(t);
      }
    });
  });

  it('refuses text that is no valid time', () => {
    for (const text of ['2026-02-30 10:00:00', '2026-01-01T10:00:00', '2026-01-01 25:00:00']) {
      expect(fromPacificText(text)).toBeNull();
    }
  });
});
