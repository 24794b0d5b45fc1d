import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LISTING_STATUSES } from '../../shared/domain.js';
import {
  DRIFT_FIELDS,
  mergeRemote,
  sameSnapshot,
  SNAPSHOT_FIELDS,
  type ListingSnapshot,
} from './listing-merge.js';

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

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const BASE: ListingSnapshot = {
  title: 'Old',
  description: '',
  bulletPoints: [],
  keywords: [],
  priceMinor: 100,
  currency: 'USD',
  quantity: 1,
  status: 'active',
};

describe('the conflict policy (mergeRemote)', () => {
  it('follows the remote entirely when nothing was edited locally, reporting seller-facing changes as drift', () => {
    fc.assert(
      fc.property(snapshot, snapshot, (base, remote) => {
        const outcome = mergeRemote(base, base, remote);
        expect(outcome.merged).toEqual(remote);
        expect(outcome.base).toEqual(remote);
        expect(outcome.dirty).toBe(false);
        expect(outcome.conflicts).toEqual([]);
        const expected = SNAPSHOT_FIELDS.filter(
          (field) => DRIFT_FIELDS.has(field) && !same(base[field], remote[field]),
        );
        expect(outcome.drifts.map((drift) => drift.field)).toEqual(expected);
      }),
    );
  });

  it('keeps every local edit while the remote is unchanged: no conflict, no drift', () => {
    fc.assert(
      fc.property(snapshot, snapshot, (local, base) => {
        const outcome = mergeRemote(local, base, base);
        expect(outcome.merged).toEqual(local);
        expect(outcome.base).toEqual(base);
        expect(outcome.dirty).toBe(!sameSnapshot(local, base));
        expect(outcome.conflicts).toEqual([]);
        expect(outcome.drifts).toEqual([]);
      }),
    );
  });

  it('settles when the remote carries the local values (the push landed)', () => {
    fc.assert(
      fc.property(snapshot, snapshot, (local, base) => {
        const outcome = mergeRemote(local, base, local);
        expect(outcome).toMatchObject({ merged: local, base: local, dirty: false });
        expect(outcome.conflicts).toEqual([]);
        expect(outcome.landed).toEqual(SNAPSHOT_FIELDS.filter((f) => !same(local[f], base[f])));
      }),
    );
  });

  it('never loses either side: a field both sides changed differently is a conflict keeping base, mine and theirs', () => {
    fc.assert(
      fc.property(snapshot, snapshot, snapshot, (local, base, remote) => {
        const outcome = mergeRemote(local, base, remote);
        for (const field of SNAPSHOT_FIELDS) {
          const editedHere = !same(local[field], base[field]);
          const changedThere = !same(remote[field], base[field]);
          const agree = same(remote[field], local[field]);
          expect(outcome.merged[field]).toEqual(editedHere ? local[field] : remote[field]);
          const conflict = outcome.conflicts.find((c) => c.field === field);
          if (editedHere && changedThere && !agree) {
            expect(conflict).toEqual({
              field,
              base: base[field],
              mine: local[field],
              theirs: remote[field],
            });
            // The base stays where the edit started, so the field still reads as edited here.
            expect(outcome.base[field]).toEqual(base[field]);
          } else {
            expect(conflict).toBeUndefined();
          }
          // Drift is only ever a change the seller had not made here.
          if (outcome.drifts.some((d) => d.field === field)) expect(editedHere).toBe(false);
        }
      }),
    );
  });

  it('names the conflicting field and adopts the untouched ones', () => {
    const outcome = mergeRemote({ ...BASE, title: 'Mine' }, BASE, {
      ...BASE,
      title: 'Theirs',
      quantity: 5,
      priceMinor: 150,
    });
    expect(outcome.conflicts).toEqual([
      { field: 'title', base: 'Old', mine: 'Mine', theirs: 'Theirs' },
    ]);
    expect(outcome.drifts).toEqual([{ field: 'priceMinor', before: 100, theirs: 150 }]);
    expect(outcome.dirty).toBe(true);
    expect(outcome.merged).toMatchObject({ title: 'Mine', quantity: 5, priceMinor: 150 });
    expect(outcome.base).toMatchObject({ title: 'Old', quantity: 5, priceMinor: 150 });
  });

  it('takes a remote value equal to our own unsettled write as ours landing: no conflict, no drift, the newer local value kept', () => {
    // We sent 150 (answer lost), then the seller set 175; the marketplace shows 150.
    const local = { ...BASE, priceMinor: 175 };
    const remote = { ...BASE, priceMinor: 150 };
    const without = mergeRemote(local, BASE, remote);
    expect(without.conflicts.map((c) => c.field)).toEqual(['priceMinor']);

    const outcome = mergeRemote(local, BASE, remote, { priceMinor: [150] });
    expect(outcome.conflicts).toEqual([]);
    expect(outcome.drifts).toEqual([]);
    expect(outcome.merged.priceMinor).toBe(175);
    expect(outcome.base.priceMinor).toBe(150);
    expect(outcome.dirty).toBe(true);

    // A remote value we never sent is still the seller centre's change.
    const other = mergeRemote(local, BASE, { ...BASE, priceMinor: 160 }, { priceMinor: [150] });
    expect(other.conflicts.map((c) => c.field)).toEqual(['priceMinor']);
    // Untouched locally, our own write landing is no drift either.
    const untouched = mergeRemote(BASE, BASE, { ...BASE, title: 'Sent' }, { title: ['Sent'] });
    expect(untouched.drifts).toEqual([]);
    expect(untouched.base.title).toBe('Sent');
    expect(untouched.dirty).toBe(true);
  });

  it('with own writes never loses the local side and never reports them as conflict or drift', () => {
    fc.assert(
      fc.property(snapshot, snapshot, snapshot, (local, base, remote) => {
        const own = Object.fromEntries(SNAPSHOT_FIELDS.map((f) => [f, [remote[f]]]));
        const outcome = mergeRemote(local, base, remote, own);
        expect(outcome.merged).toEqual(local);
        expect(outcome.base).toEqual(
          Object.fromEntries(
            SNAPSHOT_FIELDS.map((f) => [f, same(remote[f], base[f]) ? base[f] : remote[f]]),
          ),
        );
        expect(outcome.conflicts).toEqual([]);
        expect(outcome.drifts).toEqual([]);
      }),
    );
  });

  it('never reports a quantity change as drift (orders move it on every marketplace)', () => {
    const outcome = mergeRemote(BASE, BASE, { ...BASE, quantity: 0 });
    expect(outcome.drifts).toEqual([]);
    expect(outcome.merged.quantity).toBe(0);
  });
});
