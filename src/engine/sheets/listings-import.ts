/**
 * Importing a listings sheet. Each row is matched to a listing by its hidden listing id, or by
 * account + SKU when the id is blank (rows a seller typed in); every editable cell is compared
 * with the listing's current value first as text (an untouched cell is unchanged, whatever it
 * holds), then parsed and compared as a value. A row with any error changes nothing, and a file
 * with any error cannot be applied.
 *
 * Apply is one change batch (source 'import') in the caller's transaction: each changed listing
 * goes through applyListingEdit with `hold: true`, exactly as a grid edit does, so the batch is
 * pushed by the seller and reverted as a whole by revertBatch. Before writing, every changed
 * field's current value is compared with the preview's "before": if any moved, nothing is written.
 */
import type { ListingColumn, SheetRowChange } from '../../shared/api/types-sheets.js';
import { isCurrencyCode } from '../../shared/money.js';
import type { ChangeBatchId } from '../../shared/ids.js';
import { qb } from '../store/compiler.js';
import type { Reader, Writer } from '../store/connection.js';
import { applyListingEdit, type ListingChangeSet } from '../store/edits.js';
import { sameValue } from '../store/listing-merge.js';
import { cellText, valueText } from './columns.js';
import type { HeaderMatch } from './headers.js';
import {
  EDITABLE_LISTING_COLUMNS,
  FIELD_OF,
  parseListingCell,
  type EditableListingColumn,
} from './listing-fields.js';
import {
  LISTING_COLUMN_BY_ID,
  listingIdsBySku,
  listingsByIds,
  type CurrentListing,
} from './listings-columns.js';
import { AccountLookup } from './accounts.js';
import { cellAt, encodingErrors, ErrorList, refuseStale, type ImportPlan } from './plan.js';
import { SheetFileError, type SheetRow, type SheetTable } from './read.js';

type Field = keyof ListingChangeSet;

interface PlannedRow {
  row: number;
  listingId: number;
  changes: ListingChangeSet;
  before: Partial<Record<Field, unknown>>;
}

const READ_ONLY: readonly ListingColumn[] = ['marketplace', 'site', 'locale', 'syncState'];

function requireKey(match: HeaderMatch): void {
  const byId = match.index.has('listingId');
  const bySku =
    match.index.has('sku') && (match.index.has('account') || match.index.has('accountId'));
  if (!byId && !bySku) {
    throw new SheetFileError(
      'The sheet has no key column: keep the hidden "Listing ID" column of an exported sheet, ' +
        'or give "Account" and "SKU" columns',
    );
  }
}

/** Finds each row's listing: by id, or by account + SKU. */
class ListingMatcher {
  private readonly byId: Map<number, CurrentListing>;
  private readonly bySku: Map<string, { id: number; accountId: number }[]>;
  private readonly accounts: AccountLookup;

  constructor(
    r: Reader,
    table: SheetTable,
    private readonly match: HeaderMatch,
  ) {
    const ids = new Set<number>();
    const skus = new Set<string>();
    for (const row of table.rows) {
      const id = cellText(cellAt(row, match, 'listingId') ?? null).trim();
      if (/^\d{1,15}$/.test(id)) ids.add(Number(id));
      else skus.add(cellText(cellAt(row, match, 'sku') ?? null).trim());
    }
    this.bySku =
      skus.size > 0
        ? listingIdsBySku(r, [...skus])
        : new Map<string, { id: number; accountId: number }[]>();
    for (const list of this.bySku.values()) for (const entry of list) ids.add(entry.id);
    this.byId = listingsByIds(r, [...ids]);
    this.accounts = new AccountLookup(r);
  }

  /** The row's listing, or undefined after adding the row's key error. */
  find(
    row: SheetRow,
    errors: ErrorList,
  ): { listing: CurrentListing; key: 'listingId' | 'sku' } | undefined {
    const idText = cellText(cellAt(row, this.match, 'listingId') ?? null).trim();
    if (idText !== '') {
      if (!/^\d{1,15}$/.test(idText)) {
        errors.add(
          row.row,
          'listingId',
          `"${idText}" is not a listing id`,
          'the listing id as exported (a whole number)',
        );
        return undefined;
      }
      const listing = this.byId.get(Number(idText));
      if (!listing) {
        errors.add(
          row.row,
          'listingId',
          `no listing has the id ${idText}`,
          'the id of a listing in Silkroute, as exported',
        );
        return undefined;
      }
      return { listing, key: 'listingId' };
    }
    const sku = cellText(cellAt(row, this.match, 'sku') ?? null).trim();
    const accountId = this.accountOf(row, errors);
    if (accountId === undefined) return undefined;
    if (sku === '') {
      errors.add(row.row, 'sku', 'the SKU is empty', 'the SKU of a listing of this account');
      return undefined;
    }
    const matches = (this.bySku.get(sku) ?? []).filter((entry) => entry.accountId === accountId);
    if (matches.length !== 1) {
      errors.add(
        row.row,
        'sku',
        matches.length === 0
          ? `no listing of this account has the SKU "${sku}"`
          : `${matches.length} listings of this account have the SKU "${sku}"`,
        'the SKU of exactly one listing of the account (or keep the Listing ID column)',
      );
      return undefined;
    }
    return { listing: this.byId.get(matches[0]!.id)!, key: 'sku' };
  }

  private accountOf(row: SheetRow, errors: ErrorList): number | undefined {
    return this.accounts.find(row, this.match, errors);
  }
}

function checkCurrency(
  row: SheetRow,
  match: HeaderMatch,
  listing: CurrentListing,
  errors: ErrorList,
): boolean {
  const cell = cellAt(row, match, 'currency');
  if (cell === undefined) return true;
  const code = cellText(cell).trim();
  if (code.toUpperCase() === listing.currency) return true;
  errors.add(
    row.row,
    'currency',
    isCurrencyCode(code.toUpperCase())
      ? `the listing is priced in ${listing.currency}, not ${code}`
      : `"${code}" is not a known ISO 4217 currency code`,
    `${listing.currency} (the listing's currency; prices are not converted on import)`,
  );
  return false;
}

export function planListingsImport(r: Reader, table: SheetTable, match: HeaderMatch): ImportPlan {
  requireKey(match);
  const editable = EDITABLE_LISTING_COLUMNS.filter((column) => match.index.has(column));
  const errors = new ErrorList(match);
  const matcher = new ListingMatcher(r, table, match);
  const seen = new Map<number, number>();
  const planned: PlannedRow[] = [];
  const changed: SheetRowChange[] = [];
  let unchanged = 0;

  for (const row of table.rows) {
    if (encodingErrors(row, table.headers, errors)) continue;
    const found = matcher.find(row, errors);
    if (!found) continue;
    const { listing } = found;
    const earlier = seen.get(listing.id);
    if (earlier !== undefined) {
      errors.add(
        row.row,
        found.key,
        `the same listing as row ${earlier}`,
        'each listing in one row only',
      );
      continue;
    }
    seen.set(listing.id, row.row);
    if (!checkCurrency(row, match, listing, errors)) continue;
    const plan = planRow(row, match, listing, editable, errors, table.decimalComma === true);
    if (errors.has(row.row)) continue;
    if (!plan) {
      unchanged++;
      continue;
    }
    planned.push(plan.planned);
    changed.push(plan.change);
  }

  const readOnly = READ_ONLY.filter((column) => match.index.has(column)).map((column) =>
    match.header.get(column)!,
  );
  return {
    kind: 'listings',
    rows: table.rows.length,
    unchangedCount: unchanged,
    errors: errors.errors,
    changed,
    editableColumns: editable,
    ignoredHeaders: [...match.ignored, ...readOnly],
    apply: (w, context) => applyListingRows(w, planned, context.label, context.newKey),
  };
}

function planRow(
  row: SheetRow,
  match: HeaderMatch,
  listing: CurrentListing,
  editable: readonly EditableListingColumn[],
  errors: ErrorList,
  decimalComma: boolean,
): { planned: PlannedRow; change: SheetRowChange } | undefined {
  const changes: ListingChangeSet = {};
  const before: Partial<Record<Field, unknown>> = {};
  const change: SheetRowChange = {
    row: row.row,
    label: `${listing.marketplace} ${listing.sku}`,
    changes: [],
  };
  for (const column of editable) {
    const cell = cellText(cellAt(row, match, column) ?? null);
    const current = valueText(LISTING_COLUMN_BY_ID.get(column)!.value(listing));
    if (cell === current) continue;
    const parsed = parseListingCell(column, cell, listing.currency, decimalComma);
    if (!parsed.ok) {
      errors.add(row.row, column, parsed.message, parsed.expected);
      continue;
    }
    const field = FIELD_OF[column];
    const currentValue = listing[field === 'priceMinor' ? 'priceMinor' : field];
    if (sameValue(parsed.value, currentValue)) continue;
    Object.assign(changes, { [field]: parsed.value });
    before[field] = currentValue;
    const after = valueText(
      LISTING_COLUMN_BY_ID.get(column)!.value({ ...listing, [field]: parsed.value }),
    );
    change.changes.push({ field: column, before: current, after });
  }
  if (change.changes.length === 0) return undefined;
  return { planned: { row: row.row, listingId: listing.id, changes, before }, change };
}

function applyListingRows(
  w: Writer,
  rows: readonly PlannedRow[],
  label: string,
  newKey: () => string,
) {
  const current = listingsByIds(
    w,
    rows.map((row) => row.listingId),
  );
  const stale = rows
    .filter((row) => {
      const listing = current.get(row.listingId);
      return (
        !listing ||
        Object.entries(row.before).some(
          ([field, value]) => !sameValue(listing[field as Field], value),
        )
      );
    })
    .map((row) => row.row);
  refuseStale(stale);
  if (rows.length === 0) return { kind: 'listings' as const, batchId: null, changed: 0, jobs: 0 };
  const batchId = w.first(
    qb
      .insertInto('change_batches')
      .values({ label, source: 'import', created_at: w.now() })
      .returning('id'),
  )!.id;
  let jobs = 0;
  for (const row of rows) {
    const result = applyListingEdit(
      w,
      {
        id: row.listingId,
        baseVersion: current.get(row.listingId)!.version,
        changes: row.changes,
        batchId,
        hold: true,
      },
      newKey,
    );
    jobs += result.outboxJobIds.length;
  }
  return {
    kind: 'listings' as const,
    batchId: batchId as ChangeBatchId,
    changed: rows.length,
    jobs,
  };
}
