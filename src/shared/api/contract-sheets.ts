/**
 * The spreadsheet round-trip's part of the contract (issue 10). Spread into `contract`.
 *
 * Export takes the grid's own filter (the listings filter of the workbench, the orders view's
 * filter) so "the current filter" means the same rows the seller sees. Import is two steps: a
 * preview computed and kept by the engine (nothing written), then apply by the preview's id. A
 * file reaches the engine as a local path (desktop, CLI) or as its bytes in base64 (browser mode,
 * where a file input gives no path), size-capped.
 */
import { z } from 'zod';
import type { MethodDef } from './contract.js';
import { ListingFilter } from './contract-workbench.js';
import { ShipmentFilter } from './contract-operations.js';
import { Marketplace, OrderStatus } from '../domain.js';
import {
  INVENTORY_COLUMNS,
  LISTING_COLUMNS,
  ORDER_COLUMNS,
  SHEET_FORMATS,
  SHEET_KINDS,
  type SheetApplyOutcome,
  type SheetExportResult,
  type SheetPreview,
} from './types-sheets.js';

const method =
  <O>() =>
  <I extends z.ZodType>(input: I): MethodDef<I, O> => ({ input });

/** The largest file an import accepts (the bytes of 100k listings with descriptions fit). */
export const MAX_SHEET_BYTES = 64 * 1024 * 1024;
/** Base64 grows 4/3: the largest text that decodes to MAX_SHEET_BYTES. */
const MAX_BASE64 = Math.ceil(MAX_SHEET_BYTES / 3) * 4;

export const SheetKind = z.enum(SHEET_KINDS);
export const SheetFormat = z.enum(SHEET_FORMATS);

const Id = z.number().int().positive();
const FilePath = z.string().trim().min(1).max(4096);
const FileName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  // eslint-disable-next-line no-control-regex -- control characters are what a file name may not hold
  .regex(/^[^/\\:*?"<>|\u0000-\u001f]+$/u, 'a file name without a folder or reserved characters');

/** The orders view's filters (OrdersShippingQueryInput without sort and paging). */
export const OrderSheetFilter = z.strictObject({
  search: z.string().trim().max(200).optional(),
  marketplaces: z.array(Marketplace).max(5).optional(),
  accountIds: z.array(Id).max(1000).optional(),
  statuses: z.array(OrderStatus).optional(),
  placedFrom: z.iso.datetime({ offset: true }).optional(),
  placedTo: z.iso.datetime({ offset: true }).optional(),
  overdueOnly: z.boolean().optional(),
  shipment: ShipmentFilter.optional(),
});
export type OrderSheetFilter = z.infer<typeof OrderSheetFilter>;

export const InventorySheetFilter = z.strictObject({
  search: z.string().trim().max(200).optional(),
});

const Output = {
  format: SheetFormat,
  /** A folder the seller chose; absent: the data folder's `exports` folder. */
  folder: FilePath.optional(),
  /** Absent: `<kind>-<UTC time>.<format>`. */
  fileName: FileName.optional(),
  /** Also answer the file's bytes (base64), for a browser download; capped at MAX_SHEET_BYTES. */
  returnFile: z.boolean().default(false),
  /** The header language; import accepts both. */
  locale: z.enum(['en', 'zh-CN']).default('en'),
};

export const SheetExportInput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('listings'),
    filter: ListingFilter.default({}),
    columns: z.array(z.enum(LISTING_COLUMNS)).min(1).max(LISTING_COLUMNS.length).optional(),
    ...Output,
  }),
  z.strictObject({
    kind: z.literal('inventory'),
    filter: InventorySheetFilter.default({}),
    columns: z.array(z.enum(INVENTORY_COLUMNS)).min(1).max(INVENTORY_COLUMNS.length).optional(),
    ...Output,
  }),
  z.strictObject({
    kind: z.literal('orders'),
    filter: OrderSheetFilter.default({}),
    columns: z.array(z.enum(ORDER_COLUMNS)).min(1).max(ORDER_COLUMNS.length).optional(),
    ...Output,
  }),
]);
export type SheetExportInput = z.input<typeof SheetExportInput>;

/**
 * The most raw bytes one upload chunk carries: base64 of it, in a JSON frame, stays under the
 * WebSocket transport's 1 MiB frame limit.
 */
export const SHEET_CHUNK_BYTES = 512 * 1024;
const MAX_CHUNKS = Math.ceil(MAX_SHEET_BYTES / SHEET_CHUNK_BYTES);

export const SheetUploadChunkInput = z.strictObject({
  uploadId: z.uuid(),
  /** 0-based; chunks are sent in order. */
  index: z
    .number()
    .int()
    .min(0)
    .max(MAX_CHUNKS - 1),
  total: z.number().int().min(1).max(MAX_CHUNKS),
  base64: z.string().max(Math.ceil(SHEET_CHUNK_BYTES / 3) * 4),
});

export const SheetPreviewInput = z
  .strictObject({
    kind: SheetKind,
    path: FilePath.optional(),
    /** The file's bytes in base64, whole (a small file). */
    base64: z.string().max(MAX_BASE64, 'the file is larger than 64 MiB').optional(),
    /** A file sent in chunks with sheets.uploadChunk (browser mode, any size up to the cap). */
    uploadId: z.uuid().optional(),
    /** The file's name: its extension says xlsx or csv (default: the path's). */
    fileName: FileName.optional(),
  })
  .refine(
    (input) =>
      [input.path, input.base64, input.uploadId].filter((part) => part !== undefined).length === 1,
    { message: 'give exactly one of path, base64 or uploadId', path: ['path'] },
  )
  .refine((input) => input.path !== undefined || input.fileName !== undefined, {
    message: 'a file given as bytes needs its fileName (for its format)',
    path: ['fileName'],
  });
export type SheetPreviewInput = z.input<typeof SheetPreviewInput>;

const PreviewId = z.strictObject({ previewId: z.uuid() });

export const sheetsContract = {
  /**
   * One chunk of a file to import, sent in order; the last one completes the upload, which
   * sheets.previewImport then reads by its id. Nothing is written to the store.
   */
  'sheets.uploadChunk': method<{ received: number; complete: boolean }>()(SheetUploadChunkInput),
  /** Writes the rows of the current filter to an XLSX or CSV file; answers where. */
  'sheets.export': method<SheetExportResult>()(SheetExportInput),
  /**
   * Reads a file and compares it with the store: rows changed (field before → after), unchanged,
   * and every refused cell. Writes nothing; the preview is kept in the engine under its id.
   */
  'sheets.previewImport': method<SheetPreview>()(SheetPreviewInput),
  /**
   * Applies a preview whole, in one transaction (listings: one change batch, held for the push,
   * revertible as a whole). Refused when the preview had errors, or when the store changed under
   * it (the rows are named); then nothing is written.
   */
  'sheets.applyImport': method<SheetApplyOutcome>()(PreviewId),
  /** Forgets a preview. */
  'sheets.discardImport': method<{ discarded: boolean }>()(PreviewId),
} as const;
