import { describe, expect, it } from 'vitest';
import { hrefOf, viewFromHash, VIEWS } from './routes.js';

describe('viewFromHash', () => {
  it('reads every view back from its own address', () => {
    for (const view of VIEWS) expect(viewFromHash(hrefOf(view))).toBe(view);
  });

  it('opens the inventory for an empty or unknown address', () => {
    expect(viewFromHash('')).toBe('inventory');
    expect(viewFromHash('#/nowhere')).toBe('inventory');
    expect(viewFromHash('#/orders/12')).toBe('orders');
  });
});
