import { afterEach, describe, expect, it } from 'vitest';
import { qb } from './compiler.js';
import { resolveConflict } from './conflicts.js';
import { applyListingEdit } from './edits.js';
import { InvalidStoreInput, RecordNotFound } from './errors.js';
import { upsertAccount, upsertListings } from './ingest.js';
import { revertBatch } from './revert.js';
import {
  accountInput,
  listingInput,
  temporaryStore,
  testClock,
  type TemporaryStore,
} from './test-fixtures.js';

let current: TemporaryStore | undefined;
afterEach(() => {
  current?.dispose();
  current = undefined;
});

let keys = 0;
const newKey = () => `key-${++keys}`;

function setup() {
  const clock = testClock();
  current = temporaryStore({ now: clock.now });
  const t = current;
  const account = t.store.write((w) => upsertAccount(w, accountInput()));
  t.store.write((w) => upsertListings(w, account, [listingInput()]));
  const edit = (changes: Parameters<typeof applyListingEdit>[1]['changes']) =>
    t.store.write((w) => {
      const version = w.first(
        qb.selectFrom('listings').select('local_version').where('id', '=', 1),
      )!;
      return applyListingEdit(w, { id: 1, baseVersion: version.local_version, changes }, newKey);
    });
  const remote = (overrides: Parameters<typeof listingInput>[0], at: string) =>
    t.store.write((w) =>
      upsertListings(w, account, [listingInput({ ...overrides, remoteUpdatedAt: at })]),
    );
  const listing = () =>
    t.store.read((r) =>
      r.first(
        qb
          .selectFrom('listings')
          .select(['title', 'price_minor', 'dirty', 'sync_state', 'base', 'local_version'])
          .where('id', '=', 1),
      ),
    )!;
  const conflicts = () =>
    t.store.read((r) =>
      r.all(
        qb
          .selectFrom('listing_conflicts')
          .select(['id', 'kind', 'field', 'base', 'mine', 'theirs', 'resolution'])
          .orderBy('id'),
      ),
    );
  const jobs = () =>
    t.store.read((r) =>
      r.all(qb.selectFrom('outbox').select(['kind', 'state', 'payload', 'source']).orderBy('id')),
    );
  return { t, account, edit, remote, listing, conflicts, jobs };
}

describe('conflicts: both sides changed a field', () => {
  function conflicted() {
    const s = setup();
    s.edit({ title: 'Mine' });
    s.remote({ title: 'Theirs' }, '2024-05-02T00:00:00Z');
    return s;
  }

  it('keeps both values and shows the listing in conflict', () => {
    const s = conflicted();
    expect(s.listing()).toMatchObject({ title: 'Mine', dirty: 1, sync_state: 'conflict' });
    expect(s.conflicts()).toEqual([
      expect.objectContaining({
        kind: 'conflict',
        field: 'title',
        base: JSON.stringify('Wireless Bluetooth Earbuds'),
        mine: '"Mine"',
        theirs: '"Theirs"',
        resolution: null,
      }),
    ]);
  });

  it('keep mine: the base moves to theirs and mine is queued to push', () => {
    const s = conflicted();
    const id = s.conflicts()[0]!.id;
    const outcome = s.t.store.write((w) =>
      resolveConflict(w, { conflictId: id, choice: 'mine' }, newKey),
    );
    expect(outcome.queuedJobs).toBe(1);
    expect(s.listing()).toMatchObject({ title: 'Mine', dirty: 1, sync_state: 'pending' });
    expect(JSON.parse(s.listing().base!)).toMatchObject({ title: 'Theirs' });
    const pending = s.jobs().filter((job) => job.state === 'pending');
    expect(pending).toHaveLength(1);
    expect(JSON.parse(pending[0]!.payload)).toMatchObject({
      values: { title: 'Mine' },
      changed: ['title'],
    });
    expect(pending[0]!.source).toBe('resolve');
    expect(s.conflicts()[0]!.resolution).toBe('mine');
  });

  it('take theirs: the row takes the marketplace value and nothing is pushed', () => {
    const s = conflicted();
    const id = s.conflicts()[0]!.id;
    s.t.store.write((w) => resolveConflict(w, { conflictId: id, choice: 'theirs' }, newKey));
    expect(s.listing()).toMatchObject({ title: 'Theirs', dirty: 0, sync_state: 'synced' });
    expect(s.jobs().filter((job) => job.state === 'pending' || job.state === 'conflict')).toEqual(
      [],
    );
  });

  it('edit: a third value is pushed, checked against the field type', () => {
    const s = conflicted();
    const id = s.conflicts()[0]!.id;
    expect(() =>
      s.t.store.write((w) =>
        resolveConflict(w, { conflictId: id, choice: 'edit', value: 42 }, newKey),
      ),
    ).toThrow(InvalidStoreInput);
    expect(s.conflicts()[0]!.resolution).toBeNull();
    s.t.store.write((w) =>
      resolveConflict(w, { conflictId: id, choice: 'edit', value: 'Both' }, newKey),
    );
    expect(s.listing()).toMatchObject({ title: 'Both', sync_state: 'pending' });
    const pending = s.jobs().filter((job) => job.state === 'pending');
    expect(JSON.parse(pending[0]!.payload)).toMatchObject({ values: { title: 'Both' } });
    expect(() =>
      s.t.store.write((w) => resolveConflict(w, { conflictId: id, choice: 'mine' }, newKey)),
    ).toThrow(/already settled/);
    expect(() =>
      s.t.store.write((w) => resolveConflict(w, { conflictId: 999, choice: 'mine' }, newKey)),
    ).toThrow(RecordNotFound);
  });

  it('settles itself when the marketplace comes to show mine', () => {
    const s = conflicted();
    s.remote({ title: 'Mine' }, '2024-05-03T00:00:00Z');
    expect(s.listing()).toMatchObject({ title: 'Mine', dirty: 0, sync_state: 'synced' });
    expect(s.conflicts()[0]!.resolution).toBe('superseded');
  });
});

describe('drift: the marketplace changed a field the seller had not touched', () => {
  it('is adopted; keep mine restores the earlier value and queues it', () => {
    const s = setup();
    s.remote({ price: { amountMinor: 2500, currency: 'USD' } }, '2024-05-02T00:00:00Z');
    expect(s.listing()).toMatchObject({ price_minor: 2500, sync_state: 'drift', dirty: 0 });
    const id = s.conflicts()[0]!.id;
    s.t.store.write((w) => resolveConflict(w, { conflictId: id, choice: 'mine' }, newKey));
    expect(s.listing()).toMatchObject({ price_minor: 2999, sync_state: 'pending', dirty: 1 });
    expect(JSON.parse(s.jobs()[0]!.payload)).toMatchObject({
      values: { priceMinor: 2999, currency: 'USD' },
    });
  });

  it('take theirs acknowledges it', () => {
    const s = setup();
    s.remote({ price: { amountMinor: 2500, currency: 'USD' } }, '2024-05-02T00:00:00Z');
    const id = s.conflicts()[0]!.id;
    s.t.store.write((w) => resolveConflict(w, { conflictId: id, choice: 'theirs' }, newKey));
    expect(s.listing()).toMatchObject({ price_minor: 2500, sync_state: 'synced', dirty: 0 });
    expect(s.jobs()).toEqual([]);
  });
});

describe('revertBatch', () => {
  it('reverts a pushed batch by queuing the inverse, in one new batch', () => {
    const s = setup();
    const edit = s.edit({ title: 'New title', priceMinor: 3500 });
    // The push landed: the marketplace shows the edit.
    s.remote(
      { title: 'New title', price: { amountMinor: 3500, currency: 'USD' } },
      '2024-05-02T00:00:00Z',
    );
    expect(s.listing()).toMatchObject({ dirty: 0, sync_state: 'synced' });
    const result = s.t.store.write((w) => revertBatch(w, edit.batchId!, newKey));
    expect(result).toMatchObject({ reverted: 2, skipped: [] });
    expect(s.listing()).toMatchObject({
      title: 'Wireless Bluetooth Earbuds',
      price_minor: 2999,
      dirty: 1,
    });
    const pending = s.jobs().filter((job) => job.state === 'pending');
    expect(pending.map((job) => job.kind).sort()).toEqual(['listing.content', 'listing.price']);
    expect(pending.every((job) => job.source === 'revert')).toBe(true);
    expect(() => s.t.store.write((w) => revertBatch(w, edit.batchId!, newKey))).toThrow(
      /already reverted/,
    );
  });

  it('reverts an unpushed batch locally with nothing left to push', () => {
    const s = setup();
    const edit = s.edit({ priceMinor: 3500 });
    s.t.store.write((w) => revertBatch(w, edit.batchId!, newKey));
    expect(s.listing()).toMatchObject({ price_minor: 2999, dirty: 0, sync_state: 'synced' });
    expect(s.jobs().filter((job) => job.state === 'pending')).toEqual([]);
  });

  it('leaves a field changed again since the batch, and says so', () => {
    const s = setup();
    const first = s.edit({ priceMinor: 3500 });
    s.edit({ priceMinor: 3900 });
    const result = s.t.store.write((w) => revertBatch(w, first.batchId!, newKey));
    expect(result).toEqual({
      batchId: null,
      reverted: 0,
      skipped: [{ listingId: 1, field: 'priceMinor', reason: 'changed again since' }],
    });
    expect(s.listing().price_minor).toBe(3900);
  });
});

describe('edits of one field group', () => {
  it('push every field the replaced jobs carried: a description, then a title, both go out', () => {
    const s = setup();
    s.edit({ description: 'New description' });
    s.edit({ title: 'New title' });
    const waiting = s.jobs().filter((job) => job.state === 'pending');
    expect(waiting).toHaveLength(1);
    const payload = JSON.parse(waiting[0]!.payload) as {
      changed: string[];
      values: Record<string, unknown>;
    };
    expect(payload.changed).toEqual(['title', 'description']);
    expect(payload.values).toMatchObject({ title: 'New title', description: 'New description' });
    expect(s.jobs().map((job) => job.state)).toEqual(['cancelled', 'pending']);
  });
});
