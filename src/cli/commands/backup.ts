/**
 * `silkroute backup` and `silkroute restore`. Both work on the live file through SQLite (the online
 * backup API in both directions), so they are safe while the app has the same folder open: the app
 * sees the restored store at its next read. A refused restore prints why and changes nothing.
 */
import { join } from 'node:path';
import {
  BackupError,
  createBackup,
  listBackups,
  resolveBackupFile,
  restoreBackup,
  validateBackupFile,
} from '../../engine/backup/index.js';
import { openStore, STORE_FILE_NAME } from '../../engine/store/connection.js';
import type { CliIo } from '../io.js';
import type { BackupCommand, RestoreCommand } from './backup-args.js';

function describeSize(bytes: number): string {
  return bytes >= 1 << 20
    ? `${(bytes / (1 << 20)).toFixed(1)} MB`
    : `${Math.ceil(bytes / 1024)} KB`;
}

export async function runBackup(
  command: BackupCommand,
  dataDir: string,
  io: CliIo,
): Promise<number> {
  if (command.list) {
    const entries = listBackups(dataDir);
    if (entries.length === 0) io.out(`No backups in ${join(dataDir, 'backups')} yet.`);
    for (const entry of entries) {
      io.out(
        `${entry.file}  ${entry.createdAt}  ${entry.reason}  schema ${entry.schemaVersion}  ${describeSize(entry.sizeBytes)}  ${entry.integrity === 'ok' ? 'ok' : `DAMAGED: ${entry.integrity}`}`,
      );
    }
    return 0;
  }
  const store = openStore(join(dataDir, STORE_FILE_NAME));
  try {
    const manifest = await createBackup(store, { reason: 'manual' });
    io.out(
      `Backed up to ${join(dataDir, 'backups', manifest.file)} (${describeSize(manifest.sizeBytes)}, schema ${manifest.schemaVersion}, integrity ${manifest.integrity}).`,
    );
    return manifest.integrity === 'ok' ? 0 : 1;
  } finally {
    store.close();
  }
}

export async function runRestore(
  command: RestoreCommand,
  dataDir: string,
  io: CliIo,
): Promise<number> {
  const path = resolveBackupFile(dataDir, command.file);
  try {
    const valid = validateBackupFile(path);
    if (!command.yes) {
      io.out(
        `${path} is a sound backup (schema ${valid.schemaVersion}, ${describeSize(valid.sizeBytes)}). ` +
          'Nothing was changed: run again with --yes to replace the store with it.',
      );
      return 0;
    }
    const store = openStore(join(dataDir, STORE_FILE_NAME));
    try {
      const outcome = await restoreBackup(store, { file: path });
      io.out(
        `Restored ${path} (schema ${outcome.restoredSchemaVersion}, now ${outcome.schemaVersion}). ` +
          `The store as it was is in backups/${outcome.safetyBackup.file}.`,
      );
      return 0;
    } finally {
      store.close();
    }
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    io.err(`silkroute restore: refused (${error.code}): ${error.message}`);
    return 1;
  }
}
