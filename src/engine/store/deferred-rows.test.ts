import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { DataEntity } from '../../shared/api/index.js';
import { BulkEditInput } from '../../shared/api/contract-workbench.js';
import { applyBulkEdit, bulkEditListings } from './bulk-edit.js';
import { qb } from './compiler.js';
import { openStore } from './connection.js';
import { batchesWithRowsDue, writeBatchRows } from './deferred-rows.js';
import { applyListingEdit } from './edits.js';
import { matchingListingIds } from './queries/listings.js';
import type { Store } from './connection.js';
import { temporaryStore, testClock, type TemporaryStore } from './test-fixtures.js';
import { listingsByRemoteId, outboxJobs, seedSeller } from './workbench-test-support.js';

let t: TemporaryStore;
let keys = 0;
const newKey = () => `key-${++keys}`;

beforeEach(() => {
  t = temporaryStore({ now: testClock().now });
  seedSeller(t.store);
});
afterEach(() => t.dispose());

const raiseAmazon = BulkEditInput.parse({
  selection: { filter: { marketplaces: ['amazon'] }, exceptIds: [] },
  operation: { kind: 'adjustPrice', by: 'percent', value: '10' },
} satisfies z.input<typeof BulkEditInput>);
const amazonIds = ['A0', 'A1', 'A2', 'A3'];
const listings = () => t.store.read(listingsByRemoteId);
const prices = () => amazonIds.map((id) => listings().get(id)!.price_minor);
/** The batch only: the rows left due, as a crash right after the batch's commit leaves them. */
const batchOnly = () =>
  t.store.write((w) => applyBulkEdit(w, raiseAmazon, newKey, { deferRowsFrom: 1 }));
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('listing rows written after their change batch', () => {
  it('commits the batch and its held jobs first, with the listing rows still as they were', () => {
    const outcome = batchOnly();
    expect(outcome).toMatchObject({ applied: true, changed: 4, jobs: 4, rowsDue: true });
    expect(prices()).toEqual([1000, 1100, 1200, 1300]);
    expect(listings().get('A0')).toMatchObject({
      local_version: 0,
      dirty: 0,
      sync_state: 'synced',
    });
    const jobs = t.store.read(outboxJobs);
    const priceOf = (payload: string) =>
      (JSON.parse(payload) as { values: { priceMinor: number } }).values.priceMinor;
    expect(jobs.map((job) => [job.state, priceOf(job.payload)])).toEqual([
      ['held', 1100],
      ['held', 1210],
      ['held', 1320],
      ['held', 1430],
    ]);
    expect(t.store.read(batchesWithRowsDue)).toEqual([outcome.applied && outcome.batchId]);
  });

  it('writes the rows in steps, each job once, and clears the mark with the last', () => {
    const outcome = batchOnly();
    const batchId = (outcome.applied && outcome.batchId) as number;
    const first = t.store.write((w) => writeBatchRows(w, batchId, 0, 3));
    expect(prices()).toEqual([1100, 1210, 1320, 1300]);
    expect(t.store.read(batchesWithRowsDue)).toEqual([batchId]);
    expect(t.store.write((w) => writeBatchRows(w, batchId, first!, 3))).toBeNull();
    expect(prices()).toEqual([1100, 1210, 1320, 1430]);
    expect(listings().get('A3')).toMatchObject({
      local_version: 1,
      dirty: 1,
      sync_state: 'pending',
    });
    expect(t.store.read(batchesWithRowsDue)).toEqual([]);
    // Written again (a crash between a step's commit and the mark): the same values, one version.
    expect(t.store.write((w) => writeBatchRows(w, batchId, 0, 10))).toBeNull();
    expect(prices()).toEqual([1100, 1210, 1320, 1430]);
    expect(listings().get('A0')!.local_version).toBe(1);
  });

  it('finishes the rows before any other write, so an edit from the written row is accepted', () => {
    const events: DataEntity[][] = [];
    bulkEditListings(t.store, raiseAmazon, newKey, (entities) => events.push(entities), {
      deferRowsFrom: 1,
    });
    expect(events).toEqual([['changes']]);
    expect(prices()).toEqual([1000, 1100, 1200, 1300]);
    const a0 = listings().get('A0')!;
    // The grid shows version 1 once the row is written; an edit made from it must not conflict.
    t.store.write((w) =>
      applyListingEdit(w, { id: a0.id, baseVersion: 1, changes: { priceMinor: 999 } }, newKey),
    );
    expect(prices()).toEqual([999, 1210, 1320, 1430]);
    expect(events).toEqual([['changes'], ['listings']]);
  });

  it('writes the rows a moment after the answer when nothing else writes', async () => {
    const events: DataEntity[][] = [];
    bulkEditListings(t.store, raiseAmazon, newKey, (entities) => events.push(entities), {
      deferRowsFrom: 1,
      rowsAfterMs: 40,
    });
    await nextTurn();
    // The answers the seller asks for next come first: nothing written yet.
    expect(events).toEqual([['changes']]);
    expect(prices()).toEqual([1000, 1100, 1200, 1300]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    for (let turn = 0; turn < 5 && events.length < 2; turn++) await nextTurn();
    expect(events).toEqual([['changes'], ['listings']]);
    expect(prices()).toEqual([1100, 1210, 1320, 1430]);
  });

  it('writes small edits with their batch', () => {
    const events: DataEntity[][] = [];
    const outcome = bulkEditListings(t.store, raiseAmazon, newKey, (e) => events.push(e));
    expect(outcome).not.toHaveProperty('rowsDue');
    expect(prices()).toEqual([1100, 1210, 1320, 1430]);
    expect(events).toEqual([['listings', 'changes']]);
    expect(t.store.read(batchesWithRowsDue)).toEqual([]);
  });

  it('finishes rows a crash left due when the store is opened again', () => {
    batchOnly();
    t.store.close();
    const reopened = openStore(t.path, { now: testClock().now });
    try {
      // The first write of the new session runs on fully written rows.
      reopened.write(() => undefined);
      const after = reopened.read(listingsByRemoteId);
      expect(amazonIds.map((id) => after.get(id)!.price_minor)).toEqual([1100, 1210, 1320, 1430]);
      expect(reopened.read(batchesWithRowsDue)).toEqual([]);
    } finally {
      reopened.close();
    }
    t.store = openStore(t.path);
  });

  it('indexes a replaced title for search when its row is written', () => {
    const replace = BulkEditInput.parse({
      selection: { filter: { marketplaces: ['amazon'] }, exceptIds: [] },
      operation: { kind: 'replaceTitle', find: 'Garden', replace: 'Porch' },
    } satisfies z.input<typeof BulkEditInput>);
    const search = () => t.store.read((r) => matchingListingIds(r, { search: 'porch lamp' }));
    bulkEditListings(t.store, replace, newKey, () => undefined, { deferRowsFrom: 1 });
    expect(search()).toEqual([]);
    t.store.write(() => undefined);
    expect(search()).toHaveLength(4);
    expect(listings().get('A2')!.title).toBe('Porch lamp 2');
  });

  it('leaves nothing due when the batch is refused', () => {
    const refused = t.store.write((w) =>
      applyBulkEdit(
        w,
        BulkEditInput.parse({
          selection: { filter: { marketplaces: ['shopee'] }, exceptIds: [] },
          operation: { kind: 'setPrice', amount: '12.5' },
        }),
        newKey,
        { deferRowsFrom: 1 },
      ),
    );
    expect(refused.applied).toBe(false);
    expect(t.store.read((r) => r.all(qb.selectFrom('change_batches').select('id')))).toEqual([]);
  });

  it.each([
    ['a price', { kind: 'adjustPrice', by: 'percent', value: '10' }],
    ['a quantity', { kind: 'setQuantity', quantity: 7 }],
    ['a status', { kind: 'setStatus', status: 'inactive' }],
    ['a title', { kind: 'replaceTitle', find: 'lamp', replace: 'light' }],
  ] as const)('writes %s edit exactly as the rows-with-batch path does', (_, operation) => {
    // One listing already has a held job: it takes the one-by-one path, the others the staged one.
    const prepare = (store: Store) => {
      seedSeller(store);
      const a1 = store.read(listingsByRemoteId).get('A1')!;
      store.write((w) =>
        applyListingEdit(
          w,
          { id: a1.id, baseVersion: 0, changes: { priceMinor: 1111 }, hold: true },
          () => 'earlier',
        ),
      );
    };
    const run = (deferRowsFrom: number) => {
      const other = temporaryStore({ now: testClock().now });
      try {
        prepare(other.store);
        let n = 0;
        const input = BulkEditInput.parse({
          selection: { filter: { marketplaces: ['amazon'] }, exceptIds: [] },
          operation,
        });
        bulkEditListings(
          other.store,
          input,
          () => `k-${++n}`,
          () => undefined,
          {
            deferRowsFrom,
            rowsAfterMs: 0,
          },
        );
        other.store.write(() => undefined);
        return other.store.read((r) => ({
          listings: [...listingsByRemoteId(r).values()],
          audit: r.all(
            qb
              .selectFrom('audit_log')
              .select(['batch_id', 'entity_id', 'field', 'before', 'after', 'at'])
              .orderBy('entity_id')
              .orderBy('field'),
          ),
          jobs: r.all(
            qb
              .selectFrom('outbox')
              .select(['listing_id', 'batch_id', 'kind', 'payload', 'state', 'source'])
              // Keys are handed out in another order when some listings go one by one.
              .select(['base_version', 'created_at'])
              .orderBy('listing_id')
              .orderBy('kind')
              .orderBy('id'),
          ),
        }));
      } finally {
        other.dispose();
      }
    };
    const later = run(1);
    expect(later).toEqual(run(Number.POSITIVE_INFINITY));
    expect(later.jobs.filter((job) => job.state === 'held').length).toBeGreaterThan(3);
  });
});
