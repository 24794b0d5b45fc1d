import { describe, expect, it } from 'vitest';
import { sandboxChoice } from './serve.js';

describe('SILKROUTE_SANDBOX_SHOPS', () => {
  it('opens every sandbox shop when unset or empty', () => {
    expect(sandboxChoice(undefined)).toEqual(['amazon', 'ebay', 'aliexpress', 'wish', 'shopee']);
    expect(sandboxChoice(' , ')).toEqual(['amazon', 'ebay', 'aliexpress', 'wish', 'shopee']);
  });

  it('narrows to the marketplaces named, in the usual order', () => {
    expect(sandboxChoice('shopee, ebay')).toEqual(['ebay', 'shopee']);
  });

  it('names what it does not know and what it would take', () => {
    expect(() => sandboxChoice('shopee,etsy')).toThrow(
      'SILKROUTE_SANDBOX_SHOPS names no marketplace: etsy (use amazon, ebay, aliexpress, wish, shopee)',
    );
  });
});
