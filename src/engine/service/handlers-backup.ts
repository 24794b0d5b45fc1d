/**
 * Handlers of the backup methods (contract-backup.ts). A restore runs in the running engine: the
 * backup is written over the live file through SQLite (engine/backup/restore.ts), so the engine's
 * connection sees the restored store at its next read, and every window is told everything changed.
 */
import { ApiError, type DataEntity } from '../../shared/api/index.js';
import { BackupError, createBackup, listBackups, restoreBackup } from '../backup/index.js';
import type { Handlers } from './dispatch.js';
import type { HandlerContext } from './handlers.js';

export type BackupMethod = 'backups.list' | 'backups.create' | 'backups.restore';

const EVERYTHING: DataEntity[] = [
  'accounts',
  'catalog',
  'listings',
  'orders',
  'translations',
  'changes',
  'sync',
  'settings',
];

function toApi(error: unknown): unknown {
  if (!(error instanceof BackupError)) return error;
  switch (error.code) {
    case 'missing':
      return new ApiError('not_found', error.message);
    case 'busy':
      return new ApiError('busy', error.message);
    case 'no_file':
      return new ApiError('unavailable', error.message);
    default:
      return new ApiError('invalid_input', error.message, [
        { path: 'file', message: error.message },
      ]);
  }
}

export function createBackupHandlers(context: HandlerContext): Pick<Handlers, BackupMethod> {
  const { store } = context;
  return {
    'backups.list': () => listBackups(context.dataDir),
    'backups.create': async () => {
      try {
        return await createBackup(store, { reason: 'manual' });
      } catch (error) {
        throw toApi(error);
      }
    },
    'backups.restore': async ({ file }) => {
      try {
        const outcome = await restoreBackup(store, { file });
        context.emitChanged(EVERYTHING);
        return outcome;
      } catch (error) {
        throw toApi(error);
      }
    },
  };
}
