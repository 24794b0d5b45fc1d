import { describe, expect, it } from 'vitest';
import type { Page } from '../../shared/api/index.js';
import { PageCache } from './page-cache.js';

interface Call {
  offset: number;
  limit: number;
  resolve: (page: Page<number>) => void;
  reject: (error: unknown) => void;
}

/** A fake engine holding `total` rows whose value is their index (+ `shift` after a change). */
function fakeEngine(total: number) {
  const calls: Call[] = [];
  const fetchPage = (offset: number, limit: number) =>
    new Promise<Page<number>>((resolve, reject) => {
      calls.push({ offset, limit, resolve, reject });
    });
  const answer = async (call: Call | undefined, shift = 0) => {
    if (!call) throw new Error('no call to answer');
    const end = Math.min(total, call.offset + call.limit);
    const rows = Array.from(
      { length: Math.max(0, end - call.offset) },
      (_, i) => call.offset + i + shift,
    );
    call.resolve({ rows, total, offset: call.offset, limit: call.limit });
    await Promise.resolve();
    await Promise.resolve();
  };
  return { calls, fetchPage, answer };
}

describe('PageCache', () => {
  it('asks for the first page only, then the pages under a far scroll position', async () => {
    const engine = fakeEngine(100_000);
    const cache = new PageCache(engine.fetchPage, { pageSize: 200, margin: 50 });
    cache.setRange(0, 30);
    expect(engine.calls.map((call) => [call.offset, call.limit])).toEqual([[0, 200]]);
    await engine.answer(engine.calls[0]);
    expect(cache.total).toBe(100_000);
    expect(cache.rowAt(17)).toBe(17);
    expect(cache.rowAt(250)).toBeUndefined();

    cache.setRange(50_000, 50_030);
    expect(engine.calls.slice(1).map((call) => call.offset)).toEqual([49_800, 50_000]);
    await engine.answer(engine.calls[1]);
    await engine.answer(engine.calls[2]);
    expect(cache.rowAt(50_010)).toBe(50_010);
    expect(engine.calls.every((call) => call.limit <= 500)).toBe(true);
  });

  it('never asks twice for a page already on its way', () => {
    const engine = fakeEngine(1000);
    const cache = new PageCache(engine.fetchPage, { pageSize: 100, margin: 0 });
    cache.setRange(0, 10);
    cache.setRange(1, 11);
    cache.setRange(2, 12);
    expect(engine.calls).toHaveLength(1);
  });

  it('drops an answer to an old query after a reset', async () => {
    const engine = fakeEngine(1000);
    const cache = new PageCache(engine.fetchPage, { pageSize: 100, margin: 0 });
    cache.setRange(0, 10);
    cache.reset();
    await engine.answer(engine.calls[0], 5000);
    expect(cache.rowAt(3)).toBeUndefined();
    expect(cache.loading).toBe(true);
    await engine.answer(engine.calls[1]);
    expect(cache.rowAt(3)).toBe(3);
    expect(cache.loading).toBe(false);
  });

  it('keeps old rows on screen after invalidate until the fresh page arrives', async () => {
    const engine = fakeEngine(1000);
    const cache = new PageCache(engine.fetchPage, { pageSize: 100, margin: 0 });
    cache.setRange(0, 10);
    await engine.answer(engine.calls[0]);
    cache.invalidate();
    expect(engine.calls).toHaveLength(2);
    expect(cache.rowAt(3)).toBe(3);
    await engine.answer(engine.calls[1], 1);
    expect(cache.rowAt(3)).toBe(4);
  });

  it('holds a bounded number of pages however far the user scrolls', async () => {
    const engine = fakeEngine(100_000);
    const cache = new PageCache(engine.fetchPage, { pageSize: 100, margin: 0, maxPages: 4 });
    for (let start = 0; start < 3000; start += 100) {
      cache.setRange(start, start + 20);
      await engine.answer(engine.calls.at(-1));
    }
    const held = Array.from({ length: 3000 }, (_, row) => cache.rowAt(row)).filter(
      (row) => row !== undefined,
    );
    expect(held.length).toBeLessThanOrEqual(400);
    expect(cache.rowAt(2910)).toBe(2910);
    expect(cache.rowAt(10)).toBeUndefined();
  });

  it('reports an error and fetches again on retry', async () => {
    const engine = fakeEngine(1000);
    const cache = new PageCache(engine.fetchPage, { pageSize: 100, margin: 0 });
    cache.setRange(0, 10);
    engine.calls[0]?.reject(new Error('engine away'));
    await Promise.resolve();
    await Promise.resolve();
    expect(cache.error).toBeInstanceOf(Error);
    cache.setRange(5, 15);
    expect(engine.calls).toHaveLength(1);
    cache.retry();
    expect(cache.error).toBeNull();
    expect(engine.calls).toHaveLength(2);
  });

  it('tells listeners when rows arrive', async () => {
    const engine = fakeEngine(10);
    const cache = new PageCache(engine.fetchPage, { pageSize: 100 });
    let seen = 0;
    cache.subscribe(() => {
      seen = cache.version;
    });
    cache.setRange(0, 5);
    await engine.answer(engine.calls[0]);
    expect(seen).toBe(cache.version);
    expect(cache.total).toBe(10);
    expect(cache.rowAt(9)).toBe(9);
    expect(cache.rowAt(10)).toBeUndefined();
  });
});

describe('PageCache first load', () => {
  it('loads the first page when the grid first reports an empty viewport', () => {
    const calls: number[] = [];
    const cache = new PageCache<number>(
      (offset, limit) => {
        calls.push(offset);
        return Promise.resolve({ rows: [], total: 0, offset, limit });
      },
      { pageSize: 100 },
    );
    cache.setRange(0, 0);
    expect(calls).toEqual([0]);
  });
});

describe('PageCache reset keeping the rows', () => {
  it('shows the old query’s rows until the new query’s first answer replaces them all', async () => {
    const engine = fakeEngine(1000);
    const cache = new PageCache(engine.fetchPage, { pageSize: 100, margin: 0 });
    cache.setRange(0, 30);
    await engine.answer(engine.calls[0]);
    cache.setRange(250, 280);
    await engine.answer(engine.calls[1]);
    expect(cache.rowAt(260)).toBe(260);

    cache.reset(undefined, { keep: true });
    expect(cache.rowAt(5)).toBe(5);
    expect(cache.total).toBe(1000);
    expect(cache.loading).toBe(true);
    await engine.answer(engine.calls.at(-1), 5000);
    expect(cache.rowAt(5)).toBe(5005);
    // Every page of the old query is gone, not only the one answered.
    expect(cache.rowAt(260)).toBeUndefined();
  });

  it('asks for the new query even when the old one matched nothing', async () => {
    const empty = fakeEngine(0);
    const cache = new PageCache(empty.fetchPage, { pageSize: 100, margin: 0 });
    cache.setRange(0, 30);
    await empty.answer(empty.calls[0]);
    expect(cache.total).toBe(0);
    const full = fakeEngine(500);
    cache.reset(full.fetchPage, { keep: true });
    expect(full.calls.map((call) => call.offset)).toEqual([0]);
    await full.answer(full.calls[0]);
    expect(cache.total).toBe(500);
  });

  it('drops the old rows when the new query fails', async () => {
    const engine = fakeEngine(1000);
    const cache = new PageCache(engine.fetchPage, { pageSize: 100, margin: 0 });
    cache.setRange(0, 30);
    await engine.answer(engine.calls[0]);
    cache.reset(undefined, { keep: true });
    engine.calls.at(-1)!.reject(new Error('refused'));
    await Promise.resolve();
    await Promise.resolve();
    expect(cache.error).toBeInstanceOf(Error);
    expect(cache.rowAt(5)).toBeUndefined();
    expect(cache.total).toBeNull();
  });

  it('forgets at once without keep, as before', async () => {
    const engine = fakeEngine(1000);
    const cache = new PageCache(engine.fetchPage, { pageSize: 100, margin: 0 });
    cache.setRange(0, 30);
    await engine.answer(engine.calls[0]);
    cache.reset();
    expect(cache.rowAt(5)).toBeUndefined();
    expect(cache.total).toBeNull();
  });
});
