/**
 * Helpers of the sheets tests: export a kind to CSV in memory as a grid of cells, edit cells by
 * column id, and turn the grid back into the bytes of a CSV file (UTF-8 with BOM, as exported).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import {
  SHEET_HEADERS,
  type SheetColumnId,
  type SheetKind,
} from '../../shared/api/types-sheets.js';
import type { Store } from '../store/connection.js';
import { exportSheet } from './service.js';

export interface CsvGrid {
  header: string[];
  rows: string[][];
}

let files = 0;

export async function exportCsv(store: Store, kind: SheetKind, folder: string): Promise<CsvGrid> {
  const result = await exportSheet(
    store,
    {
      kind,
      format: 'csv',
      filter: {},
      returnFile: false,
      locale: 'en',
      fileName: `t${++files}.csv`,
    },
    folder,
  );
  const text = readFileSync(join(folder, result.fileName), 'utf8').replace(/^\uFEFF/, '');
  const [header = [], ...rows] = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
  return { header, rows };
}

export function columnIndex(grid: CsvGrid, column: SheetColumnId): number {
  const index = grid.header.indexOf(SHEET_HEADERS[column].en);
  if (index < 0) throw new Error(`no column ${column} in the sheet`);
  return index;
}

/** The row whose `column` holds `value`. */
export function rowWhere(grid: CsvGrid, column: SheetColumnId, value: string): string[] {
  const index = columnIndex(grid, column);
  const row = grid.rows.find((cells) => cells[index] === value);
  if (!row) throw new Error(`no row with ${column} = ${value}`);
  return row;
}

export function setCell(grid: CsvGrid, row: string[], column: SheetColumnId, value: string): void {
  row[columnIndex(grid, column)] = value;
}

export function csvBytes(grid: CsvGrid): Buffer {
  const text = Papa.unparse([grid.header, ...grid.rows], { newline: '\r\n' });
  return Buffer.from(`\uFEFF${text}`, 'utf8');
}
