/**
 * The command lines of `silkroute export` and `silkroute import` (commands/sheets.ts runs them):
 * the sheet kind and the file are positional, so they are parsed here rather than by args.ts's
 * option-only parser. Every problem is a UsageError naming the command.
 */
import { parseArgs } from 'node:util';
import {
  SHEET_FORMATS,
  SHEET_KINDS,
  type SheetFormat,
  type SheetKind,
} from '../../shared/api/types-sheets.js';
import { UsageError } from '../args.js';

export interface SheetExportCommand {
  kind: 'export';
  dataDir?: string | undefined;
  sheet: SheetKind;
  format: SheetFormat;
  out: string;
  columns?: string[] | undefined;
  filter?: unknown;
  locale: 'en' | 'zh-CN';
}

export interface SheetImportCommand {
  kind: 'import';
  dataDir?: string | undefined;
  sheet: SheetKind;
  file: string;
  dryRun: boolean;
  yes: boolean;
}

export const EXPORT_USAGE = `Usage: silkroute export <listings|inventory|orders> --out FILE [--format xlsx|csv]
                        [--columns a,b,...] [--filter JSON] [--locale en|zh-CN] [--data-dir D]

Writes the rows of one kind to an Excel workbook or a CSV file (UTF-8 with BOM). Hidden key
columns are always included so the file can be imported back.

Options:
  --out FILE       the file to write (its extension gives the format unless --format is given)
  --format F       xlsx or csv
  --columns LIST   column ids to include, comma-separated (e.g. sku,title,price,currency)
  --filter JSON    the view's filter, e.g. '{"marketplaces":["amazon"],"statuses":["active"]}'
  --locale L       the header language: en (default) or zh-CN; import reads either
  --data-dir D     the data folder (default: $SILKROUTE_DATA_DIR, else the app's own folder)`;

export const IMPORT_USAGE = `Usage: silkroute import <listings|inventory|orders> FILE [--dry-run] [--yes] [--data-dir D]

Reads an .xlsx or .csv file and shows what it would change: rows changed (before -> after),
rows unchanged, and every refused cell with its row, column and what was expected. Nothing is
written unless --yes is given and the file has no errors; then the whole file is applied at once
(listings: one change batch held in Pending changes; inventory: one change batch whose quantity
updates are queued at once; both revertible as a whole).

Options:
  --dry-run        only show the preview (the default without --yes)
  --yes            apply the file when it has no errors
  --data-dir D     the data folder (default: $SILKROUTE_DATA_DIR, else the app's own folder)

Exit codes: 0 done (or previewed without errors), 1 the file has errors or cannot be read
(nothing written), 2 usage error.`;

function sheetKind(value: string | undefined, command: 'export' | 'import'): SheetKind {
  if (value === undefined) {
    throw new UsageError(`which sheet? one of ${SHEET_KINDS.join(', ')}`, command);
  }
  if (!(SHEET_KINDS as readonly string[]).includes(value)) {
    throw new UsageError(`unknown sheet '${value}' (one of ${SHEET_KINDS.join(', ')})`, command);
  }
  return value as SheetKind;
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

type Value = string | boolean | (string | boolean)[] | undefined;

function parse(
  args: readonly string[],
  options: Options,
  command: 'export' | 'import',
): { values: Record<string, Value>; positionals: string[] } {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    // Node's messages go on to explain '--' for positionals; the first sentence is the point.
    const message = error instanceof Error ? error.message : String(error);
    const first = message.split(/\.\s/)[0] ?? message;
    throw new UsageError(first.charAt(0).toLowerCase() + first.slice(1), command);
  }
}

/** Parses what follows `export` or `import`; `help` when --help was asked. */
export function parseSheetCommand(
  command: 'export' | 'import',
  args: readonly string[],
  globalDataDir: string | undefined,
): SheetExportCommand | SheetImportCommand | 'help' {
  const common = { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;
  if (command === 'export') {
    const { values, positionals } = parse(
      args,
      {
        ...common,
        out: { type: 'string' },
        format: { type: 'string' },
        columns: { type: 'string' },
        filter: { type: 'string' },
        locale: { type: 'string' },
      },
      command,
    );
    if (values.help === true) return 'help';
    if (positionals.length > 1) throw new UsageError(`unexpected '${positionals[1]}'`, command);
    const sheet = sheetKind(positionals[0], command);
    const out = typeof values.out === 'string' ? values.out : undefined;
    if (!out) throw new UsageError('--out FILE is required', command);
    const format = typeof values.format === 'string' ? values.format : extensionOf(out);
    if (!(SHEET_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format must be xlsx or csv, not '${format}'`, command);
    }
    const locale = typeof values.locale === 'string' ? values.locale : 'en';
    if (locale !== 'en' && locale !== 'zh-CN') {
      throw new UsageError(`--locale must be en or zh-CN, not '${locale}'`, command);
    }
    let filter: unknown;
    if (typeof values.filter === 'string') {
      try {
        filter = JSON.parse(values.filter) as unknown;
      } catch {
        throw new UsageError('--filter must be a JSON object', command);
      }
    }
    return {
      kind: 'export',
      dataDir: dataDirOf(values['data-dir'], globalDataDir, command),
      sheet,
      format: format as SheetFormat,
      out,
      columns:
        typeof values.columns === 'string'
          ? values.columns.split(',').map((column) => column.trim())
          : undefined,
      filter,
      locale,
    };
  }
  const { values, positionals } = parse(
    args,
    {
      ...common,
      'dry-run': { type: 'boolean' },
      yes: { type: 'boolean' },
    },
    command,
  );
  if (values.help === true) return 'help';
  if (positionals.length > 2) throw new UsageError(`unexpected '${positionals[2]}'`, command);
  const sheet = sheetKind(positionals[0], command);
  const file = positionals[1];
  if (!file) throw new UsageError('which file? silkroute import <sheet> FILE', command);
  if (values['dry-run'] === true && values.yes === true) {
    throw new UsageError('--dry-run and --yes contradict each other', command);
  }
  return {
    kind: 'import',
    dataDir: dataDirOf(values['data-dir'], globalDataDir, command),
    sheet,
    file,
    dryRun: values['dry-run'] === true,
    yes: values.yes === true,
  };
}

function extensionOf(path: string): string {
  const match = /\.([A-Za-z]+)$/.exec(path);
  return match ? match[1]!.toLowerCase() : '';
}

function dataDirOf(
  value: unknown,
  global: string | undefined,
  command: 'export' | 'import',
): string | undefined {
  const dir = typeof value === 'string' ? value : global;
  if (dir !== undefined && dir.trim() === '') {
    throw new UsageError('--data-dir needs a folder path', command);
  }
  return dir;
}
