/**
 * The listings sheet: its columns and its rows as read from the store (the grid's filter, in id
 * order). The listing id and account id are hidden keys; title, description, bullet points,
 * keywords, price, quantity and status are what an import may change (the fields of a grid edit).
 */
import { sql } from 'kysely';
import type { ListingFilter } from '../../shared/api/contract-workbench.js';
import { LISTING_STATUSES, type ListingStatus, type Marketplace } from '../../shared/domain.js';
import { compileRaw, qb } from '../store/compiler.js';
import type { Reader } from '../store/connection.js';
import { listingConditions } from '../store/queries/listings.js';
import { planSearch } from '../store/search.js';
import { parseJson } from '../store/values.js';
import { integer, lines, money, text, type ColumnSpec } from './columns.js';

export interface ListingSheetRow {
  id: number;
  accountId: number;
  account: string;
  marketplace: Marketplace;
  site: string;
  sku: string;
  title: string;
  description: string;
  bulletPoints: string[];
  keywords: string[];
  priceMinor: number;
  currency: string;
  quantity: number;
  status: ListingStatus;
  locale: string;
  syncState: string;
}

export const LISTING_SHEET_COLUMNS: readonly ColumnSpec<ListingSheetRow>[] = [
  { id: 'listingId', hidden: true, editable: false, width: 10, value: (r) => integer(r.id) },
  { id: 'accountId', hidden: true, editable: false, width: 10, value: (r) => integer(r.accountId) },
  { id: 'account', editable: false, width: 18, value: (r) => text(r.account) },
  { id: 'marketplace', editable: false, width: 12, value: (r) => text(r.marketplace) },
  { id: 'site', editable: false, width: 8, value: (r) => text(r.site) },
  { id: 'sku', editable: false, width: 18, value: (r) => text(r.sku) },
  { id: 'title', editable: true, width: 48, value: (r) => text(r.title) },
  { id: 'description', editable: true, width: 48, value: (r) => text(r.description) },
  { id: 'bulletPoints', editable: true, width: 40, value: (r) => lines(r.bulletPoints) },
  { id: 'keywords', editable: true, width: 30, value: (r) => lines(r.keywords) },
  { id: 'price', editable: true, width: 12, value: (r) => money(r.priceMinor, r.currency) },
  { id: 'currency', editable: false, width: 9, value: (r) => text(r.currency) },
  { id: 'quantity', editable: true, width: 10, value: (r) => integer(r.quantity) },
  {
    id: 'status',
    editable: true,
    width: 10,
    choices: LISTING_STATUSES,
    value: (r) => text(r.status),
  },
  { id: 'locale', editable: false, width: 9, value: (r) => text(r.locale) },
  { id: 'syncState', editable: false, width: 10, value: (r) => text(r.syncState) },
];

export const LISTING_COLUMN_BY_ID = new Map(
  LISTING_SHEET_COLUMNS.map((column) => [column.id, column]),
);

interface StoredRow {
  id: number;
  account_id: number;
  marketplace: Marketplace;
  sku: string;
  title: string;
  description: string;
  bullet_points: string;
  keywords: string;
  price_minor: number;
  currency: string;
  quantity: number;
  status: ListingStatus;
  locale: string;
  sync_state: string;
  local_version: number;
}

const STORED_COLUMNS = [
  'id',
  'account_id',
  'marketplace',
  'sku',
  'title',
  'description',
  'bullet_points',
  'keywords',
  'price_minor',
  'currency',
  'quantity',
  'status',
  'locale',
  'sync_state',
  'local_version',
] as const;

type Accounts = Map<number, { name: string; site: string }>;

export function accountNames(r: Reader): Accounts {
  return new Map(
    r
      .all(qb.selectFrom('accounts').select(['id', 'display_name', 'site']))
      .map((row) => [row.id, { name: row.display_name, site: row.site }]),
  );
}

function toSheetRow(row: StoredRow, accounts: Accounts): ListingSheetRow & { version: number } {
  const account = accounts.get(row.account_id);
  return {
    id: row.id,
    accountId: row.account_id,
    account: account?.name ?? '',
    marketplace: row.marketplace,
    site: account?.site ?? '',
    sku: row.sku,
    title: row.title,
    description: row.description,
    bulletPoints: parseJson<string[]>(row.bullet_points, []),
    keywords: parseJson<string[]>(row.keywords, []),
    priceMinor: row.price_minor,
    currency: row.currency,
    quantity: row.quantity,
    status: row.status,
    locale: row.locale,
    syncState: row.sync_state,
    version: row.local_version,
  };
}

/** Every listing the grid's filter keeps, in id order. */
export function listingsForExport(r: Reader, filter: ListingFilter): ListingSheetRow[] {
  const condition = listingConditions(filter, planSearch(filter.search), false);
  const columns = sql.join(STORED_COLUMNS.map((name) => sql.ref(`l.${name}`)));
  const rows = r.all(
    compileRaw(
      sql<StoredRow>`SELECT ${columns} FROM listings AS l
        ${condition ? sql`WHERE ${condition}` : sql``} ORDER BY l.id`,
    ),
  );
  const accounts = accountNames(r);
  return rows.map((row) => toSheetRow(row, accounts));
}

export type CurrentListing = ListingSheetRow & { version: number };

/** The listings with these ids, by id, as the sheet shows them (with their local version). */
export function listingsByIds(r: Reader, ids: readonly number[]): Map<number, CurrentListing> {
  const accounts = accountNames(r);
  const found = new Map<number, CurrentListing>();
  for (let start = 0; start < ids.length; start += 500) {
    const rows = r.all(
      qb
        .selectFrom('listings')
        .select(STORED_COLUMNS)
        .where('id', 'in', ids.slice(start, start + 500)),
    );
    for (const row of rows) found.set(row.id, toSheetRow(row, accounts));
  }
  return found;
}

/** Listing ids by account and SKU, for the SKUs given (rows matched without a listing id). */
export function listingIdsBySku(
  r: Reader,
  skus: readonly string[],
): Map<string, { id: number; accountId: number }[]> {
  const found = new Map<string, { id: number; accountId: number }[]>();
  for (let start = 0; start < skus.length; start += 500) {
    const rows = r.all(
      qb
        .selectFrom('listings')
        .select(['id', 'account_id', 'sku'])
        .where('sku', 'in', skus.slice(start, start + 500)),
    );
    for (const row of rows) {
      const list = found.get(row.sku) ?? [];
      list.push({ id: row.id, accountId: row.account_id });
      found.set(row.sku, list);
    }
  }
  return found;
}
