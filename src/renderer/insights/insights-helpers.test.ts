import { describe, expect, it } from 'vitest';
import { ordersHref, parseOrdersHref } from './order-link.js';
import { naturalGrain, periodFromHash, periodOf, todayIn } from './period.js';

describe('orders links', () => {
  it('write an orders filter into the address and read the same filter back', () => {
    const link = {
      placedFrom: '2025-03-29T23:00:00.000Z',
      placedTo: '2025-03-30T22:00:00.000Z',
      marketplaces: ['ebay' as const],
      accountIds: [3],
      statuses: ['to_ship' as const, 'shipped' as const],
      search: 'A-1 & B',
    };
    const href = ordersHref(link);
    expect(href.startsWith('#/orders?')).toBe(true);
    expect(parseOrdersHref(href)).toEqual(link);
  });

  it('drop what they do not know instead of guessing', () => {
    expect(
      parseOrdersHref('#/orders?placedFrom=yesterday&placedTo=2025-01-01T00:00:00Z'),
    ).toBeNull();
    expect(
      parseOrdersHref(
        '#/orders?placedFrom=2025-01-01T00:00:00Z&placedTo=2025-01-02T00:00:00Z&marketplace=etsy&account=-1&status=lost',
      ),
    ).toEqual({ placedFrom: '2025-01-01T00:00:00Z', placedTo: '2025-01-02T00:00:00Z' });
  });
});

describe('periods', () => {
  it('end today in the seller’s zone', () => {
    // 23:30 UTC on 31 March is already 1 April in Shanghai.
    const now = Date.parse('2025-03-31T23:30:00Z');
    expect(todayIn('Asia/Shanghai', now)).toBe('2025-04-01');
    expect(todayIn('America/New_York', now)).toBe('2025-03-31');
  });

  it('count whole days back, and months from their first day', () => {
    expect(periodOf('7d', '2025-03-02')).toEqual({ from: '2025-02-24', to: '2025-03-02' });
    expect(periodOf('thisMonth', '2025-03-18')).toEqual({ from: '2025-03-01', to: '2025-03-18' });
    // Last month of a leap-year March is February with 29 days.
    expect(periodOf('lastMonth', '2024-03-18')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodOf('lastMonth', '2025-01-05')).toEqual({ from: '2024-12-01', to: '2024-12-31' });
  });

  it('pick a readable grain and read a period from the address', () => {
    expect(naturalGrain('2025-01-01', '2025-03-31')).toBe('day');
    expect(naturalGrain('2025-01-01', '2025-12-31')).toBe('week');
    expect(naturalGrain('2024-01-01', '2025-12-31')).toBe('month');
    expect(periodFromHash('#/insights?from=2025-05-01&to=2025-05-31')).toEqual({
      from: '2025-05-01',
      to: '2025-05-31',
    });
    expect(periodFromHash('#/insights?from=2025-05-31&to=2025-05-01')).toBeNull();
    expect(periodFromHash('#/insights?from=2025-02-30&to=2025-03-01')).toBeNull();
  });
});
