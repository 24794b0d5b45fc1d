/** Backups of the store: see create.ts (taking), restore.ts (restoring), hooks.ts (when). */
export { BackupError, type BackupErrorCode } from './errors.js';
export {
  BACKUP_REASONS,
  BackupManifest,
  backupDir,
  listBackups,
  type BackupReason,
} from './manifest.js';
export { backupsToPrune, DEFAULT_RETENTION, isoWeek, type RetentionPolicy } from './retention.js';
export { createBackup, pruneBackups, type CreateBackupOptions } from './create.js';
export { validateBackupFile, type ValidBackup } from './validate.js';
export {
  restoreBackup,
  resolveBackupFile,
  type RestoreOptions,
  type RestoreOutcome,
} from './restore.js';
export {
  backupBeforePush,
  ensureDailyBackup,
  scheduleDailyBackups,
  type BackupHookOptions,
} from './hooks.js';
