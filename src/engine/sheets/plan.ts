/**
 * What every kind's import planner produces: the preview's numbers and rows, and the apply step
 * closed over the plan. Planning reads only; `apply` runs inside the caller's one write
 * transaction and throws (rolling everything back) when the store moved under the preview.
 */
import type {
  SheetApplyOutcome,
  SheetCellError,
  SheetColumnId,
  SheetKind,
  SheetRowChange,
} from '../../shared/api/types-sheets.js';
import type { Writer } from '../store/connection.js';
import { VersionConflict } from '../store/errors.js';
import type { HeaderMatch } from './headers.js';
import type { SheetRow } from './read.js';

export interface ApplyContext {
  newKey: () => string;
  /** The change batch's label (names the file). */
  label: string;
}

export interface ImportPlan {
  kind: SheetKind;
  rows: number;
  unchangedCount: number;
  errors: SheetCellError[];
  changed: SheetRowChange[];
  editableColumns: SheetColumnId[];
  ignoredHeaders: string[];
  apply(w: Writer, context: ApplyContext): SheetApplyOutcome;
}

/** Collects cell errors, and knows which rows have any. */
export class ErrorList {
  readonly errors: SheetCellError[] = [];
  private readonly rows = new Set<number>();

  constructor(private readonly match: HeaderMatch) {}

  add(row: number, column: SheetColumnId | null, message: string, expected: string): void {
    const header = column === null ? '' : (this.match.header.get(column) ?? column);
    this.errors.push({ row, column: header, message, expected });
    this.rows.add(row);
  }

  addRaw(row: number, header: string, message: string, expected: string): void {
    this.errors.push({ row, column: header, message, expected });
    this.rows.add(row);
  }

  has(row: number): boolean {
    return this.rows.has(row);
  }
}

/** The errors a row's damaged bytes cause (one per damaged cell); true when there were any. */
export function encodingErrors(
  row: SheetRow,
  headers: readonly string[],
  list: ErrorList,
): boolean {
  if (!row.badEncoding) return false;
  for (const index of row.badEncoding) {
    list.addRaw(
      row.row,
      headers[index] ?? `column ${index + 1}`,
      'the cell holds bytes that are not valid UTF-8 (the line was saved in another encoding)',
      'UTF-8 text: save the file as "CSV UTF-8"',
    );
  }
  return true;
}

/** Refuses the apply when rows changed since the preview, naming the first of them. */
export function refuseStale(stale: readonly number[]): void {
  if (stale.length === 0) return;
  const shown = stale.slice(0, 20).join(', ');
  throw new VersionConflict(
    `The store changed since the preview (a sync or another edit) in ${stale.length} row(s) of ` +
      `the file: ${shown}${stale.length > 20 ? ', …' : ''}. Nothing was written; preview the file again`,
    0,
  );
}

/** How many cells of the file's row are read: a missing trailing cell is empty. */
export function cellAt(row: SheetRow, match: HeaderMatch, column: SheetColumnId) {
  const index = match.index.get(column);
  return index === undefined ? undefined : (row.cells[index] ?? null);
}
