/**
 * The spreadsheet round-trip as the engine and the CLI use it: export a kind's rows to a file,
 * read a file into a preview kept in memory under an id (with the file's SHA-256), and apply a
 * preview in one write transaction. Reading the file happens before any transaction; planning is
 * one read transaction, so the preview compares every row with one snapshot of the store.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { z } from 'zod';
import { MAX_SHEET_BYTES, type SheetExportInput } from '../../shared/api/contract-sheets.js';
import type {
  SheetApplyOutcome,
  SheetExportResult,
  SheetKind,
  SheetPreview,
} from '../../shared/api/types-sheets.js';
import type { Store } from '../store/connection.js';
import { InvalidStoreInput } from '../store/errors.js';
import { chosenColumns } from './columns.js';
import { matchHeaders } from './headers.js';
import { inventoryForExport, INVENTORY_SHEET_COLUMNS } from './inventory-columns.js';
import { planInventoryImport } from './inventory-import.js';
import { listingsForExport, LISTING_SHEET_COLUMNS } from './listings-columns.js';
import { planListingsImport } from './listings-import.js';
import { ordersForExport, ORDER_SHEET_COLUMNS } from './orders-columns.js';
import { planOrdersImport } from './orders-import.js';
import type { ImportPlan } from './plan.js';
import { formatOfName, readSheet, SheetFileError } from './read.js';
import { writeSheet } from './write.js';

export type ExportRequest = z.output<typeof SheetExportInput>;

/** Changed rows and errors a preview answers in full; the counts cover the rest. */
export const PREVIEW_ROWS_SHOWN = 500;
export const PREVIEW_ERRORS_SHOWN = 1000;
/** Previews kept at once; the oldest is forgotten first. */
const PREVIEWS_KEPT = 8;

const SHEET_NAMES: Record<SheetKind, string> = {
  listings: 'Listings',
  inventory: 'Inventory',
  orders: 'Orders',
};

function defaultFileName(kind: SheetKind, format: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[:.]/g, '-')
    .replace(/-\d{3}Z$/, 'Z');
  return `${kind}-${stamp}.${format}`;
}

export async function exportSheet(
  store: Store,
  request: ExportRequest,
  defaultFolder: string,
  now: Date = new Date(),
): Promise<SheetExportResult> {
  const folder = resolve(request.folder ?? defaultFolder);
  mkdirSync(folder, { recursive: true });
  const fileName = request.fileName ?? defaultFileName(request.kind, request.format, now);
  if (formatOfName(fileName) !== request.format) {
    throw new InvalidStoreInput(`The file name "${fileName}" does not end in .${request.format}`);
  }
  const path = join(folder, fileName);
  const common = { format: request.format, path, locale: request.locale };
  let rows: number;
  if (request.kind === 'listings') {
    rows = await writeSheet({
      ...common,
      sheetName: SHEET_NAMES.listings,
      columns: chosenColumns(LISTING_SHEET_COLUMNS, request.columns),
      rows: store.read((r) => listingsForExport(r, request.filter)),
    });
  } else if (request.kind === 'inventory') {
    rows = await writeSheet({
      ...common,
      sheetName: SHEET_NAMES.inventory,
      columns: chosenColumns(INVENTORY_SHEET_COLUMNS, request.columns),
      rows: store.read((r) => inventoryForExport(r, request.filter)),
    });
  } else {
    rows = await writeSheet({
      ...common,
      sheetName: SHEET_NAMES.orders,
      columns: chosenColumns(ORDER_SHEET_COLUMNS, request.columns),
      rows: store.read((r) => ordersForExport(r, request.filter)),
    });
  }
  const bytes = statSync(path).size;
  const result: SheetExportResult = {
    kind: request.kind,
    format: request.format,
    path,
    fileName,
    rows,
    bytes,
  };
  if (request.returnFile) {
    if (bytes > MAX_SHEET_BYTES) {
      throw new InvalidStoreInput(
        `The file is ${bytes} bytes, more than can be sent to the window; it was written to ${path}`,
      );
    }
    result.base64 = readFileSync(path).toString('base64');
  }
  return result;
}

export interface ImportSource {
  kind: SheetKind;
  /** A local file. */
  path?: string | undefined;
  /** Or the file's bytes (browser mode). */
  bytes?: Uint8Array | undefined;
  fileName?: string | undefined;
}

interface KeptPreview {
  plan: ImportPlan;
  fileName: string;
  fileHash: string;
}

function planOf(kind: SheetKind, store: Store, table: Awaited<ReturnType<typeof readSheet>>) {
  const match = matchHeaders(kind, table.headers);
  return store.read((r) => {
    if (kind === 'listings') return planListingsImport(r, table, match);
    if (kind === 'inventory') return planInventoryImport(r, table, match);
    return planOrdersImport(r, table, match);
  });
}

/** Previews kept in memory between previewImport and applyImport. */
export class SheetImports {
  private readonly previews = new Map<string, KeptPreview>();

  constructor(
    private readonly store: Store,
    private readonly newKey: () => string,
  ) {}

  async preview(source: ImportSource): Promise<SheetPreview> {
    const fileName = source.fileName ?? (source.path ? basename(source.path) : '');
    const format = formatOfName(fileName);
    const bytes = source.bytes ?? readLocalFile(source.path ?? '');
    if (bytes.byteLength > MAX_SHEET_BYTES) {
      throw new SheetFileError(`The file is larger than ${MAX_SHEET_BYTES / 2 ** 20} MiB`);
    }
    const fileHash = createHash('sha256').update(bytes).digest('hex');
    const table = await readSheet(bytes, format);
    const plan = planOf(source.kind, this.store, table);
    const previewId = randomUUID();
    this.previews.set(previewId, { plan, fileName, fileHash });
    while (this.previews.size > PREVIEWS_KEPT) {
      this.previews.delete(this.previews.keys().next().value!);
    }
    return {
      previewId,
      kind: plan.kind,
      fileName,
      fileHash,
      rows: plan.rows,
      changedCount: plan.changed.length,
      unchangedCount: plan.unchangedCount,
      errorCount: plan.errors.length,
      changed: plan.changed.slice(0, PREVIEW_ROWS_SHOWN),
      errors: plan.errors.slice(0, PREVIEW_ERRORS_SHOWN),
      editableColumns: plan.editableColumns,
      ignoredHeaders: plan.ignoredHeaders,
    };
  }

  /** Applies a preview whole; it is forgotten once applied. */
  apply(previewId: string): SheetApplyOutcome {
    const kept = this.previews.get(previewId);
    if (!kept) {
      throw new SheetPreviewMissing(
        'This import preview is no longer kept (it was applied, discarded, or the app restarted); preview the file again',
      );
    }
    if (kept.plan.errors.length > 0) {
      throw new InvalidStoreInput(
        `The file has ${kept.plan.errors.length} error(s); nothing was written. Fix them and import the file again`,
      );
    }
    const label = `Import ${kept.fileName}: ${kept.plan.changed.length} ${kept.plan.kind} row(s)`;
    const outcome = this.store.write((w) => kept.plan.apply(w, { newKey: this.newKey, label }));
    this.previews.delete(previewId);
    return outcome;
  }

  discard(previewId: string): boolean {
    return this.previews.delete(previewId);
  }
}

export class SheetPreviewMissing extends Error {
  override readonly name = 'SheetPreviewMissing';
}

function readLocalFile(path: string): Uint8Array {
  try {
    const size = statSync(path).size;
    if (size > MAX_SHEET_BYTES) {
      throw new SheetFileError(`The file is larger than ${MAX_SHEET_BYTES / 2 ** 20} MiB`);
    }
    return readFileSync(path);
  } catch (error) {
    if (error instanceof SheetFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new SheetFileError(
      code === 'ENOENT'
        ? `There is no file at ${path}`
        : `The file ${path} cannot be read (${code ?? 'error'})`,
    );
  }
}
