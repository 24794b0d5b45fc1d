import { describe, expect, it } from 'vitest';
import { businessDaysBack, easterSunday, isBusinessDay } from './calendar.js';

describe('TARGET calendar', () => {
  it('knows Easter and the closing days', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(isBusinessDay('2026-04-03')).toBe(false); // Good Friday
    expect(isBusinessDay('2026-04-06')).toBe(false); // Easter Monday
    expect(isBusinessDay('2026-05-01')).toBe(false);
    expect(isBusinessDay('2026-12-25')).toBe(false);
    expect(isBusinessDay('2026-04-07')).toBe(true);
    expect(businessDaysBack('2026-04-07', 7)).toEqual(['2026-04-07', '2026-04-02', '2026-04-01']);
  });
});
