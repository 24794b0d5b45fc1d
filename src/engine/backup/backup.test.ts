import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { BulkEditInput } from '../../shared/api/contract-workbench.js';
import { applyBulkEdit } from '../store/bulk-edit.js';
import { openStore, type Store } from '../store/connection.js';
import { batchesWithRowsDue } from '../store/deferred-rows.js';
import { listingsByRemoteId, seedSeller } from '../store/workbench-test-support.js';
import { upsertAccount } from '../store/ingest.js';
import { accountInput, temporaryDir } from '../store/test-fixtures.js';
import { acquireLease } from '../sync/lease.js';
import { createBackup } from './create.js';
import { BackupError } from './errors.js';
import { backupBeforePush, ensureDailyBackup, scheduleDailyBackups } from './hooks.js';
import { backupDir, listBackups } from './manifest.js';
import { restoreBackup } from './restore.js';
import { validateBackupFile } from './validate.js';

function accountNames(store: Store): string[] {
  return (
    store.raw.prepare('SELECT display_name FROM accounts ORDER BY id').all() as {
      display_name: string;
    }[]
  ).map((row) => row.display_name);
}

function addAccount(store: Store, name: string, shopId: string): void {
  store.write((w) => upsertAccount(w, accountInput({ displayName: name, shopId })));
}

async function failure(promise: Promise<unknown> | (() => unknown)): Promise<BackupError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof BackupError) return error;
    throw error;
  }
  throw new Error('expected a BackupError');
}

describe('backups', () => {
  let folder: { dir: string; dispose: () => void };
  let store: Store;
  beforeEach(() => {
    folder = temporaryDir();
    store = openStore(join(folder.dir, 'silkroute.db'));
  });
  afterEach(() => {
    store.close();
    folder.dispose();
  });

  it('writes a self-contained, owner-only copy with a manifest', async () => {
    addAccount(store, 'Acme US', 'S1');
    const manifest = await createBackup(store, { reason: 'manual' });
    expect(manifest).toMatchObject({ reason: 'manual', integrity: 'ok' });
    expect(manifest.schemaVersion).toBe(store.schemaVersion);
    const dir = backupDir(folder.dir);
    expect(readdirSync(dir).sort()).toEqual([manifest.file, `${manifest.file}.json`].sort());
    if (process.platform !== 'win32') {
      expect(statSync(join(dir, manifest.file)).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    }
    expect(listBackups(folder.dir)).toEqual([manifest]);
    const copy = new Sqlite(join(dir, manifest.file), { readonly: true });
    expect(copy.prepare('SELECT display_name FROM accounts').all()).toEqual([
      { display_name: 'Acme US' },
    ]);
    copy.close();
  });

  it('restores the backed-up state after backing up the current one', async () => {
    addAccount(store, 'Before', 'S1');
    const backup = await createBackup(store, { reason: 'manual' });
    addAccount(store, 'After', 'S2');
    const outcome = await restoreBackup(store, { file: backup.file });
    // The same open connection sees the restored store: nothing had to close.
    expect(accountNames(store)).toEqual(['Before']);
    expect(outcome.safetyBackup.reason).toBe('before-restore');
    expect(outcome.schemaVersion).toBe(store.schemaVersion);
    // The state that was replaced is itself restorable.
    await restoreBackup(store, { file: outcome.safetyBackup.file });
    expect(accountNames(store)).toEqual(['Before', 'After']);
    // And the store still works for writes and a fresh open.
    addAccount(store, 'Third', 'S3');
    store.close();
    store = openStore(join(folder.dir, 'silkroute.db'));
    expect(accountNames(store)).toEqual(['Before', 'After', 'Third']);
  });

  it('finishes the listing rows of a bulk edit the backup caught half written', async () => {
    seedSeller(store);
    // The batch committed, its rows not yet written: what a backup can catch mid-way.
    store.write((w) =>
      applyBulkEdit(
        w,
        BulkEditInput.parse({
          selection: { filter: { marketplaces: ['amazon'] }, exceptIds: [] },
          operation: { kind: 'adjustPrice', by: 'percent', value: '10' },
        }),
        () => randomUUID(),
        { deferRowsFrom: 1 },
      ),
    );
    const backup = await createBackup(store, { reason: 'manual' });
    const prices = () =>
      ['A0', 'A1', 'A2', 'A3'].map((id) => store.read(listingsByRemoteId).get(id)!.price_minor);
    expect(prices()).toEqual([1000, 1100, 1200, 1300]);
    await restoreBackup(store, { file: backup.file });
    expect(prices()).toEqual([1100, 1210, 1320, 1430]);
    expect(store.read(batchesWithRowsDue)).toEqual([]);
  });

  it('refuses a corrupted backup with a specific error and leaves the store as it was', async () => {
    addAccount(store, 'Keep me', 'S1');
    const backup = await createBackup(store, { reason: 'manual' });
    const path = join(backupDir(folder.dir), backup.file);
    const bytes = readFileSync(path);
    // Damage every page after the first (the header stays, so it still looks like SQLite).
    for (let offset = 4096; offset < bytes.length; offset += 97) bytes[offset] = 0xa5;
    writeFileSync(path, bytes);
    const error = await failure(restoreBackup(store, { file: backup.file }));
    expect(error.code).toBe('corrupt');
    expect(error.message).toContain(backup.file);
    expect(accountNames(store)).toEqual(['Keep me']);
    // Nothing was half-done: no safety backup, no staged copy.
    expect(listBackups(folder.dir).map((entry) => entry.reason)).toEqual(['manual']);
    expect(readdirSync(backupDir(folder.dir)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('names what is wrong with files that are not backups', async () => {
    const other = join(folder.dir, 'notes.txt');
    writeFileSync(other, 'x'.repeat(4096));
    expect((await failure(() => validateBackupFile(other))).code).toBe('not_sqlite');
    expect((await failure(() => validateBackupFile(join(folder.dir, 'none.db')))).code).toBe(
      'missing',
    );
    const foreign = join(folder.dir, 'foreign.db');
    const database = new Sqlite(foreign);
    database.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    database.close();
    expect((await failure(() => validateBackupFile(foreign))).code).toBe('not_silkroute');
    const newer = join(folder.dir, 'newer.db');
    await store.raw.backup(newer);
    const edit = new Sqlite(newer);
    edit.prepare(`INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01')`).run();
    edit.close();
    expect((await failure(() => validateBackupFile(newer))).code).toBe('too_new');
    expect((await failure(restoreBackup(store, { file: other }))).code).toBe('not_sqlite');
  });

  it('refuses to restore while a sync holds the lease', async () => {
    const backup = await createBackup(store, { reason: 'manual' });
    store.write((w) => acquireLease(w, { holder: 'engine:1:run', ttlMs: 60_000 }));
    const error = await failure(restoreBackup(store, { file: backup.file }));
    expect(error.code).toBe('busy');
    expect(error.message).toContain('engine:1:run');
  });

  it('takes a before-push backup at most every few minutes, and one daily backup a day', async () => {
    let now = new Date('2026-11-24T08:00:00.000Z');
    const clock = () => now;
    const first = await backupBeforePush(store, { now: clock });
    expect(first.map((entry) => entry.reason).sort()).toEqual(['before-push', 'daily']);
    now = new Date('2026-11-24T08:05:00.000Z');
    expect(await backupBeforePush(store, { now: clock })).toEqual([]);
    now = new Date('2026-11-24T09:00:00.000Z');
    expect((await backupBeforePush(store, { now: clock })).map((entry) => entry.reason)).toEqual([
      'before-push',
    ]);
    now = new Date('2026-11-25T00:30:00.000Z');
    expect((await ensureDailyBackup(store, { now: clock }))?.reason).toBe('daily');
    expect(await ensureDailyBackup(store, { now: clock })).toBeNull();
  });

  it('takes one daily backup when the hourly check and a push ask for it at once', async () => {
    const clock = () => new Date('2026-11-24T08:00:00.000Z');
    const [checked, pushed] = await Promise.all([
      ensureDailyBackup(store, { now: clock }),
      backupBeforePush(store, { now: clock }),
    ]);
    expect(checked?.reason).toBe('daily');
    expect(pushed.map((entry) => entry.reason)).toEqual(['before-push']);
    const daily = listBackups(folder.dir).filter((entry) => entry.reason === 'daily');
    expect(daily).toHaveLength(1);
  });

  it('never throws from the push hook, and skips a store in memory', async () => {
    const memory = openStore(':memory:');
    expect(await backupBeforePush(memory)).toEqual([]);
    memory.close();
    store.close();
    expect(await backupBeforePush(store)).toEqual([]);
    store = openStore(join(folder.dir, 'silkroute.db'));
  });

  it('keeps a daily backup while an engine runs, and stops when told', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    try {
      let now = new Date('2026-11-24T08:00:00.000Z');
      const stop = scheduleDailyBackups(store, { now: () => now, intervalMs: 3_600_000 });
      await vi.advanceTimersByTimeAsync(5_000);
      await vi.waitFor(() => expect(listBackups(folder.dir)).toHaveLength(1));
      now = new Date('2026-11-25T08:00:00.000Z');
      await vi.advanceTimersByTimeAsync(3_600_000);
      await vi.waitFor(() => expect(listBackups(folder.dir)).toHaveLength(2));
      stop();
      now = new Date('2026-11-26T08:00:00.000Z');
      await vi.advanceTimersByTimeAsync(3 * 3_600_000);
      expect(listBackups(folder.dir).map((entry) => entry.reason)).toEqual(['daily', 'daily']);
    } finally {
      vi.useRealTimers();
    }
  });
});
