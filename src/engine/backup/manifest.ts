/**
 * The backup folder, `<data>/backups/`: one database file per backup and beside it a small JSON
 * manifest (`<file>.json`) saying when and why it was made, the schema version, its size and the
 * outcome of its integrity check. One manifest per file (not one shared list) so the app and the
 * CLI can add and prune backups without racing on a shared file; a database without its manifest
 * (a crash between the two writes) is not listed, and is pruned as debris.
 */
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const BACKUP_REASONS = ['daily', 'before-push', 'before-restore', 'manual'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

export const BackupManifest = z.strictObject({
  version: z.literal(1),
  file: z.string().regex(/^silkroute-[0-9TZ]+-[a-z-]+(-[0-9a-f]+)?\.db$/),
  /** ISO-8601 UTC. */
  createdAt: z.iso.datetime(),
  reason: z.enum(BACKUP_REASONS),
  schemaVersion: z.number().int().min(0),
  sizeBytes: z.number().int().min(0),
  /** `ok`, or the first problem `PRAGMA integrity_check` reported. */
  integrity: z.string(),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

export const BACKUP_FOLDER = 'backups';

export function backupDir(dataDir: string): string {
  return join(dataDir, BACKUP_FOLDER);
}

/** Creates the folder owner-only: backups hold buyer data and the sealed secrets. */
export function ensureBackupDir(dataDir: string): string {
  const dir = backupDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(dir, 0o700);
  return dir;
}

export function manifestPath(dir: string, file: string): string {
  return join(dir, `${file}.json`);
}

export function writeManifest(dir: string, manifest: BackupManifest): void {
  const path = manifestPath(dir, manifest.file);
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(BackupManifest.parse(manifest), null, 2)}\n`, {
    mode: 0o600,
  });
  renameSync(temporary, path);
}

/** Every backup with a readable manifest, newest first. */
export function listBackups(dataDir: string): BackupManifest[] {
  const dir = backupDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const files = new Set(names);
  const entries: BackupManifest[] = [];
  for (const name of names) {
    if (!name.endsWith('.db.json')) continue;
    try {
      const manifest = BackupManifest.parse(JSON.parse(readFileSync(join(dir, name), 'utf8')));
      if (files.has(manifest.file) && `${manifest.file}.json` === name) entries.push(manifest);
    } catch {
      // An unreadable manifest is not a backup we can vouch for: leave it out of the list.
    }
  }
  return entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
