/**
 * The editable fields of a listings sheet: each cell's text parsed into the value a grid edit
 * would carry (the same limits as listings.update's ListingChanges), or a refusal saying what is
 * wrong and what was expected. Checked with zod, so the sheet and the grid refuse alike.
 */
import type { z } from 'zod';
import { ListingChanges } from '../../shared/api/contract.js';
import type { ListingColumn } from '../../shared/api/types-sheets.js';
import { parseDecimalToMinor } from '../../shared/money.js';
import type { ListingChangeSet } from '../store/edits.js';

export type EditableListingColumn = Extract<
  ListingColumn,
  'title' | 'description' | 'bulletPoints' | 'keywords' | 'price' | 'quantity' | 'status'
>;
export const EDITABLE_LISTING_COLUMNS: readonly EditableListingColumn[] = [
  'title',
  'description',
  'bulletPoints',
  'keywords',
  'price',
  'quantity',
  'status',
];

/** The edit field each column sets. */
export const FIELD_OF = {
  title: 'title',
  description: 'description',
  bulletPoints: 'bulletPoints',
  keywords: 'keywords',
  price: 'priceMinor',
  quantity: 'quantity',
  status: 'status',
} as const satisfies Record<EditableListingColumn, keyof ListingChangeSet>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; expected: string };

const shape = ListingChanges.shape;
const refusal = (message: string, expected: string) => ({ ok: false, message, expected }) as const;

function checked<T>(schema: z.ZodType<T>, value: unknown, expected: string): Parsed<T> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return refusal(result.error.issues[0]?.message ?? 'not valid', expected);
}

/** One entry per non-empty line. */
const splitLines = (cell: string) => cell.split('\n').filter((line) => line.trim() !== '');

function parseTitle(cell: string): Parsed<string> {
  const title = cell.trim();
  if (title === '') return refusal('the title is empty', 'a title of 1 to 500 characters');
  if (title.length > 500) {
    return refusal(`the title has ${title.length} characters`, 'a title of 1 to 500 characters');
  }
  return checked(shape.title.unwrap(), title, 'a title of 1 to 500 characters');
}

function parseDescription(cell: string): Parsed<string> {
  if (cell.length > 50_000) {
    return refusal(
      `the description has ${cell.length} characters`,
      'a description of at most 50,000 characters',
    );
  }
  return checked(shape.description.unwrap(), cell, 'a description of at most 50,000 characters');
}

function parseList(cell: string, most: number, longest: number, what: string): Parsed<string[]> {
  const items = splitLines(cell);
  const expected = `at most ${most} ${what}, one per line, each at most ${longest} characters`;
  if (items.length > most) return refusal(`${items.length} ${what}`, expected);
  const long = items.find((item) => item.length > longest);
  if (long !== undefined)
    return refusal(`one of the ${what} has ${long.length} characters`, expected);
  return { ok: true, value: items };
}

function parsePrice(cell: string, currency: string, decimalComma: boolean): Parsed<number> {
  const expected = `a price above zero in ${currency}, such as 19.99 (no currency sign or thousands separator)`;
  // A semicolon-separated CSV comes from a spreadsheet set up for a decimal comma (19,99).
  const textValue = decimalComma ? cell.trim().replace(/^(\d+),(\d+)$/, '$1.$2') : cell.trim();
  if (textValue === '') return refusal('the price is empty', expected);
  let minor: number;
  try {
    minor = parseDecimalToMinor(textValue, currency);
  } catch (error) {
    return refusal(
      error instanceof Error ? error.message : `"${textValue}" is not a price`,
      expected,
    );
  }
  if (minor <= 0) return refusal(`the price ${textValue} is not above zero`, expected);
  return checked(shape.priceMinor.unwrap(), minor, expected);
}

function parseQuantity(cell: string): Parsed<number> {
  const expected = 'a whole number from 0 to 1,000,000';
  const textValue = cell.trim();
  if (!/^\d{1,15}$/.test(textValue)) {
    return refusal(
      textValue === '' ? 'the quantity is empty' : `"${textValue}" is not a whole number`,
      expected,
    );
  }
  const quantity = Number(textValue);
  if (quantity > 1_000_000) return refusal(`${quantity} is more than 1,000,000`, expected);
  return checked(shape.quantity.unwrap(), quantity, expected);
}

function parseStatus(cell: string): Parsed<'active' | 'inactive'> {
  const status = cell.trim().toLowerCase();
  if (status === 'active' || status === 'inactive') return { ok: true, value: status };
  return refusal(
    status === '' ? 'the status is empty' : `"${cell.trim()}" cannot be set from a sheet`,
    'active or inactive',
  );
}

/**
 * Parses one editable cell for a listing priced in `currency`; with `decimalComma`, a price
 * may be written 19,99.
 */
export function parseListingCell(
  column: EditableListingColumn,
  cell: string,
  currency: string,
  decimalComma = false,
): Parsed<ListingChangeSet[keyof ListingChangeSet]> {
  switch (column) {
    case 'title':
      return parseTitle(cell);
    case 'description':
      return parseDescription(cell);
    case 'bulletPoints':
      return parseList(cell, 10, 1000, 'bullet points');
    case 'keywords':
      return parseList(cell, 50, 200, 'keywords');
    case 'price':
      return parsePrice(cell, currency, decimalComma);
    case 'quantity':
      return parseQuantity(cell);
    case 'status':
      return parseStatus(cell);
  }
}
