/**
 * Restoring a backup into the store, for the CLI and for a running engine alike:
 * 1. the chosen file is copied aside and the copy is validated (header, integrity check, our
 *    migrations table): a damaged or foreign file is refused before anything is touched, and what
 *    is restored is exactly what was checked;
 * 2. the sync lease is taken, so no run starts (or is under way) while the store is replaced;
 * 3. the current state is backed up (reason `before-restore`), so a restore can itself be undone;
 * 4. the copy is written over the live database through SQLite's backup API: one write
 *    transaction on the live file, so every connection (the engine's included) sees either the
 *    old store or the restored one, never a mix, and nobody has to close the file first;
 * 5. an older backup is migrated forward, and the lease is left expired so the next run starts
 *    clean (closing any run the backup recorded as under way).
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import { createLogger } from '../../shared/log.js';
import type { Store } from '../store/connection.js';
import { migrate } from '../store/migrate.js';
import { acquireLease, releaseLease } from '../sync/lease.js';
import { createBackup, dataDirOf } from './create.js';
import { BackupError } from './errors.js';
import { ensureBackupDir, type BackupManifest } from './manifest.js';
import type { RetentionPolicy } from './retention.js';
import { integrityOf, validateBackupFile } from './validate.js';
import { resumeBatchRows } from '../store/deferred-rows.js';

const log = createLogger('engine.backup');

export interface RestoreOptions {
  /** The backup to restore: a path, or a file name in `<data>/backups/`. */
  file: string;
  now?: () => Date;
  retention?: RetentionPolicy;
}

export interface RestoreOutcome {
  /** The schema version the backup had (the store is migrated to the latest after). */
  restoredSchemaVersion: number;
  schemaVersion: number;
  /** The backup of the state that was replaced. */
  safetyBackup: BackupManifest;
}

const RESTORE_LEASE_MS = 10 * 60_000;

/** Resolves a bare backup file name to the backup folder; paths are taken as given. */
export function resolveBackupFile(dataDir: string, file: string): string {
  return /[\\/]/.test(file) ? file : join(dataDir, 'backups', file);
}

export async function restoreBackup(
  store: Store,
  options: RestoreOptions,
): Promise<RestoreOutcome> {
  const dataDir = dataDirOf(store);
  const source = resolveBackupFile(dataDir, options.file);
  // Validated as given first, so a missing or foreign file gets its own error without a copy.
  validateBackupFile(source);
  const staged = join(ensureBackupDir(dataDir), `.restore-${randomBytes(4).toString('hex')}.db`);
  const holder = `restore:${process.pid}:${randomBytes(4).toString('hex')}`;
  let leased = false;
  try {
    copyFileSync(source, staged);
    const valid = validateBackupFile(staged);
    const lease = store.write((w) => acquireLease(w, { holder, ttlMs: RESTORE_LEASE_MS }));
    if (!lease.ok) {
      throw new BackupError(
        'busy',
        `A sync is running (${lease.holder}, until ${lease.expiresAt}): restore when it has finished`,
      );
    }
    leased = true;
    const safetyBackup = await createBackup(store, {
      reason: 'before-restore',
      ...(options.now ? { now: options.now } : {}),
      ...(options.retention ? { retention: options.retention } : {}),
    });
    const copy = new Sqlite(staged, { readonly: true, fileMustExist: true });
    try {
      // All pages in one step: the live file's write lock is held for one step only.
      await copy.backup(store.path, { progress: () => 0x7fffffff });
    } finally {
      copy.close();
    }
    leased = false;
    const integrity = integrityOf(store.raw);
    if (integrity !== 'ok') {
      throw new BackupError(
        'corrupt',
        `The restored store failed its integrity check: ${integrity}`,
      );
    }
    const schemaVersion = migrate(store.raw, { path: store.path });
    // A backup taken while a large bulk edit's rows were being written: finish them first.
    resumeBatchRows(store);
    // The backup may have been taken while a run held the lease: expire it, so the next run
    // takes it at once and closes the run the backup shows as under way.
    store.write((w) => w.run(CompiledQuery.raw('UPDATE sync_lease SET expires_at = ?', [w.now()])));
    log.info('backup restored', { file: options.file, schemaVersion: valid.schemaVersion });
    return { restoredSchemaVersion: valid.schemaVersion, schemaVersion, safetyBackup };
  } finally {
    rmSync(staged, { force: true });
    if (leased) {
      try {
        store.write((w) => releaseLease(w, holder));
      } catch (error) {
        log.warn('the restore lease could not be released', { error });
      }
    }
  }
}
