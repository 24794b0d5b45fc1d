import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LISTING_STATUSES } from '../../shared/domain.js';
import { mergeRemote, sameSnapshot, type ListingSnapshot } from './listing-merge.js';

const snapshot: fc.Arbitrary<ListingSnapshot> = fc.record({
  title: fc.constantFrom('A', 'B', 'C'),
  description: fc.constantFrom('', 'x'),
  bulletPoints: fc.constantFrom([], ['a'], ['a', 'b']),
  keywords: fc.constantFrom([], ['k']),
  priceMinor: fc.constantFrom(100, 200, 300),
  currency: fc.constantFrom('USD', 'EUR'),
  quantity: fc.constantFrom(0, 1, 2),
  status: fc.constantFrom(...LISTING_STATUSES),
});

describe('mergeRemote', () => {
  it('follows the remote entirely when nothing was edited locally', () => {
    fc.assert(
      fc.property(snapshot, snapshot, (base, remote) => {
        const outcome = mergeRemote(base, base, remote);
        expect(outcome.merged).toEqual(remote);
        expect(outcome.base).toEqual(remote);
        expect(outcome.dirty).toBe(false);
        expect(outcome.drift).toBe(false);
      }),
    );
  });

  it('keeps every local edit while the remote is unchanged, without drift', () => {
    fc.assert(
      fc.property(snapshot, snapshot, (local, base) => {
        const outcome = mergeRemote(local, base, base);
        expect(outcome.merged).toEqual(local);
        expect(outcome.dirty).toBe(!sameSnapshot(local, base));
        expect(outcome.drift).toBe(false);
      }),
    );
  });

  it('settles when the remote carries the local values', () => {
    fc.assert(
      fc.property(snapshot, snapshot, (local, base) => {
        const outcome = mergeRemote(local, base, local);
        expect(outcome).toMatchObject({ merged: local, base: local, dirty: false, drift: false });
      }),
    );
  });

  it('never loses a local edit, and reports drift exactly where both sides changed a field differently', () => {
    fc.assert(
      fc.property(snapshot, snapshot, snapshot, (local, base, remote) => {
        const outcome = mergeRemote(local, base, remote);
        for (const field of Object.keys(local) as (keyof ListingSnapshot)[]) {
          const edited = JSON.stringify(local[field]) !== JSON.stringify(base[field]);
          const remoteMoved = JSON.stringify(remote[field]) !== JSON.stringify(base[field]);
          const agree = JSON.stringify(remote[field]) === JSON.stringify(local[field]);
          expect(outcome.merged[field]).toEqual(edited ? local[field] : remote[field]);
          expect(outcome.driftFields.includes(field)).toBe(edited && remoteMoved && !agree);
        }
      }),
    );
  });

  it('names the drifting field', () => {
    const base: ListingSnapshot = {
      title: 'Old',
      description: '',
      bulletPoints: [],
      keywords: [],
      priceMinor: 100,
      currency: 'USD',
      quantity: 1,
      status: 'active',
    };
    const outcome = mergeRemote({ ...base, title: 'Mine' }, base, {
      ...base,
      title: 'Theirs',
      quantity: 5,
    });
    expect(outcome).toMatchObject({ drift: true, driftFields: ['title'], dirty: true });
    expect(outcome.merged).toMatchObject({ title: 'Mine', quantity: 5 });
    expect(outcome.base).toMatchObject({ title: 'Old', quantity: 5 });
  });
});
