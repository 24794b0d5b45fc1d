import { describe, expect, it } from 'vitest';
import { sizeText } from './BackupsPanel.js';

describe('sizeText', () => {
  const number = (value: number) => String(value);
  it('shows whole kilobytes (at least 1) below a megabyte, one decimal above', () => {
    expect(sizeText(100, number)).toBe('1 KB');
    expect(sizeText(200 * 1024, number)).toBe('200 KB');
    expect(sizeText(3.25 * 1024 * 1024, number)).toBe('3.3 MB');
  });
});
