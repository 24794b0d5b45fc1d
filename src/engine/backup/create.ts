/**
 * Taking a backup with SQLite's online backup API (better-sqlite3 `db.backup`): it copies the live
 * database page by page while the app keeps working, and restarts by itself if another connection
 * writes meanwhile, so the copy is always one consistent moment of the store. The copy is made
 * under a temporary name, switched to a self-contained rollback-journal file, checked, and only
 * then given its name and manifest; a crash midway leaves no half backup in the list.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { createLogger } from '../../shared/log.js';
import type { Store } from '../store/connection.js';
import { readSchemaVersion } from '../store/migrate.js';
import { BackupError } from './errors.js';
import {
  ensureBackupDir,
  listBackups,
  manifestPath,
  writeManifest,
  type BackupManifest,
  type BackupReason,
} from './manifest.js';
import { backupsToPrune, DEFAULT_RETENTION, type RetentionPolicy } from './retention.js';
import { settleAndCheck } from './integrity-worker.js';

const log = createLogger('engine.backup');

export interface CreateBackupOptions {
  reason: BackupReason;
  now?: () => Date;
  retention?: RetentionPolicy;
}

export function dataDirOf(store: Store): string {
  if (store.path === ':memory:') {
    throw new BackupError('no_file', 'This store lives in memory: there is no file to back up');
  }
  return dirname(store.path);
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

export async function createBackup(
  store: Store,
  options: CreateBackupOptions,
): Promise<BackupManifest> {
  const dataDir = dataDirOf(store);
  const dir = ensureBackupDir(dataDir);
  const now = (options.now ?? (() => new Date()))();
  const file = `silkroute-${stamp(now)}-${options.reason}-${randomBytes(3).toString('hex')}.db`;
  const partial = join(dir, `.${file}.partial`);
  try {
    await store.raw.backup(partial);
    const integrity = await settleAndCheck(partial);
    const copy = new Sqlite(partial, { readonly: true });
    let schemaVersion: number;
    try {
      schemaVersion = readSchemaVersion(copy);
    } finally {
      copy.close();
    }
    if (process.platform !== 'win32') chmodSync(partial, 0o600);
    renameSync(partial, join(dir, file));
    const manifest: BackupManifest = {
      version: 1,
      file,
      createdAt: now.toISOString(),
      reason: options.reason,
      schemaVersion,
      sizeBytes: statSync(join(dir, file)).size,
      integrity,
    };
    writeManifest(dir, manifest);
    if (integrity !== 'ok')
      log.error('the store failed its integrity check while backing up', { integrity });
    else log.info('backup made', { file, reason: options.reason });
    pruneBackups(dataDir, options.retention ?? DEFAULT_RETENTION);
    return manifest;
  } finally {
    rmSync(partial, { force: true });
  }
}

/** Deletes what the retention policy no longer keeps; returns the files deleted. */
export function pruneBackups(
  dataDir: string,
  policy: RetentionPolicy = DEFAULT_RETENTION,
): string[] {
  const dir = ensureBackupDir(dataDir);
  const deleted: string[] = [];
  for (const entry of backupsToPrune(listBackups(dataDir), policy)) {
    try {
      unlinkSync(manifestPath(dir, entry.file));
      rmSync(join(dir, entry.file), { force: true });
      deleted.push(entry.file);
    } catch (error) {
      log.warn('an old backup could not be deleted', { file: entry.file, error });
    }
  }
  return deleted;
}
