/**
 * The import readers: a file's bytes → its header row and data rows of cells, each row with its
 * spreadsheet row number (the header is row 1). XLSX is read by exceljs's streaming reader from
 * the first worksheet; CSV by papaparse after the encoding was decided (encoding.ts). Blank rows
 * are skipped. Which row a cell is in and what its text is are all an import needs.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { SheetFormat } from '../../shared/api/types-sheets.js';
import { unescapeCsvText, type Cell } from './columns.js';
import { decodeCsvBytes, hasReplacement } from './encoding.js';

export class SheetFileError extends Error {
  override readonly name = 'SheetFileError';
}

export interface SheetRow {
  row: number;
  cells: Cell[];
  /** Indexes of cells whose bytes were not valid UTF-8 (CSV only). */
  badEncoding?: number[];
}

export interface SheetTable {
  headers: string[];
  rows: SheetRow[];
  /** A CSV separated by semicolons: its numbers may use a decimal comma. */
  decimalComma?: boolean;
}

export function formatOfName(fileName: string): SheetFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  throw new SheetFileError(
    `"${fileName}" is neither an .xlsx nor a .csv file (older .xls files: save as .xlsx first)`,
  );
}

export async function readSheet(bytes: Uint8Array, format: SheetFormat): Promise<SheetTable> {
  return format === 'xlsx' ? readXlsx(bytes) : readCsv(bytes);
}

const isBlank = (cells: readonly Cell[]) => cells.every((cell) => cell === null || cell === '');

function readCsv(bytes: Uint8Array): SheetTable {
  const decoded = decodeCsvBytes(bytes);
  const parsed = Papa.parse<string[]>(decoded.text, { skipEmptyLines: false, header: false });
  const fatal = parsed.errors.find((error) => error.type === 'Quotes');
  if (fatal) {
    throw new SheetFileError(
      `Row ${(fatal.row ?? 0) + 1} has a quote that is never closed; the file is not valid CSV`,
    );
  }
  const [header = [], ...data] = parsed.data;
  const rows: SheetRow[] = [];
  data.forEach((cells, index) => {
    if (isBlank(cells)) return;
    const row: SheetRow = { row: index + 2, cells: cells.map(unescapeCsvText) };
    if (decoded.damaged) {
      const bad = cells.flatMap((cell, column) => (hasReplacement(cell) ? [column] : []));
      if (bad.length > 0) row.badEncoding = bad;
    }
    rows.push(row);
  });
  return {
    headers: header.map((cell) => cell.trim()),
    rows,
    decimalComma: parsed.meta.delimiter === ';',
  };
}

/** An exceljs cell value as text or number: rich text joined, formulas by their result. */
function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) {
      return value.richText
        .map((part: unknown) =>
          typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : '',
        )
        .join('');
    }
    if ('result' in value) return cellOf(value.result);
    if ('text' in value) return cellOf(value.text);
    if ('error' in value) return String(value.error);
  }
  return null;
}

/** Decodes a stream of UTF-8 bytes into text, keeping a character split across chunks whole. */
async function* decodeChunks(chunks: AsyncIterable<unknown>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    yield typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

/** The streaming reader's parts that read a zip entry's XML (not in exceljs's typings). */
interface ReaderInternals {
  _parseWorksheet(chunks: AsyncIterable<unknown>, sheetNo: string): AsyncGenerator<unknown>;
  _parseSharedStrings(entry: AsyncIterable<unknown>): AsyncGenerator<unknown>;
}

/**
 * exceljs's streaming reader decodes each inflated chunk of a zip entry on its own, so a
 * character whose UTF-8 bytes straddle two chunks turns into U+FFFD (Chinese, Japanese and
 * German text all hit it). Its two XML readers are handed already-decoded text instead: the
 * reader passes strings through untouched.
 */
function utf8SafeReader(
  bytes: Uint8Array,
): InstanceType<typeof ExcelJS.stream.xlsx.WorkbookReader> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(bytes)), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const internals = reader as unknown as ReaderInternals;
  const parseWorksheet = internals._parseWorksheet.bind(reader);
  const parseSharedStrings = internals._parseSharedStrings.bind(reader);
  internals._parseWorksheet = (chunks, sheetNo) => parseWorksheet(decodeChunks(chunks), sheetNo);
  internals._parseSharedStrings = (entry) =>
    parseSharedStrings(Readable.from(decodeChunks(entry), { objectMode: true }));
  return reader;
}

async function readXlsx(bytes: Uint8Array): Promise<SheetTable> {
  const reader = utf8SafeReader(bytes);
  let headers: string[] | null = null;
  const rows: SheetRow[] = [];
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        // row.values is 1-based: index 0 is always empty.
        const values = (row.values as unknown[]).slice(1);
        const cells = Array.from(values, (value) => cellOf(value));
        if (headers === null) {
          headers = cells.map((cell) => (cell === null ? '' : String(cell).trim()));
          continue;
        }
        if (!isBlank(cells)) rows.push({ row: row.number, cells });
      }
      break; // the first worksheet only
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SheetFileError(`The file could not be read as an Excel workbook (${reason})`);
  }
  if (headers === null) throw new SheetFileError('The workbook has no rows');
  return { headers, rows };
}
