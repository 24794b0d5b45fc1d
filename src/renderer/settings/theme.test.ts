import { describe, expect, it } from 'vitest';
import { resolvePalette } from './theme.js';

describe('resolvePalette', () => {
  it('follows the OS only when the setting is system', () => {
    expect(resolvePalette('system', true)).toBe('dark');
    expect(resolvePalette('system', false)).toBe('light');
    expect(resolvePalette('light', true)).toBe('light');
    expect(resolvePalette('dark', false)).toBe('dark');
  });
});
