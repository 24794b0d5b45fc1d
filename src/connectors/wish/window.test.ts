/**
 * The window walker against a simulated list endpoint with inclusive bounds and arbitrary order
 * among equal keys: every object comes out exactly once, including when more objects share one
 * updated_at than a page holds, and a hopeless tie stops with an error instead of looping.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  advance,
  decodeWalk,
  queryOf,
  startWalk,
  WindowStuckError,
  type WindowEntry,
} from './window.js';

function serve(data: WindowEntry[], limit: number, shuffle: (n: number) => number) {
  return (query: ReturnType<typeof queryOf>): WindowEntry[] => {
    const key = query.sortBy === 'primary' ? 'primary' : 'secondary';
    const rows = data
      .filter(
        (entry) =>
          (query.primaryMin === null || entry.primary >= query.primaryMin) &&
          entry.primary <= query.primaryMax &&
          (query.secondaryMin === null || entry.secondary >= query.secondaryMin),
      )
      .map((entry) => ({ entry, rank: shuffle(0) }));
    rows.sort((a, b) => a.entry[key] - b.entry[key] || a.rank - b.rank);
    return rows.slice(0, limit).map((row) => row.entry);
  };
}

function walkAll(
  data: WindowEntry[],
  limit: number,
  from: number | null,
  to: number,
  seed: number,
): string[] {
  let state = seed;
  const shuffle = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state;
  };
  const list = serve(data, limit, shuffle);
  const out: string[] = [];
  let walk = startWalk('test', from, to);
  for (let guard = 0; guard < 10_000; guard++) {
    const page = list(queryOf(walk));
    const step = advance(walk, page, page.length, limit);
    out.push(...step.fresh);
    if (!step.next) return out;
    // Round-trips through its stored form, as the engine keeps it between pages.
    walk = decodeWalk(JSON.stringify(step.next), 'test')!;
  }
  throw new Error('the walk did not end');
}

describe('window walker', () => {
  it('returns 1,200 objects sharing one updated_at exactly once with pages of 500', () => {
    const data: WindowEntry[] = [];
    for (let i = 0; i < 300; i++)
      data.push({ id: `a${i}`, primary: 1000 + i, secondary: i * 1000 });
    for (let i = 0; i < 1200; i++) data.push({ id: `t${i}`, primary: 5000, secondary: i * 1000 });
    for (let i = 0; i < 300; i++)
      data.push({ id: `b${i}`, primary: 6000 + i, secondary: i * 1000 });
    const out = walkAll(data, 500, null, 10_000, 7);
    expect(out).toHaveLength(1800);
    expect(new Set(out).size).toBe(1800);
  });

  it('keeps the window bounds: nothing before from or after to', () => {
    const data = [0, 10, 20, 30, 40].map((primary, i) => ({ id: `x${i}`, primary, secondary: 0 }));
    expect(walkAll(data, 2, 10, 30, 1).sort()).toEqual(['x1', 'x2', 'x3']);
  });

  it('stops with an error when a tie cannot be split by the second key either', () => {
    const data = Array.from({ length: 30 }, (_, i) => ({ id: `s${i}`, primary: 5, secondary: 9 }));
    expect(() => walkAll(data, 10, null, 100, 3)).toThrow(WindowStuckError);
  });

  it('returns every object exactly once for any data, page size and tie order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            primary: fc.integer({ min: 0, max: 20 }),
            secondary: fc.integer({ min: 0, max: 400 }),
          }),
          {
            maxLength: 120,
          },
        ),
        fc.integer({ min: 2, max: 15 }),
        fc.integer({ min: 1, max: 1000 }),
        (rows, limit, seed) => {
          // Ties on the second key are kept below a page so the walk is always possible.
          const counts = new Map<string, number>();
          const data = rows
            .map((row, i) => ({ id: `o${i}`, ...row }))
            .filter((row) => {
              const key = `${row.primary}/${row.secondary}`;
              counts.set(key, (counts.get(key) ?? 0) + 1);
              return counts.get(key)! < limit;
            });
          const out = walkAll(data, limit, null, 20, seed);
          expect(out.slice().sort()).toEqual(data.map((row) => row.id).sort());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a stored state of another kind', () => {
    expect(decodeWalk(JSON.stringify(startWalk('orders', 1, 2)), 'products')).toBeNull();
    expect(decodeWalk('not json', 'orders')).toBeNull();
  });
});
