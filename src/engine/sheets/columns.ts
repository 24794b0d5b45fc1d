/**
 * The column model shared by every sheet kind: how a column is written (a number cell, a money
 * cell with its currency's decimals, text), whether it is a hidden key, whether an import may
 * change it, and the enum an XLSX cell is validated against. Each kind (listings.ts,
 * inventory.ts, orders.ts) lists its columns with a function reading the value from its row.
 *
 * Every value has one text form (`SheetValue` → string), the same whether the file is CSV or
 * XLSX: an import compares a cell's text with the text the current value exports to first, so a
 * file saved back untouched changes nothing, whatever the value looks like.
 */
import { SHEET_HEADERS, type SheetColumnId } from '../../shared/api/types-sheets.js';
import type { UiLocale } from '../../shared/domain.js';
import { currencyExponent, isCurrencyCode, minorToDecimalString } from '../../shared/money.js';

/** A cell as read from a file: text, a number (XLSX), or empty. */
export type Cell = string | number | null;

/** A value as written: text, an integer, or money (minor units written in its currency). */
export type SheetValue =
  | { type: 'text'; text: string }
  | { type: 'integer'; value: number | null }
  | { type: 'money'; amountMinor: number | null; currency: string };

export interface ColumnSpec<Row> {
  id: SheetColumnId;
  /** A stable id the import matches rows by; hidden in XLSX. */
  hidden?: boolean;
  /** An import may change it. */
  editable: boolean;
  /** XLSX column width in characters. */
  width: number;
  /** Allowed values: an XLSX list validation on the column. */
  choices?: readonly string[];
  value(row: Row): SheetValue;
}

export const text = (value: string | null | undefined): SheetValue => ({
  type: 'text',
  text: value ?? '',
});
export const integer = (value: number | null | undefined): SheetValue => ({
  type: 'integer',
  value: value ?? null,
});
export const money = (amountMinor: number | null | undefined, currency: string): SheetValue => ({
  type: 'money',
  amountMinor: amountMinor ?? null,
  currency,
});
/** A list of short texts, one per line in the cell. */
export const lines = (values: readonly string[]): SheetValue => text(values.join('\n'));

/** The value's text form: what CSV writes and what an import compares a cell with. */
export function valueText(value: SheetValue): string {
  if (value.type === 'text') return value.text;
  if (value.type === 'integer') return value.value === null ? '' : String(value.value);
  if (value.amountMinor === null || !isCurrencyCode(value.currency)) return '';
  return minorToDecimalString(value.amountMinor, value.currency);
}

/**
 * Text a spreadsheet would run as a formula when it opens a CSV (`=`, `+`, `-`, `@`, tab, CR at
 * the start, possibly after apostrophes) gets one apostrophe in front, so a listing title cannot
 * become a formula on the seller's machine. The reader takes exactly one off again, so the value
 * round-trips unchanged; only CSV needs it (XLSX cells are typed as text).
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

export function escapeCsvText(textValue: string): string {
  return FORMULA_START.test(textValue) ? `'${textValue}` : textValue;
}

export function unescapeCsvText(textValue: string): string {
  return textValue.startsWith("'") && FORMULA_START.test(textValue)
    ? textValue.slice(1)
    : textValue;
}

/** The value as an XLSX cell: numbers as numbers (money with its currency's decimals). */
export function valueCell(value: SheetValue): {
  value: string | number | null;
  numFmt?: string;
} {
  if (value.type === 'text') return { value: value.text };
  if (value.type === 'integer') return { value: value.value };
  if (value.amountMinor === null || !isCurrencyCode(value.currency)) return { value: null };
  const exponent = currencyExponent(value.currency);
  // The decimal string names one double exactly enough that String(double) gives it back.
  return {
    value: Number(minorToDecimalString(value.amountMinor, value.currency)),
    numFmt: exponent === 0 ? '0' : `0.${'0'.repeat(exponent)}`,
  };
}

/**
 * A cell's text. Numbers print in JavaScript's shortest round-trip form (19.99 stays "19.99");
 * Excel's CR LF inside a cell becomes LF.
 */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  return cell.replace(/\r\n?/g, '\n');
}

export function headerOf(id: SheetColumnId, locale: UiLocale): string {
  return SHEET_HEADERS[id][locale];
}

/** The columns to export, in the kind's order: the chosen ones plus the hidden keys. */
export function chosenColumns<Row>(
  all: readonly ColumnSpec<Row>[],
  chosen: readonly string[] | undefined,
): ColumnSpec<Row>[] {
  if (!chosen) return [...all];
  const wanted = new Set(chosen);
  return all.filter((column) => column.hidden || wanted.has(column.id));
}
