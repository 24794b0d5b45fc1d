import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  contract,
  type DataEntity,
  type InputOf,
  type MethodName,
  type OutputOf,
  type ParsedInputOf,
  type SyncStartResult,
} from '../../shared/api/index.js';
import type { SyncRunId } from '../../shared/ids.js';
import { temporaryStore, testClock, type TemporaryStore } from '../store/test-fixtures.js';
import { seedSeller, type Seller } from '../store/workbench-test-support.js';
import { qb } from '../store/compiler.js';
import { createDispatcher } from './dispatch.js';
import { createHandlers } from './handlers.js';

let t: TemporaryStore;
let seller: Seller;
let changed: DataEntity[][];
let syncs: ParsedInputOf<'sync.run'>[];
let call: <M extends MethodName>(method: M, input: InputOf<M>) => Promise<OutputOf<M>>;

beforeEach(() => {
  t = temporaryStore({ now: testClock().now });
  seller = seedSeller(t.store);
  changed = [];
  syncs = [];
  let keys = 0;
  const dispatcher = createDispatcher(
    createHandlers({
      store: t.store,
      dataDir: t.dir,
      version: 'test',
      emitChanged: (entities) => changed.push(entities),
      newKey: () => `key-${++keys}`,
      startSync: (input): Promise<SyncStartResult> => {
        syncs.push(input);
        return Promise.resolve({ started: true, runId: 7 as SyncRunId });
      },
    }),
    () => undefined,
  );
  let id = 0;
  call = async (method, input) => {
    const frame = await dispatcher.handle({ type: 'call', id: ++id, method, input });
    if (!frame.ok) throw new Error(`${frame.error.code}: ${frame.error.message}`);
    return frame.value as never;
  };
});
afterEach(() => t.dispose());

describe('the workbench through the engine’s door', () => {
  it('registers every workbench method', () => {
    for (const method of [
      'listings.grid',
      'listings.bulkEdit',
      'changes.pending',
      'changes.push',
      'changes.discard',
      'changes.undo',
      'conflicts.review',
      'views.save',
    ]) {
      expect(Object.hasOwn(contract, method)).toBe(true);
    }
  });

  it('holds a bulk edit, then pushes it with a push-only run of its accounts', async () => {
    const edit = await call('listings.bulkEdit', {
      selection: { filter: { marketplaces: ['amazon', 'ebay'], currency: 'USD' } },
      operation: { kind: 'setQuantity', quantity: 3 },
    });
    expect(edit).toMatchObject({ applied: true, changed: 4, jobs: 4 });
    expect(changed).toEqual([['listings', 'changes']]);
    expect(syncs).toEqual([]);

    const pending = await call('changes.pending', {});
    expect(pending.total).toBe(4);
    expect(pending.rows.every((row) => row.state === 'held')).toBe(true);

    const pushed = await call('changes.push', { all: true });
    expect(pushed).toEqual({
      released: 4,
      queued: 4,
      accountIds: [seller.amazon],
      run: { started: true, runId: 7 },
    });
    expect(syncs).toEqual([{ accountIds: [seller.amazon], steps: ['push'] }]);
    const after = await call('changes.pending', { states: ['pending'] });
    expect(after.total).toBe(4);
  });

  it('starts no run when nothing waits', async () => {
    expect(await call('changes.push', { all: true })).toEqual({
      released: 0,
      queued: 0,
      accountIds: [],
      run: null,
    });
    expect(syncs).toEqual([]);
  });

  it('refuses a push scope that is not exactly one of all, batchIds, jobIds', async () => {
    await expect(call('changes.push', { all: true, batchIds: [1] } as never)).rejects.toThrow(
      /invalid_input/,
    );
  });

  it('saves, lists and deletes views of the grid', async () => {
    const state = {
      filter: { marketplaces: ['ebay' as const], missingTranslation: 'de-DE' },
      sort: { field: 'price' as const, dir: 'desc' as const },
      columns: ['sku', 'title', 'price'],
    };
    await call('views.save', { view: 'listings', name: 'eBay to translate', state });
    await call('views.save', { view: 'listings', name: 'All', state: { filter: {}, columns: [] } });
    const views = await call('views.list', { view: 'listings' });
    expect(views.map((view) => view.name)).toEqual(['All', 'eBay to translate']);
    expect(views[1]!.state).toEqual(state);
    expect(await call('views.delete', { view: 'listings', name: 'All' })).toHaveLength(1);
    await expect(call('views.delete', { view: 'listings', name: 'All' })).rejects.toThrow(
      /not_found/,
    );
  });

  it('answers a shift-click range as ids in grid order', async () => {
    const grid = await call('listings.grid', {
      filter: {},
      sort: { field: 'price', dir: 'asc' },
      limit: 3,
      offset: 2,
    });
    const range = await call('listings.ids', {
      filter: {},
      sort: { field: 'price', dir: 'asc' },
      offset: 2,
      limit: 3,
    });
    expect(range).toEqual({ ids: grid.rows.map((row) => row.id), total: 7 });
  });

  it('reviews a conflict with the listing’s currency, shop and version', async () => {
    t.store.write((w) => {
      const listing = w.first(
        qb.selectFrom('listings').select('id').where('remote_id', '=', 'S0'),
      )!;
      w.run(
        qb.insertInto('listing_conflicts').values({
          listing_id: listing.id,
          kind: 'conflict',
          field: 'priceMinor',
          base: '1500',
          mine: '1600',
          theirs: '1700',
          detected_at: '2024-06-01T00:00:00.000Z',
        }),
      );
    });
    const page = await call('conflicts.review', {});
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({
      field: 'priceMinor',
      base: 1500,
      mine: 1600,
      theirs: 1700,
      currency: 'JPY',
      accountName: 'Acme JP',
      localVersion: 0,
    });
  });
});
