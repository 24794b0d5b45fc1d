import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clampPageSize, MAX_PAGE_SIZE, pageCount, pagesForRange, pagesToEvict } from './paging.js';

describe('pagesForRange', () => {
  it('asks only for the first page before the total is known', () => {
    expect(pagesForRange(0, 30, 200, null, 50)).toEqual([0]);
  });

  it('widens the visible rows by the margin and stays inside the result', () => {
    expect(pagesForRange(0, 30, 200, 100_000, 50)).toEqual([0]);
    expect(pagesForRange(170, 200, 200, 100_000, 50)).toEqual([0, 1]);
    expect(pagesForRange(99_990, 99_999, 200, 100_000, 50)).toEqual([499]);
    expect(pagesForRange(0, 30, 200, 10, 50)).toEqual([0]);
  });

  it('asks for nothing when the result is empty', () => {
    expect(pagesForRange(0, 30, 200, 0, 50)).toEqual([]);
  });

  it('covers every visible row with a bounded number of pages', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200_000 }),
        fc.integer({ min: 1, max: 500 }),
        fc.nat(),
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 0, max: 100 }),
        (total, pageSize, startSeed, visible, margin) => {
          const first = startSeed % total;
          const last = Math.min(total - 1, first + visible - 1);
          const pages = pagesForRange(first, last, pageSize, total, margin);
          for (let row = first; row <= last; row += 1) {
            expect(pages).toContain(Math.floor(row / pageSize));
          }
          expect(Math.max(...pages)).toBeLessThan(pageCount(total, pageSize));
          expect(Math.min(...pages)).toBeGreaterThanOrEqual(0);
          expect(pages.length).toBeLessThanOrEqual(
            Math.ceil((visible + 2 * margin) / pageSize) + 1,
          );
        },
      ),
    );
  });
});

describe('pagesToEvict', () => {
  it('keeps everything within budget', () => {
    expect(pagesToEvict([0, 1, 2], [1], 5)).toEqual([]);
  });

  it('drops the pages farthest from the wanted window first, never a wanted one', () => {
    expect(pagesToEvict([0, 1, 2, 10, 11, 12, 30], [11, 12], 4)).toEqual([30, 0, 1]);
  });

  it('always ends within budget unless the wanted pages alone exceed it', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(1000), { maxLength: 60 }),
        fc.uniqueArray(fc.nat(1000), { maxLength: 5 }),
        fc.integer({ min: 1, max: 20 }),
        (cached, wanted, budget) => {
          const evicted = pagesToEvict(cached, wanted, budget);
          for (const page of evicted) expect(wanted).not.toContain(page);
          const left = cached.length - evicted.length;
          const wantedCached = cached.filter((page) => wanted.includes(page)).length;
          expect(left).toBeLessThanOrEqual(Math.max(budget, wantedCached));
        },
      ),
    );
  });
});

describe('clampPageSize', () => {
  it('keeps every call within the contract limit', () => {
    expect(clampPageSize(10_000)).toBe(MAX_PAGE_SIZE);
    expect(clampPageSize(0)).toBe(1);
    expect(clampPageSize(200)).toBe(200);
    expect(clampPageSize(Number.NaN)).toBe(MAX_PAGE_SIZE);
  });
});
