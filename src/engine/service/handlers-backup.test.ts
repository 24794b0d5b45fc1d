import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupFileName } from '../../shared/api/contract-backup.js';
import type { DataEntity } from '../../shared/api/index.js';
import { backupDir } from '../backup/index.js';
import { openStore, type Store } from '../store/connection.js';
import { upsertAccount } from '../store/ingest.js';
import { accountInput, temporaryDir } from '../store/test-fixtures.js';
import { createBackupHandlers } from './handlers-backup.js';

describe('backup handlers', () => {
  let folder: { dir: string; dispose: () => void };
  let store: Store;
  let changed: DataEntity[][];
  beforeEach(() => {
    folder = temporaryDir();
    store = openStore(join(folder.dir, 'silkroute.db'));
    changed = [];
  });
  afterEach(() => {
    store.close();
    folder.dispose();
  });

  const handlers = () =>
    createBackupHandlers({
      store,
      dataDir: folder.dir,
      version: 'test',
      emitChanged: (entities) => changed.push(entities),
    });

  it('takes, lists and restores backups in the running engine, telling every window', async () => {
    const api = handlers();
    store.write((w) => upsertAccount(w, accountInput({ displayName: 'Then', shopId: 'S1' })));
    const made = await api['backups.create']({});
    expect(made.reason).toBe('manual');
    store.write((w) => upsertAccount(w, accountInput({ displayName: 'Now', shopId: 'S2' })));
    expect((await api['backups.list']({})).map((entry) => entry.file)).toEqual([made.file]);
    const outcome = await api['backups.restore']({ file: made.file });
    expect(outcome.safetyBackup.reason).toBe('before-restore');
    expect(store.raw.prepare('SELECT display_name FROM accounts').all()).toEqual([
      { display_name: 'Then' },
    ]);
    expect(changed.at(-1)).toContain('accounts');
  });

  it('answers a damaged backup with invalid_input and a missing one with not_found', async () => {
    const api = handlers();
    const made = await api['backups.create']({});
    const path = join(backupDir(folder.dir), made.file);
    const bytes = readFileSync(path);
    bytes.fill(0x5a, 4096);
    writeFileSync(path, bytes);
    await expect(api['backups.restore']({ file: made.file })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(
      api['backups.restore']({ file: 'silkroute-20260101T000000000Z-manual-abcdef.db' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(changed).toEqual([]);
  });

  it('accepts only backup file names from the list, never a path', () => {
    expect(
      BackupFileName.safeParse('silkroute-20261124T224406490Z-before-push-0a16dc.db').success,
    ).toBe(true);
    for (const bad of [
      '../silkroute.db',
      '/etc/passwd',
      'backups/x.db',
      'silkroute-1-manual.db/..',
    ]) {
      expect(BackupFileName.safeParse(bad).success, bad).toBe(false);
    }
  });
});
