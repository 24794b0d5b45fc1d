import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedIndex } from './sorted-index.js';

interface Entry {
  id: number;
  key: number;
}
const compare = (a: Entry, b: Entry) => a.key - b.key || a.id - b.id;

describe('SortedIndex', () => {
  it('stays equal to a sorted copy through any mix of inserts, key changes and removals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 20 }), fc.boolean()), {
          maxLength: 80,
        }),
        (keys, steps) => {
          const entries = keys.map((key, id) => ({ id, key }));
          const index = new SortedIndex(compare);
          index.reset(entries.slice(0, entries.length >> 1));
          for (const entry of entries.slice(entries.length >> 1)) index.insert(entry);
          const live = new Set(entries);
          for (const [pick, key, removeIt] of steps) {
            const entry = entries[pick % entries.length]!;
            if (!live.has(entry)) {
              entry.key = key;
              index.insert(entry);
              live.add(entry);
            } else if (removeIt) {
              index.remove(entry);
              live.delete(entry);
            } else {
              index.remove(entry);
              entry.key = key;
              index.insert(entry);
            }
          }
          expect(index.slice(0, index.length)).toEqual([...live].sort(compare));
          const bound = index.firstIndex((entry) => entry.key < 10);
          expect(bound).toBe([...live].filter((entry) => entry.key < 10).length);
        },
      ),
    );
  });

  it('refuses to remove a value whose key was changed in place', () => {
    const index = new SortedIndex(compare);
    const entry = { id: 1, key: 5 };
    index.reset([entry, { id: 0, key: 7 }, { id: 2, key: 9 }]);
    entry.key = 10;
    expect(() => index.remove(entry)).toThrow(/value not found/);
  });
});
