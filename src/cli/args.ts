/**
 * The `silkroute` command line: `silkroute [--data-dir D] <command> [options]`. Parsing is strict
 * (node:util parseArgs) so a typo is reported, never silently ignored; every problem becomes a
 * UsageError with one clear line, and the caller adds the usage hint and exit code 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { SyncStep } from '../engine/sync/types.js';
import type { AccountId } from '../shared/ids.js';
import {
  BACKUP_USAGE,
  RESTORE_USAGE,
  parseBackupCommand,
  type BackupCommand,
  type RestoreCommand,
} from './commands/backup-args.js';
import {
  EXPORT_USAGE,
  IMPORT_USAGE,
  parseSheetCommand,
  type SheetExportCommand,
  type SheetImportCommand,
} from './commands/sheets-args.js';

export const COMMANDS = [
  'serve',
  'demo',
  'migrate',
  'sandbox',
  'sync',
  'backup',
  'restore',
  'export',
  'import',
] as const;
export type CommandName = (typeof COMMANDS)[number];

export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly command?: CommandName,
  ) {
    super(message);
  }
}

export type ParsedCommand =
  | { kind: 'help'; command?: CommandName }
  | { kind: 'version' }
  | { kind: 'serve'; dataDir?: string; port: number }
  | { kind: 'demo'; dataDir?: string; scale?: number; seed?: number }
  | { kind: 'migrate'; dataDir?: string }
  | { kind: 'sandbox'; seed?: number; items?: number; orders?: number }
  | {
      kind: 'sync';
      dataDir?: string;
      /** Empty: every connected account. */
      accountIds: AccountId[];
      /** Empty: every step. */
      steps: SyncStep[];
      json: boolean;
    }
  | SheetExportCommand
  | SheetImportCommand
  | BackupCommand
  | RestoreCommand;

const DATA_DIR_HELP = `  --data-dir D   the data folder (default: $SILKROUTE_DATA_DIR, else the app's own folder)`;

const USAGE: Record<CommandName | 'main', string> = {
  main: `Usage: silkroute [--data-dir D] <command> [options]

Commands:
  serve     run the engine and the UI in your browser (browser mode)
  demo      fill a data folder with a demo seller's shops, listings and orders
  migrate   create the store or bring it to the current schema
  sandbox   run the simulated shops (all five marketplaces) on 127.0.0.1 (no credentials needed)
  sync      pull orders and listings and push edits now, once (for cron and scripts)
  backup    back up the store now (or list the backups with --list)
  restore   check a backup and, with --yes, restore it (the current store is backed up first)
  export    write listings, inventory or orders to an Excel or CSV file
  import    preview (and with --yes apply) an edited Excel or CSV file

Options:
${DATA_DIR_HELP}
  --version      print the version
  --help         print this help; 'silkroute <command> --help' for a command's own`,
  serve: `Usage: silkroute serve [--port N] [--data-dir D]

Serves the engine and the built UI on http://127.0.0.1 only, behind a per-launch access token,
and prints the address to open (token included). An empty data folder is first filled with demo
data. Runs until Ctrl+C (or SIGTERM), then closes the store cleanly.

Options:
  --port N       the port to listen on (default 0: any free port)
${DATA_DIR_HELP}`,
  demo: `Usage: silkroute demo [--scale N] [--seed N] [--data-dir D]

Writes a realistic demo seller (shops on every marketplace, SKUs, listings and orders) into the
data folder. The same seed gives the same data; running it again updates rather than duplicates.

Options:
  --scale N      a multiple of the default seller size, above 0 and up to 2000 (default 1)
  --seed N       a whole number from 0 to 4294967295 (default: a fixed seed)
${DATA_DIR_HELP}`,
  migrate: `Usage: silkroute migrate [--data-dir D]

Creates the store in the data folder if there is none, and applies any pending schema migrations.

Options:
${DATA_DIR_HELP}`,
  sandbox: `Usage: silkroute sandbox [--seed N] [--items N] [--orders N]

Runs the simulated shops of all five marketplaces on 127.0.0.1, each enforcing its marketplace's
rules (signing, tokens, paging, time windows, rate limits and error bodies), and prints their
addresses, sandbox-only credentials and one-time authorisation codes (Shopee's first). Runs until
Ctrl+C (or SIGTERM). --items and --orders size the Shopee shop.

Options:
  --seed N       a whole number from 0 to 4294967295: the same seed gives the same shop
  --items N      how many items the shop lists (1 to 100000, default 200)
  --orders N     how many orders it has over the last 90 days (0 to 100000, default 300)`,
  sync: `Usage: silkroute sync [--account ID]... [--orders] [--listings] [--push] [--json] [--data-dir D]

Runs one sync now: pulls new orders and listing changes from every connected account and pushes
the edits and stock updates waiting in the outbox. Only one sync runs at a time per data folder
(the app's, its schedule's or another 'silkroute sync'). Prints a summary per account and what
needs attention; Ctrl+C (or SIGTERM) stops the run cleanly. Logs go to stderr.

Options:
  --account ID   only this account (repeat for several; default: every account)
  --orders       pull orders
  --listings     pull listings
  --push         push the outbox (stock updates first, then edits)
                 give one or more of these three to run only those steps (default: all)
  --json         print the outcome as one JSON document on stdout instead of the summary
${DATA_DIR_HELP}

Exit codes (when several apply, the first in this list wins):
  130  cancelled (SIGINT/SIGTERM, or the run was stopped)
  4    busy: another sync holds the lock; says which and until when; nothing was done
  6    an account needs re-authorisation (its authorisation lapsed or was refused)
  1    failed: nothing completed, or an internal error
  3    partial: some accounts or steps failed, others completed
  5    attention: completed, but something needs the seller (conflicts, rejected edits...)
  0    succeeded
  2    usage error (unknown option, bad value, unknown account)`,
  backup: BACKUP_USAGE,
  restore: RESTORE_USAGE,
  export: EXPORT_USAGE,
  import: IMPORT_USAGE,
};

export function usage(command?: CommandName): string {
  return USAGE[command ?? 'main'];
}

export function isCommandName(value: string): value is CommandName {
  return (COMMANDS as readonly string[]).includes(value);
}

type Options = NonNullable<ParseArgsConfig['options']>;
const DATA_DIR: Options = { 'data-dir': { type: 'string' } };
const HELP: Options = { help: { type: 'boolean', short: 'h' } };
const COMMAND_OPTIONS: Record<CommandName, Options> = {
  serve: { ...DATA_DIR, ...HELP, port: { type: 'string' } },
  demo: { ...DATA_DIR, ...HELP, scale: { type: 'string' }, seed: { type: 'string' } },
  migrate: { ...DATA_DIR, ...HELP },
  sandbox: {
    ...HELP,
    seed: { type: 'string' },
    items: { type: 'string' },
    orders: { type: 'string' },
  },
  sync: {
    ...DATA_DIR,
    ...HELP,
    account: { type: 'string', multiple: true },
    orders: { type: 'boolean' },
    listings: { type: 'boolean' },
    push: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  // Parsed by commands/sheets-args.ts (they take positionals); listed for --help only.
  export: { ...DATA_DIR, ...HELP },
  import: { ...DATA_DIR, ...HELP },
  // Parsed by commands/backup-args.ts (restore takes a positional); listed for --help only.
  backup: { ...DATA_DIR, ...HELP },
  restore: { ...DATA_DIR, ...HELP },
};

export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  // Global options come before the command; only --data-dir takes a value among them.
  let index = 0;
  while (index < argv.length && (argv[index] ?? '').startsWith('-')) {
    index += argv[index] === '--data-dir' ? 2 : 1;
  }
  const global = strictParse(argv.slice(0, index), {
    ...DATA_DIR,
    ...HELP,
    version: { type: 'boolean', short: 'v' },
  });
  if (global.version === true) return { kind: 'version' };

  const name = argv[index];
  if (name === undefined) {
    if (global.help === true) return { kind: 'help' };
    throw new UsageError('missing command');
  }
  if (name === 'help') {
    const topic = argv[index + 1];
    if (topic === undefined) return { kind: 'help' };
    if (!isCommandName(topic)) throw new UsageError(`unknown command '${topic}'`);
    return { kind: 'help', command: topic };
  }
  if (!isCommandName(name)) throw new UsageError(`unknown command '${name}'`);
  if (global.help === true) return { kind: 'help', command: name };
  if (name === 'export' || name === 'import') {
    const globalDir = typeof global['data-dir'] === 'string' ? global['data-dir'] : undefined;
    const sheet = parseSheetCommand(name, argv.slice(index + 1), globalDir);
    return sheet === 'help' ? { kind: 'help', command: name } : sheet;
  }

  if (name === 'backup' || name === 'restore') {
    const globalDir = typeof global['data-dir'] === 'string' ? global['data-dir'] : undefined;
    const backup = parseBackupCommand(name, argv.slice(index + 1), globalDir);
    return backup === 'help' ? { kind: 'help', command: name } : backup;
  }

  const values = strictParse(argv.slice(index + 1), COMMAND_OPTIONS[name], name);
  if (values.help === true) return { kind: 'help', command: name };
  const dataDir = dataDirValue(values['data-dir'] ?? global['data-dir'], name);
  switch (name) {
    case 'serve':
      return { kind: 'serve', dataDir, port: portValue(values.port) };
    case 'demo':
      return {
        kind: 'demo',
        dataDir,
        scale: scaleValue(values.scale),
        seed: seedValue(values.seed, name),
      };
    case 'migrate':
      return { kind: 'migrate', dataDir };
    case 'sandbox':
      return {
        kind: 'sandbox',
        seed: seedValue(values.seed, name),
        items: countValue(values.items, '--items', 1, name),
        orders: countValue(values.orders, '--orders', 0, name),
      };
    case 'sync':
      return {
        kind: 'sync',
        dataDir,
        accountIds: accountIdValues(values.account),
        steps: (['orders', 'listings', 'push'] as const).filter((step) => values[step] === true),
        json: values.json === true,
      };
  }
}

type Value = string | boolean | (string | boolean)[] | undefined;
type Values = Record<string, Value>;

function strictParse(args: string[], options: Options, command?: CommandName): Values {
  try {
    const { values } = parseArgs({ args, options, strict: true, allowPositionals: false });
    return values;
  } catch (error) {
    // Node's messages go on to explain '--' for positionals; the first sentence is the point.
    const message = error instanceof Error ? error.message : String(error);
    const first = message.split(/\.\s/)[0] ?? message;
    throw new UsageError(first.charAt(0).toLowerCase() + first.slice(1), command);
  }
}

function dataDirValue(value: Value, command: CommandName): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.trim() === '') throw new UsageError('--data-dir needs a folder path', command);
  return value;
}

function portValue(value: Value): number {
  if (typeof value !== 'string') return 0;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65_535)) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, not '${value}'`, 'serve');
  }
  return port;
}

function scaleValue(value: Value): number | undefined {
  if (typeof value !== 'string') return undefined;
  const scale = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!(scale > 0 && scale <= 2000)) {
    throw new UsageError(`--scale must be a number above 0 and up to 2000, not '${value}'`, 'demo');
  }
  return scale;
}

function seedValue(value: Value, command: CommandName): number | undefined {
  if (typeof value !== 'string') return undefined;
  const seed = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!(seed >= 0 && seed <= 0xffff_ffff)) {
    throw new UsageError(
      `--seed must be a whole number from 0 to 4294967295, not '${value}'`,
      command,
    );
  }
  return seed;
}

function countValue(
  value: Value,
  flag: string,
  min: number,
  command: CommandName,
): number | undefined {
  if (typeof value !== 'string') return undefined;
  const count = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!(count >= min && count <= 100_000)) {
    throw new UsageError(
      `${flag} must be a whole number from ${min} to 100000, not '${value}'`,
      command,
    );
  }
  return count;
}

/** Repeated `--account ID` values: whole numbers above 0, each kept once, in the order given. */
function accountIdValues(value: Value): AccountId[] {
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const ids: AccountId[] = [];
  for (const raw of values) {
    const id = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
    if (!(Number.isSafeInteger(id) && id > 0)) {
      throw new UsageError(
        `--account must be an account id (a whole number above 0), not '${String(raw)}'`,
        'sync',
      );
    }
    if (!ids.includes(id as AccountId)) ids.push(id as AccountId);
  }
  return ids;
}
