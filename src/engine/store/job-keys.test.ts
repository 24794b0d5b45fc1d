import { describe, expect, it } from 'vitest';
import { newJobKey } from './job-keys.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('outbox job keys', () => {
  it('are version-7 UUIDs carrying the time in their first 48 bits', () => {
    const at = Date.parse('2026-11-25T02:00:00.000Z');
    const key = newJobKey(at);
    expect(key).toMatch(UUID_V7);
    expect(Number.parseInt(key.replaceAll('-', '').slice(0, 12), 16)).toBe(at);
  });

  it('sort in the order they were made, within one millisecond and across many', () => {
    const at = Date.parse('2030-01-01T00:00:00.000Z');
    const keys = Array.from({ length: 5000 }, (_, index) =>
      newJobKey(at + Math.floor(index / 3000)),
    );
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(keys);
    for (const key of keys) expect(key).toMatch(UUID_V7);
  });

  it('never goes back when the clock does', () => {
    const first = newJobKey(Date.parse('2031-01-01T00:00:00.000Z'));
    const second = newJobKey(Date.parse('2030-12-31T23:59:00.000Z'));
    expect(second > first).toBe(true);
  });
});
