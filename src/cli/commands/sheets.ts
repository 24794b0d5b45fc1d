/**
 * `silkroute export` and `silkroute import`: the spreadsheet round-trip without the app, on the
 * data folder's store. Export writes one file; import previews the file (nothing written), prints
 * the changes and every refused cell, and applies it only with --yes. A file with errors writes
 * nothing and exits 1, --dry-run included, so a script can check a file before a seller's run.
 */
import { basename, dirname, join, resolve } from 'node:path';
import { SheetExportInput } from '../../shared/api/contract-sheets.js';
import type { SheetPreview } from '../../shared/api/types-sheets.js';
import { issuesFromZod } from '../../shared/api/index.js';
import {
  exportSheet,
  SheetEncodingError,
  SheetFileError,
  SheetImports,
} from '../../engine/sheets/index.js';
import { openStore, STORE_FILE_NAME, type Store } from '../../engine/store/index.js';
import type { CliIo } from '../io.js';
import type { SheetExportCommand, SheetImportCommand } from './sheets-args.js';
import { newJobKey } from '../../engine/store/job-keys.js';

function openDataStore(dataDir: string): Store {
  return openStore(join(dataDir, STORE_FILE_NAME));
}

export async function runSheetExport(
  command: SheetExportCommand,
  dataDir: string,
  io: CliIo,
): Promise<number> {
  const out = resolve(command.out);
  const parsed = SheetExportInput.safeParse({
    kind: command.sheet,
    format: command.format,
    filter: command.filter ?? {},
    ...(command.columns ? { columns: command.columns } : {}),
    folder: dirname(out),
    fileName: basename(out),
    locale: command.locale,
  });
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error).map((issue) => `${issue.path}: ${issue.message}`);
    io.err(`silkroute export: ${issues.join('; ')}`);
    return 2;
  }
  const store = openDataStore(dataDir);
  try {
    const result = await exportSheet(store, parsed.data, dirname(out));
    io.out(`Wrote ${result.rows.toLocaleString('en-US')} rows to ${result.path}`);
    return 0;
  } finally {
    store.close();
  }
}

function printPreview(preview: SheetPreview, io: CliIo): void {
  io.out(
    `${preview.fileName}: ${preview.rows} rows — ${preview.changedCount} changed, ` +
      `${preview.unchangedCount} unchanged, ${preview.errorCount} with errors`,
  );
  if (preview.ignoredHeaders.length > 0) {
    io.out(`Columns not imported: ${preview.ignoredHeaders.join(', ')}`);
  }
  for (const row of preview.changed.slice(0, 50)) {
    const changes = row.changes
      .map(
        (change) =>
          `${change.field}: ${JSON.stringify(change.before)} -> ${JSON.stringify(change.after)}`,
      )
      .join('; ');
    io.out(`  row ${row.row} (${row.label}): ${changes}`);
  }
  if (preview.changedCount > 50) io.out(`  … and ${preview.changedCount - 50} more changed rows`);
  for (const error of preview.errors) {
    const column = error.column === '' ? '' : `, column "${error.column}"`;
    io.err(`  row ${error.row}${column}: ${error.message} (expected: ${error.expected})`);
  }
  if (preview.errorCount > preview.errors.length) {
    io.err(`  … and ${preview.errorCount - preview.errors.length} more errors`);
  }
}

export async function runSheetImport(
  command: SheetImportCommand,
  dataDir: string,
  io: CliIo,
): Promise<number> {
  const store = openDataStore(dataDir);
  try {
    const imports = new SheetImports(store, newJobKey);
    let preview: SheetPreview;
    try {
      preview = await imports.preview({ kind: command.sheet, path: resolve(command.file) });
    } catch (error) {
      if (error instanceof SheetFileError || error instanceof SheetEncodingError) {
        io.err(`silkroute import: ${error.message}`);
        return 1;
      }
      throw error;
    }
    printPreview(preview, io);
    if (preview.errorCount > 0) {
      io.err(`Nothing was written: fix the ${preview.errorCount} error(s) and import again.`);
      return 1;
    }
    if (!command.yes) {
      if (!command.dryRun && preview.changedCount > 0) {
        io.out('Nothing was written: run again with --yes to apply these changes.');
      }
      return 0;
    }
    const outcome = imports.apply(preview.previewId);
    io.out(
      outcome.batchId === null
        ? `Applied: ${outcome.changed} row(s) changed, ${outcome.jobs} update(s) queued.`
        : outcome.kind === 'inventory'
          ? `Applied as change batch ${outcome.batchId}: ${outcome.changed} change(s), ` +
            `${outcome.jobs} quantity update(s) queued; revert the batch as a whole in Pending changes.`
          : `Applied as change batch ${outcome.batchId}: ${outcome.changed} listing(s) changed, ` +
            `${outcome.jobs} change(s) held in Pending changes until you push them.`,
    );
    return 0;
  } finally {
    store.close();
  }
}
