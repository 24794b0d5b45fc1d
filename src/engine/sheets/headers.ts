/**
 * Which file column is which: a header matches a column by its header in either UI language or
 * by the column's id, ignoring case, spacing and a trailing asterisk. Headers no column has are
 * reported back as ignored; the same column twice is refused (which one would win?).
 */
import {
  SHEET_COLUMNS,
  SHEET_HEADERS,
  type SheetColumnId,
  type SheetKind,
} from '../../shared/api/types-sheets.js';
import { UI_LOCALES } from '../../shared/domain.js';
import { SheetFileError } from './read.js';

const normalise = (header: string) =>
  header.normalize('NFKC').trim().replace(/\*$/, '').replace(/\s+/g, ' ').toLowerCase();

const lookups = new Map<SheetKind, Map<string, SheetColumnId>>();

function lookupOf(kind: SheetKind): Map<string, SheetColumnId> {
  let lookup = lookups.get(kind);
  if (!lookup) {
    lookup = new Map();
    for (const id of SHEET_COLUMNS[kind]) {
      lookup.set(normalise(id), id);
      for (const locale of UI_LOCALES) lookup.set(normalise(SHEET_HEADERS[id][locale]), id);
    }
    lookups.set(kind, lookup);
  }
  return lookup;
}

export interface HeaderMatch {
  /** The file's column index of each column found. */
  index: Map<SheetColumnId, number>;
  /** The header as written in the file, per column found (errors name it). */
  header: Map<SheetColumnId, string>;
  ignored: string[];
}

export function matchHeaders(kind: SheetKind, headers: readonly string[]): HeaderMatch {
  const lookup = lookupOf(kind);
  const match: HeaderMatch = { index: new Map(), header: new Map(), ignored: [] };
  headers.forEach((header, position) => {
    if (header.trim() === '') return;
    const id = lookup.get(normalise(header));
    if (id === undefined) {
      match.ignored.push(header);
      return;
    }
    const earlier = match.header.get(id);
    if (earlier !== undefined) {
      throw new SheetFileError(
        `The columns "${earlier}" and "${header}" are the same column; keep one of them`,
      );
    }
    match.index.set(id, position);
    match.header.set(id, header);
  });
  return match;
}
