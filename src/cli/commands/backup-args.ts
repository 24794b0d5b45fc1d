/**
 * Parsing of `silkroute backup` and `silkroute restore` (restore takes the backup file as a
 * positional, which args.ts's strict parser does not allow, so both are parsed here).
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../args.js';

export interface BackupCommand {
  kind: 'backup';
  dataDir: string | undefined;
  /** List the backups instead of taking one. */
  list: boolean;
}

export interface RestoreCommand {
  kind: 'restore';
  dataDir: string | undefined;
  file: string;
  /** Without it the file is only checked and nothing changes. */
  yes: boolean;
}

export const BACKUP_USAGE = `Usage: silkroute backup [--list] [--data-dir D]

Takes a backup of the store now, with SQLite's online backup API (safe while the app or a sync
runs), into <data>/backups/ beside a manifest (time, reason, schema version, size, integrity
check). Old backups are pruned: 7 daily, 4 weekly, the last 10 before a push, 5 before a restore,
20 manual ones. --list prints the backups instead, newest first.

  --list         list the backups instead of taking one
  --data-dir D   the data folder (default: $SILKROUTE_DATA_DIR, else the app's own folder)`;

export const RESTORE_USAGE = `Usage: silkroute restore <file> [--yes] [--data-dir D]

Checks the backup (SQLite header, integrity check, a Silkroute store not newer than this one) and,
with --yes, backs up the current store first, then replaces it with the backup. A damaged or
foreign file is refused and nothing changes. <file> is a path, or a name from 'silkroute backup
--list'. Refused while a sync is running. Stored secrets (marketplace tokens) open only with this
data folder's key.

  --yes          restore (without it the file is only checked)
  --data-dir D   the data folder (default: $SILKROUTE_DATA_DIR, else the app's own folder)`;

export function parseBackupCommand(
  name: 'backup' | 'restore',
  args: readonly string[],
  globalDataDir: string | undefined,
): BackupCommand | RestoreCommand | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        list: { type: 'boolean' },
        yes: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: name === 'restore',
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const first = message.split(/\.\s/)[0] ?? message;
    throw new UsageError(first.charAt(0).toLowerCase() + first.slice(1), name);
  }
  const { values, positionals } = parsed;
  // One option table for both commands keeps the parsed type simple; each refuses the other's.
  const foreign = name === 'backup' ? 'yes' : 'list';
  if (values[foreign] !== undefined) throw new UsageError(`unknown option '--${foreign}'`, name);
  if (values.help === true) return 'help';
  const chosen = values['data-dir'] ?? globalDataDir;
  if (typeof chosen === 'string' && chosen.trim() === '') {
    throw new UsageError('--data-dir needs a folder path', name);
  }
  const dataDir = typeof chosen === 'string' ? chosen : undefined;
  if (name === 'backup') return { kind: 'backup', dataDir, list: values.list === true };
  if (positionals.length !== 1 || positionals[0]!.trim() === '') {
    throw new UsageError(
      positionals.length === 0 ? 'which backup? give its file' : 'give exactly one backup file',
      name,
    );
  }
  return { kind: 'restore', dataDir, file: positionals[0]!, yes: values.yes === true };
}
