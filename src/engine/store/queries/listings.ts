/**
 * listings.query and listings.get. Every sort field has a covering index (sort column, id, all
 * filter columns; migration 0001), so a page can be read by walking one index in order and
 * stopping after `limit` rows, and a count never reads the table. Account names come from a small
 * in-memory map instead of a join, so a join can never change the plan. `total` is exact.
 */
import type { ListingDetail, ListingRow, Page } from '../../../shared/api/types.js';
import type { ParsedInputOf } from '../../../shared/api/contract.js';
import type { AccountId, ListingId, ProductId } from '../../../shared/ids.js';
import { sql, type Selectable, type SelectQueryBuilder } from 'kysely';
import { compileRaw, qb } from '../compiler.js';
import type { Reader } from '../connection.js';
import type { Database, ListingsTable } from '../schema.js';
import { ftsMatchCount, listingSearchCondition, planSearch, type SearchPlan } from '../search.js';
import { parseJson } from '../values.js';
import { accountFacts, type AccountFacts } from './accounts.js';

export type ListingsQuery = ParsedInputOf<'listings.query'>;

const SORT_COLUMNS = {
  title: 'l.title',
  sku: 'l.sku',
  price: 'l.price_minor',
  quantity: 'l.quantity',
  status: 'l.status',
  marketplace: 'l.marketplace',
  updatedAt: 'l.updated_at',
} as const;

type ListingsFrom = SelectQueryBuilder<Database & { l: ListingsTable }, 'l', object>;

/**
 * Above this many matching rows a page is read by walking the sort column's index (matches are
 * dense, so 200 turn up quickly and every filter is checked on the index entry); at or below it,
 * SQLite starts from the most selective filter and sorts the few matches.
 */
export const DENSE_ABOVE = 2000;

type Filters = Omit<ListingsQuery, 'offset' | 'limit' | 'sort'>;

/**
 * Applies every filter of the contract. `unlinked: true` keeps listings with no master SKU;
 * `unlinked: false` is "no filter", as a cleared checkbox would send. Low-cardinality columns
 * (sync state, locale, link) never drive a query (unary +): their indexes would select a large
 * share of the table and then read every row. With `hinted`, no filter drives the query.
 */
export function filterListings(
  query: ListingsFrom,
  input: Filters,
  plan: SearchPlan | null,
  hinted: boolean,
): ListingsFrom {
  const column = <K extends keyof Selectable<ListingsTable>>(name: K, always = false) =>
    hinted || always
      ? sql<Selectable<ListingsTable>[K]>`+${sql.ref(`l.${name}`)}`
      : sql<Selectable<ListingsTable>[K]>`${sql.ref(`l.${name}`)}`;
  let q = query;
  if (plan) q = q.where(listingSearchCondition(plan, 'l', hinted));
  if (input.marketplaces?.length) q = q.where(column('marketplace'), 'in', input.marketplaces);
  if (input.accountIds?.length) q = q.where(column('account_id'), 'in', input.accountIds);
  if (input.statuses?.length) q = q.where(column('status'), 'in', input.statuses);
  if (input.syncStates?.length) q = q.where(column('sync_state', true), 'in', input.syncStates);
  if (input.priceMinorMin !== undefined)
    q = q.where(column('price_minor'), '>=', input.priceMinorMin);
  if (input.priceMinorMax !== undefined)
    q = q.where(column('price_minor'), '<=', input.priceMinorMax);
  if (input.quantityMin !== undefined) q = q.where(column('quantity'), '>=', input.quantityMin);
  if (input.quantityMax !== undefined) q = q.where(column('quantity'), '<=', input.quantityMax);
  if (input.locale) q = q.where(column('locale', true), '=', input.locale);
  if (input.unlinked) q = q.where(column('product_id', true), 'is', null);
  return q;
}

function hasFilters(input: Filters): boolean {
  return Boolean(
    input.marketplaces?.length ||
    input.accountIds?.length ||
    input.statuses?.length ||
    input.syncStates?.length ||
    input.priceMinorMin !== undefined ||
    input.priceMinorMax !== undefined ||
    input.quantityMin !== undefined ||
    input.quantityMax !== undefined ||
    input.locale ||
    input.unlinked,
  );
}

/** Exact count of matching listings, each way answered from an index. */
function countListings(r: Reader, input: Filters, plan: SearchPlan | null): number {
  if (plan?.kind === 'fts') {
    const matches = r.first(compileRaw(ftsMatchCount(plan, 'listings_fts')))?.total ?? 0;
    // The index holds exactly the stored listings, so an unfiltered search counts there alone.
    if (!hasFilters(input) && plan.likeTerms.length === 0) return matches;
    // Few matches: start from them. Many: let a covering index drive and test membership.
    const counted = r.first(
      filterListings(qb.selectFrom('listings as l'), input, null, false)
        .where(listingSearchCondition(plan, 'l', matches > DENSE_ABOVE))
        .select((eb) => eb.fn.countAll<number>().as('total')),
    );
    return counted?.total ?? 0;
  }
  const counted = r.first(
    filterListings(qb.selectFrom('listings as l'), input, plan, false).select((eb) =>
      eb.fn.countAll<number>().as('total'),
    ),
  );
  return counted?.total ?? 0;
}

const ROW_COLUMNS = [
  'l.id',
  'l.account_id',
  'l.marketplace',
  'l.remote_id',
  'l.sku',
  'l.product_id',
  'l.title',
  'l.price_minor',
  'l.currency',
  'l.quantity',
  'l.status',
  'l.locale',
  'l.sync_state',
  'l.local_version',
  'l.updated_at',
] as const;

type RowColumns = Pick<
  Selectable<ListingsTable>,
  | 'account_id'
  | 'marketplace'
  | 'remote_id'
  | 'sku'
  | 'product_id'
  | 'title'
  | 'price_minor'
  | 'currency'
  | 'quantity'
  | 'status'
  | 'locale'
  | 'sync_state'
  | 'updated_at'
  | 'id'
  | 'local_version'
>;

function toRow(row: RowColumns, accounts: Map<number, AccountFacts>): ListingRow {
  const account = accounts.get(row.account_id);
  return {
    id: row.id as ListingId,
    accountId: row.account_id as AccountId,
    accountName: account?.name ?? '',
    marketplace: row.marketplace,
    site: account?.site ?? '',
    remoteId: row.remote_id,
    sku: row.sku,
    productId: row.product_id as ProductId | null,
    title: row.title,
    price: { amountMinor: row.price_minor, currency: row.currency },
    quantity: row.quantity,
    status: row.status,
    locale: row.locale,
    syncState: row.sync_state,
    localVersion: row.local_version,
    updatedAt: row.updated_at,
  };
}

/**
 * One page of listings and the exact total. The total is counted first; it decides how the page
 * is read (see DENSE_ABOVE), so both stay fast whether a filter keeps ten rows or ninety thousand.
 */
export function queryListings(r: Reader, input: ListingsQuery): Page<ListingRow> {
  const plan = planSearch(input.search);
  const total = countListings(r, input, plan);
  const sort = input.sort ?? { field: 'updatedAt', dir: 'desc' };
  const rows =
    total === 0 || input.offset >= total
      ? []
      : r.all(
          filterListings(qb.selectFrom('listings as l'), input, plan, total > DENSE_ABOVE)
            .select(ROW_COLUMNS)
            .orderBy(SORT_COLUMNS[sort.field], sort.dir)
            .orderBy('l.id', sort.dir)
            .limit(input.limit)
            .offset(input.offset),
        );
  const accounts = accountFacts(r);
  return {
    rows: rows.map((row) => toRow(row, accounts)),
    total,
    offset: input.offset,
    limit: input.limit,
  };
}

export function getListing(r: Reader, id: number): ListingDetail | undefined {
  const row = r.first(
    qb
      .selectFrom('listings as l')
      .select([
        ...ROW_COLUMNS,
        'l.description',
        'l.bullet_points',
        'l.keywords',
        'l.attributes',
        'l.remote_updated_at',
        'l.last_error',
      ])
      .where('l.id', '=', id),
  );
  if (!row) return undefined;
  return {
    ...toRow(row, accountFacts(r)),
    description: row.description,
    bulletPoints: parseJson<string[]>(row.bullet_points, []),
    keywords: parseJson<string[]>(row.keywords, []),
    attributes: parseJson<Record<string, string>>(row.attributes, {}),
    remoteUpdatedAt: row.remote_updated_at,
    lastError: row.last_error,
  };
}
