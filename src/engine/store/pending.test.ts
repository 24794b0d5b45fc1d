import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { BulkEditInput } from '../../shared/api/contract-workbench.js';
import { applyBulkEdit } from './bulk-edit.js';
import { qb } from './compiler.js';
import { applyListingEdit } from './edits.js';
import { InvalidStoreInput } from './errors.js';
import { discardHeld, releaseHeld } from './pending.js';
import { changesSummary, listPendingChanges } from './queries/pending.js';
import { temporaryStore, testClock, type TemporaryStore } from './test-fixtures.js';
import { undoBatch, undoLabel } from './undo.js';
import {
  listingsByRemoteId,
  outboxJobs,
  seedSeller,
  type Seller,
} from './workbench-test-support.js';

let t: TemporaryStore;
let seller: Seller;
let keys = 0;
const newKey = () => `key-${++keys}`;

beforeEach(() => {
  t = temporaryStore({ now: testClock().now });
  seller = seedSeller(t.store);
});
afterEach(() => t.dispose());

const listings = () => t.store.read(listingsByRemoteId);
const idOf = (remoteId: string) => listings().get(remoteId)!.id;
const jobs = () => t.store.read(outboxJobs);

function bulk(input: z.input<typeof BulkEditInput>): number {
  const outcome = t.store.write((w) => applyBulkEdit(w, BulkEditInput.parse(input), newKey));
  if (!outcome.applied || outcome.batchId === null) throw new Error('nothing applied');
  return outcome.batchId;
}

const raiseAmazon = () =>
  bulk({
    selection: { filter: { marketplaces: ['amazon'] }, exceptIds: [] },
    operation: { kind: 'adjustPrice', by: 'percent', value: '10' },
  });

/** What a successful push does to the listing: the job is done and the base takes the value. */
function landPush(batchId: number): void {
  t.store.write((w) => {
    for (const job of w.all(qb.selectFrom('outbox').selectAll().where('batch_id', '=', batchId))) {
      const row = w.first(
        qb.selectFrom('listings').select(['base', 'price_minor']).where('id', '=', job.listing_id!),
      )!;
      const base = { ...(JSON.parse(row.base!) as object), priceMinor: row.price_minor };
      w.run(
        qb
          .updateTable('listings')
          .set({ base: JSON.stringify(base), dirty: 0, sync_state: 'synced' })
          .where('id', '=', job.listing_id!),
      );
      w.run(qb.updateTable('outbox').set({ state: 'done' }).where('id', '=', job.id));
    }
  });
}

describe('releasing held changes', () => {
  it('turns held jobs of the chosen batch into pending ones and names their accounts', () => {
    const raised = raiseAmazon();
    const other = bulk({
      selection: { ids: [idOf('E0')] },
      operation: { kind: 'setQuantity', quantity: 7 },
    });
    const result = t.store.write((w) => releaseHeld(w, { batchIds: [raised] }));
    expect(result).toEqual({ released: 4, queued: 4, accountIds: [seller.amazon] });
    const states = jobs().map((job) => [job.batch_id, job.state]);
    expect(states.filter(([batch]) => batch === raised).every(([, s]) => s === 'pending')).toBe(
      true,
    );
    expect(states.find(([batch]) => batch === other)?.[1]).toBe('held');
    const all = t.store.write((w) => releaseHeld(w, { all: true }));
    expect(all).toEqual({ released: 1, queued: 5, accountIds: [seller.amazon, seller.ebay] });
  });
});

describe('discarding held changes', () => {
  it('cancels the jobs and puts the listings back to what the marketplace shows', () => {
    const before = listings();
    const batchId = raiseAmazon();
    const result = t.store.write((w) => discardHeld(w, { batchIds: [batchId] }, newKey));
    expect(result).toMatchObject({ discarded: 4, restored: 4 });
    const after = listings();
    for (const id of ['A0', 'A1', 'A2', 'A3']) {
      expect(after.get(id)).toMatchObject({
        price_minor: before.get(id)!.price_minor,
        dirty: 0,
        sync_state: 'synced',
      });
    }
    expect(jobs().every((job) => job.state === 'cancelled')).toBe(true);
    const batch = t.store.read((r) =>
      r.first(qb.selectFrom('change_batches').selectAll().where('id', '=', batchId)),
    );
    expect(batch?.reverted_at).not.toBeNull();
    expect(t.store.read((r) => changesSummary(r, 10)).batches).toEqual([]);
  });

  it('discards only the chosen jobs, leaving the listing dirty for another group', () => {
    const batchId = bulk({
      selection: { ids: [idOf('A0')] },
      operation: { kind: 'setPrice', amount: '15.00' },
    });
    bulk({ selection: { ids: [idOf('A0')] }, operation: { kind: 'setQuantity', quantity: 9 } });
    const priceJob = jobs().find((job) => job.batch_id === batchId)!;
    t.store.write((w) => discardHeld(w, { jobIds: [priceJob.id] }, newKey));
    expect(listings().get('A0')).toMatchObject({
      price_minor: 1000,
      quantity: 9,
      dirty: 1,
      sync_state: 'pending',
    });
    expect(
      jobs()
        .filter((job) => job.state === 'held')
        .map((job) => job.kind),
    ).toEqual(['listing.quantity']);
  });

  it('puts a buffer rule back and cancels the quantity updates it held', () => {
    bulk({
      selection: { filter: { marketplaces: ['amazon'] }, exceptIds: [] },
      operation: { kind: 'setBuffer', buffer: 5 },
    });
    const result = t.store.write((w) => discardHeld(w, { all: true }, newKey));
    expect(result.discarded).toBe(4);
    expect(t.store.read((r) => r.all(qb.selectFrom('channel_rules').selectAll()))).toEqual([]);
    expect(jobs().every((job) => job.state === 'cancelled')).toBe(true);
  });
});

describe('undo and redo', () => {
  it('undoes an unpushed batch down to nothing to push, and redoes it', () => {
    const before = listings();
    const batchId = raiseAmazon();
    const raised = listings();
    const undo = t.store.write((w) => undoBatch(w, batchId, newKey));
    expect(undo).toMatchObject({ restored: 4, skipped: [] });
    expect(listings().get('A1')).toMatchObject({
      price_minor: before.get('A1')!.price_minor,
      dirty: 0,
      sync_state: 'synced',
    });
    expect(jobs().filter((job) => job.state !== 'cancelled')).toEqual([]);
    expect(() => t.store.write((w) => undoBatch(w, batchId, newKey))).toThrow(InvalidStoreInput);

    const redo = t.store.write((w) => undoBatch(w, undo.batchId!, newKey));
    expect(redo.restored).toBe(4);
    expect(listings().get('A1')!.price_minor).toBe(raised.get('A1')!.price_minor);
    expect(jobs().filter((job) => job.state === 'held')).toHaveLength(4);
    const labels = t.store.read((r) =>
      r.all(qb.selectFrom('change_batches').select('label').orderBy('id')),
    );
    expect(labels.map((row) => row.label.split(':')[0])).toEqual([
      'Adjust price on 4 listings',
      'Undo',
      'Redo',
    ]);
  });

  it('undoes a pushed batch with a held edit back, and skips fields changed since', () => {
    const batchId = raiseAmazon();
    landPush(batchId);
    const a2 = listings().get('A2')!;
    t.store.write((w) =>
      applyListingEdit(
        w,
        { id: a2.id, baseVersion: a2.local_version, changes: { priceMinor: 4242 } },
        newKey,
      ),
    );
    const undo = t.store.write((w) => undoBatch(w, batchId, newKey));
    expect(undo.restored).toBe(3);
    expect(undo.skipped).toEqual([
      { listingId: a2.id, field: 'priceMinor', reason: 'changed again since' },
    ]);
    expect(listings().get('A0')).toMatchObject({ price_minor: 1000, sync_state: 'pending' });
    const held = jobs().filter((job) => job.state === 'held');
    expect(held).toHaveLength(3);
    expect(held.every((job) => job.batch_id === undo.batchId)).toBe(true);
  });

  it('words undo and redo batches', () => {
    expect(undoLabel('Spring prices')).toBe('Undo: Spring prices');
    expect(undoLabel('Undo: Spring prices')).toBe('Redo: Spring prices');
    expect(undoLabel('Redo: Spring prices')).toBe('Undo: Spring prices');
  });
});

describe('the pending changes list', () => {
  it('shows each job with its listing, batch and field before → after', () => {
    const batchId = raiseAmazon();
    bulk({ selection: { ids: [idOf('E0')] }, operation: { kind: 'setQuantity', quantity: 7 } });
    const page = t.store.read((r) =>
      listPendingChanges(r, { batchIds: [batchId], offset: 0, limit: 2 }),
    );
    expect(page.total).toBe(4);
    expect(page.rows).toHaveLength(2);
    expect(page.rows[0]).toMatchObject({
      batchId,
      marketplace: 'amazon',
      accountName: 'Acme US',
      kind: 'listing.price',
      currency: 'USD',
      state: 'held',
      changes: [{ field: 'priceMinor', before: 1300, after: 1430 }],
    });
    const summary = t.store.read((r) => changesSummary(r, 10));
    expect(summary.jobs.held).toBe(5);
    expect(summary.batches.map((batch) => [batch.id, batch.jobs.held, batch.changeCount])).toEqual([
      [batchId + 1, 1, 1],
      [batchId, 4, 4],
    ]);
  });
});
