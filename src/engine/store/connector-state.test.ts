import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ebayUsageStoreOver } from '../../connectors/ebay/usage-state.js';
import { EbayUsage } from '../../connectors/ebay/usage.js';
import { RateLimitedError } from '../../connectors/http/errors.js';
import { ManualClock } from '../../connectors/http/manual-clock.js';
import { openStore, STORE_FILE_NAME, type Store } from './connection.js';
import { SqliteConnectorStateStore } from './connector-state.js';

let dir: string;
let path: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'silkroute-connector-state-'));
  path = join(dir, STORE_FILE_NAME);
  store = openStore(path);
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Closes the store and opens it again, as a restart of the app does. */
function restart(): SqliteConnectorStateStore {
  store.close();
  store = openStore(path);
  return new SqliteConnectorStateStore(store);
}

function ebayUsage(state: SqliteConnectorStateStore, clock: ManualClock, accountKey = '7') {
  return new EbayUsage({
    store: ebayUsageStoreOver(state),
    clientId: 'app-1',
    accountKey,
    clock,
    quotas: { fulfillment: 100 },
  });
}

describe('SqliteConnectorStateStore', () => {
  it('returns null for a document never saved, and the last saved one after a restart', async () => {
    const state = new SqliteConnectorStateStore(store);
    expect(await state.load('ebay', 'k')).toBeNull();
    await state.save('ebay', 'k', { used: 1 });
    await state.save('ebay', 'k', { used: 2, list: ['a'] });
    await state.save('wish', 'k', { other: true });
    const reopened = restart();
    expect(await reopened.load('ebay', 'k')).toEqual({ used: 2, list: ['a'] });
    expect(await reopened.load('wish', 'k')).toEqual({ other: true });
  });

  it('rejects a save once the store is closed instead of pretending it was kept', async () => {
    const state = new SqliteConnectorStateStore(store);
    store.close();
    await expect(state.save('ebay', 'k', { used: 1 })).rejects.toThrow();
    store = openStore(path);
  });
});

describe('eBay usage kept in the store', () => {
  it('keeps quota counts and revisions across a restart, shared by accounts of one application', async () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1, 12));
    const state = new SqliteConnectorStateStore(store);
    const first = ebayUsage(state, clock, '7');
    const second = ebayUsage(state, clock, '8');
    await Promise.all([first.ready(), second.ready()]);
    for (let i = 0; i < 60; i++) first.count('fulfillment');
    for (let i = 0; i < 38; i++) second.count('fulfillment');
    await first.takeRevisions(['listing-1', 'listing-1']);
    await Promise.all([first.flush(), second.flush()]);

    const afterRestart = ebayUsage(restart(), clock, '7');
    await afterRestart.ready();
    expect(afterRestart.used('fulfillment')).toBe(98);
    expect(() => afterRestart.assertAvailable('fulfillment', 'getOrders')).toThrow(
      RateLimitedError,
    );
    expect(afterRestart.revisionsLeft('listing-1').left).toBe(248);
  });

  it('starts counting again, without failing, when the stored document is unreadable', async () => {
    // Written by hand, as a damaged or older document would be: a negative count.
    store.raw
      .prepare('INSERT INTO connector_state (scope, key, value, updated_at) VALUES (?, ?, ?, ?)')
      .run('ebay', 'ebay-app:app-1', '{"quotas":{"fulfillment":{"used":-5}}}', '2026-06-01');
    const clock = new ManualClock(Date.UTC(2026, 5, 1, 12));
    const usage = ebayUsage(new SqliteConnectorStateStore(store), clock);
    await usage.ready();
    expect(usage.used('fulfillment')).toBe(0);
    expect(() => usage.assertAvailable('fulfillment', 'getOrders')).not.toThrow();
  });
});
