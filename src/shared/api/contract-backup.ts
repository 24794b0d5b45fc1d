/**
 * Backups in Settings (issue 12): list the store's backups, take one now, restore one. A restore
 * names a backup by its file name from the list only — never a path — so the renderer cannot point
 * the engine at an arbitrary file. Spread into `contract` (contract.ts).
 */
import { z } from 'zod';
import type { MethodDef } from './contract.js';

const method =
  <O>() =>
  <I extends z.ZodType>(input: I): MethodDef<I, O> => ({ input });

export const BACKUP_REASON_NAMES = ['daily', 'before-push', 'before-restore', 'manual'] as const;
export type BackupReasonName = (typeof BACKUP_REASON_NAMES)[number];

/** One backup, as Settings lists it. */
export interface BackupSummary {
  file: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  reason: BackupReasonName;
  schemaVersion: number;
  sizeBytes: number;
  /** `ok`, or the first problem the integrity check found when it was taken. */
  integrity: string;
}

export interface BackupRestoreResult {
  restoredSchemaVersion: number;
  schemaVersion: number;
  /** The backup of the state the restore replaced. */
  safetyBackup: BackupSummary;
}

/** A backup's file name as the engine writes them (no folder, no path separators). */
export const BackupFileName = z
  .string()
  .max(120)
  .regex(/^silkroute-[0-9TZ]+-[a-z-]+(-[0-9a-f]+)?\.db$/, 'not a backup file name from the list');

export const backupContract = {
  'backups.list': method<BackupSummary[]>()(z.strictObject({})),
  'backups.create': method<BackupSummary>()(z.strictObject({})),
  'backups.restore': method<BackupRestoreResult>()(z.strictObject({ file: BackupFileName })),
} as const;
