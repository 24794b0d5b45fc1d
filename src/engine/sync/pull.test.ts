import { afterEach, describe, expect, it } from 'vitest';
import type { Connector, ListingPageRequest } from '../../connectors/index.js';
import type { SyncRunId } from '../../shared/ids.js';
import { qb } from '../store/compiler.js';
import { upsertAccount } from '../store/ingest.js';
import {
  accountInput,
  listingInput,
  temporaryStore,
  testClock,
  type TemporaryStore,
} from '../store/test-fixtures.js';
import { readCheckpoint } from './cursors.js';
import { acquireLease } from './lease.js';
import { pullListings } from './pull.js';
import { closeInterruptedRuns, startRun } from './runs.js';

let current: TemporaryStore | undefined;
afterEach(() => {
  current?.dispose();
  current = undefined;
});

const T0 = Date.parse('2024-06-01T08:00:00.000Z');

describe('pullListings', () => {
  it('a pull resumed after a stop completes as of when it first started, so the next one misses nothing', async () => {
    current = temporaryStore({ now: testClock().now });
    const { store } = current;
    const accountId = store.write((w) => upsertAccount(w, accountInput()));
    let remoteNow = T0;
    const requests: ListingPageRequest[] = [];
    let failSecondPage = true;
    const connector = {
      capabilities: { listings: { changedSince: true } },
      listListings(request: ListingPageRequest) {
        requests.push(request);
        if (request.cursor === null) {
          return Promise.resolve({
            items: [listingInput({ remoteId: 'A', sku: 'A' })],
            problems: [],
            nextCursor: 'page-2',
          });
        }
        if (failSecondPage) {
          failSecondPage = false;
          return Promise.reject(new Error('the process died here'));
        }
        return Promise.resolve({
          items: [listingInput({ remoteId: 'B', sku: 'B' })],
          problems: [],
          nextCursor: null,
        });
      },
    } as unknown as Connector;
    const options = {
      store,
      accountId,
      connector,
      trigger: 'manual' as const,
      remoteNow: () => remoteNow,
    };

    await expect(pullListings(options, 1 as SyncRunId)).rejects.toThrow(/died/);
    expect(store.read((r) => readCheckpoint(r, accountId, 'listings'))).toMatchObject({
      next: 'page-2',
      pullStartedAt: new Date(T0).toISOString(),
    });

    // An hour later the pull resumes from page 2 and completes as of its first start: listing A
    // may have changed after page 1 was read, and the next pull asks from T0, not from now.
    remoteNow = T0 + 3_600_000;
    await pullListings(options, 2 as SyncRunId);
    expect(requests.at(-1)).toEqual({ cursor: 'page-2', changedSince: null });
    expect(store.read((r) => readCheckpoint(r, accountId, 'listings'))).toEqual({
      next: null,
      changedSince: null,
      syncedThrough: new Date(T0).toISOString(),
    });

    remoteNow = T0 + 7_200_000;
    await pullListings(options, 3 as SyncRunId);
    expect(requests.at(-2)).toEqual({ cursor: null, changedSince: new Date(T0).toISOString() });
  });
});

describe('runs left running by a dead process', () => {
  it('are closed by whoever takes the free lease next, in the same transaction', () => {
    current = temporaryStore({ now: testClock().now });
    const { store } = current;
    const dead = store.write((w) => startRun(w, 'schedule'));
    const held = store.write((w) => acquireLease(w, { holder: 'app:1:aa', ttlMs: 60_000 }));
    expect(held.ok).toBe(true);
    // Someone else finds the lease held: nothing is closed.
    store.write((w) =>
      acquireLease(w, { holder: 'cli:2:bb', ttlMs: 60_000, onAcquired: closeInterruptedRuns }),
    );
    const state = () =>
      store.read((r) =>
        r.first(qb.selectFrom('sync_runs').select(['state', 'finished_at']).where('id', '=', dead)),
      );
    expect(state()).toEqual({ state: 'running', finished_at: null });
    store.write((w) => w.run(qb.deleteFrom('sync_lease')));
    const taken = store.write((w) =>
      acquireLease(w, { holder: 'cli:2:bb', ttlMs: 60_000, onAcquired: closeInterruptedRuns }),
    );
    expect(taken.ok).toBe(true);
    expect(state()).toEqual({ state: 'failed', finished_at: '2024-06-01T12:00:00.000Z' });
  });
});
