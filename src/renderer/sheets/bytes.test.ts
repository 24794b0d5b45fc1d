import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from './bytes.js';

describe('file bytes as base64', () => {
  it('round-trips every byte value, across the chunk boundary', () => {
    const bytes = new Uint8Array(0x8000 * 2 + 123).map((_, index) => (index * 7) % 256);
    const base64 = bytesToBase64(bytes);
    expect(base64).toBe(Buffer.from(bytes).toString('base64'));
    expect(base64ToBytes(base64)).toEqual(bytes);
  });

  it('handles an empty file', () => {
    expect(bytesToBase64(new Uint8Array())).toBe('');
    expect(base64ToBytes('')).toEqual(new Uint8Array());
  });
});
