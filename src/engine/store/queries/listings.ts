/**
 * listings.query, listings.grid, listings.ids and listings.get. Every sort field has a covering
 * index (sort column, id, all filter columns; migration 0001), so a page can be read by walking
 * one index in order and stopping after `limit` rows, and a count never reads the table. Account
 * names come from a small in-memory map instead of a join, so a join can never change the plan.
 * `total` is exact. The workbench's two extra filters (currency, missing translation) are not in
 * the indexes: they are checked on the row, after the indexed filters have narrowed.
 */
import type { ListingDetail, ListingRow, Page } from '../../../shared/api/types.js';
import type { WorkbenchListingRow } from '../../../shared/api/types-workbench.js';
import type { ParsedInputOf } from '../../../shared/api/contract.js';
import type { AccountId, ListingId, ProductId } from '../../../shared/ids.js';
import { sql, type RawBuilder, type Selectable, type SqlBool } from 'kysely';
import { compileRaw, qb } from '../compiler.js';
import type { Reader } from '../connection.js';
import type { ListingsTable } from '../schema.js';
import {
  ftsMatchCount,
  likeNarrowing,
  listingSearchCondition,
  matchExpression,
  planSearch,
  type SearchPlan,
} from '../search.js';
import { parseJson } from '../values.js';
import { accountFacts, type AccountFacts } from './accounts.js';

/** listings.query's input, with the workbench's filters (listings.grid) beside its own. */
export type ListingsQuery = ParsedInputOf<'listings.query'> & WorkbenchFilters;

export interface WorkbenchFilters {
  /** Only listings priced in this currency (it gives a price range its meaning). */
  currency?: string | undefined;
  /** Only listings with no usable text in this language (and not written in it). */
  missingTranslation?: string | undefined;
}

const SORT_COLUMNS = {
  title: 'l.title',
  sku: 'l.sku',
  price: 'l.price_minor',
  quantity: 'l.quantity',
  status: 'l.status',
  marketplace: 'l.marketplace',
  updatedAt: 'l.updated_at',
} as const;

/**
 * Above this many search matches, counting tests membership while a covering index drives;
 * at or below it, counting starts from the matches themselves.
 */
export const DENSE_ABOVE = 2000;

/**
 * How many index entries a page may examine when it walks the sort column's index. Walking
 * yields rows already in page order, each filter checked on the index entry, and stops after
 * `offset + limit` matches: about (offset + limit) x all / matching entries. When that stays
 * within the budget the page walks; otherwise the most selective filter drives and SQLite sorts
 * the few matches (the case of filters that keep a small share of the listings).
 */
export const WALK_BUDGET = 40_000;

export function readsByWalking(total: number, all: number, offset: number, limit: number): boolean {
  return total > 0 && ((offset + limit) * all) / total <= WALK_BUDGET;
}

export type ListingFilters = Omit<ListingsQuery, 'offset' | 'limit' | 'sort'>;
type Filters = ListingFilters;

/**
 * Every filter of the contract as one condition on `listings AS l` (null: no filter).
 * `unlinked: true` keeps listings with no master SKU; `unlinked: false` is "no filter", as a
 * cleared checkbox would send. Sync state never drives a query (unary +): its narrow index would
 * select a large share of the table and then read every row. With `hinted`, no
 * condition drives the query, so the sort index does.
 */
export function listingConditions(
  input: Filters,
  plan: SearchPlan | null,
  hinted: boolean,
): RawBuilder<SqlBool> | null {
  const column = (name: keyof ListingsTable, always = false) =>
    hinted || always ? sql`+${sql.ref(`l.${name}`)}` : sql.ref(`l.${name}`);
  const parts: RawBuilder<SqlBool>[] = [];
  const add = (condition: RawBuilder<SqlBool>) => parts.push(condition);
  if (plan) add(sql<SqlBool>`${listingSearchCondition(plan, 'l', hinted)}`);
  if (input.marketplaces?.length)
    add(sql`${column('marketplace')} IN (${sql.join(input.marketplaces)})`);
  if (input.accountIds?.length)
    add(sql`${column('account_id')} IN (${sql.join(input.accountIds)})`);
  if (input.statuses?.length) add(sql`${column('status')} IN (${sql.join(input.statuses)})`);
  if (input.syncStates?.length)
    add(sql`${column('sync_state', true)} IN (${sql.join(input.syncStates)})`);
  if (input.priceMinorMin !== undefined)
    add(sql`${column('price_minor')} >= ${input.priceMinorMin}`);
  if (input.priceMinorMax !== undefined)
    add(sql`${column('price_minor')} <= ${input.priceMinorMax}`);
  if (input.quantityMin !== undefined) add(sql`${column('quantity')} >= ${input.quantityMin}`);
  if (input.quantityMax !== undefined) add(sql`${column('quantity')} <= ${input.quantityMax}`);
  if (input.locale) add(sql`${column('locale')} = ${input.locale}`);
  if (input.unlinked) add(sql`${column('product_id')} IS NULL`);
  if (input.currency) add(sql`+${sql.ref('l.currency')} = ${input.currency}`);
  if (input.missingTranslation) {
    const locale = input.missingTranslation;
    add(sql`+${sql.ref('l.locale')} <> ${locale} AND NOT EXISTS (SELECT 1 FROM listing_texts AS t
      WHERE t.listing_id = l.id AND t.locale = ${locale} AND t.review_state <> 'missing')`);
  }
  return parts.length ? sql<SqlBool>`${sql.join(parts, sql` AND `)}` : null;
}

function hasFilters(input: Filters): boolean {
  return listingConditions(input, null, false) !== null;
}

function count(r: Reader, condition: RawBuilder<SqlBool> | null): number {
  let q = qb.selectFrom('listings as l').select((eb) => eb.fn.countAll<number>().as('total'));
  if (condition) q = q.where(condition);
  return r.first(q)?.total ?? 0;
}

/** All listings: SQLite counts a B-tree without reading it. */
function countAll(r: Reader): number {
  return count(r, null);
}

/** Exact count of matching listings, each way answered from an index. */
function countListings(r: Reader, input: Filters, plan: SearchPlan | null): number {
  if (plan?.kind !== 'fts') return count(r, listingConditions(input, plan, false));
  const matches = r.first(compileRaw(ftsMatchCount(plan, 'listings_fts')))?.total ?? 0;
  // The index holds exactly the stored listings, so an unfiltered search counts there alone.
  if (!hasFilters(input) && plan.likeTerms.length === 0) return matches;
  // Few matches: start from them. Many: let a covering index drive and test membership.
  const filters = listingConditions(input, null, false);
  const search = listingSearchCondition(plan, 'l', matches > DENSE_ABOVE);
  return count(r, filters ? sql<SqlBool>`${filters} AND ${search}` : sql<SqlBool>`${search}`);
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
  'l.last_error',
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
  | 'last_error'
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
 * A search without a chosen order lists the newest listings first, straight from the search
 * index in row-id order: SQLite stops after one page instead of sorting every match (for a word
 * in a third of all titles, that is the difference between under a millisecond and tens).
 */
function newestMatches<Row>(
  r: Reader,
  input: ListingsQuery,
  plan: Extract<SearchPlan, { kind: 'fts' }>,
  columns: readonly string[],
): Row[] {
  const filters = listingConditions(input, null, true);
  const narrowing = likeNarrowing(plan, 'l', 'listings_fts');
  const conditions = [
    sql<SqlBool>`listings_fts MATCH ${matchExpression(plan)}`,
    ...(filters ? [filters] : []),
    ...narrowing,
  ];
  return r.all(
    compileRaw(
      sql<Row>`SELECT ${sql.join(columns.map((name) => sql.ref(name)))}
        FROM listings_fts CROSS JOIN listings AS l ON l.id = listings_fts.rowid
        WHERE ${sql.join(conditions, sql` AND `)}
        ORDER BY listings_fts.rowid DESC LIMIT ${input.limit} OFFSET ${input.offset}`,
    ),
  );
}

/**
 * The rows of one page in the grid's order (see queryListings), with the given columns: the
 * page's rows, or only their ids for a shift-click range.
 */
function pageRows<Row>(
  r: Reader,
  input: ListingsQuery,
  plan: SearchPlan | null,
  total: number,
  columns: readonly string[],
): Row[] {
  if (total <= input.offset) return [];
  if (plan?.kind === 'fts' && !input.sort) return newestMatches<Row>(r, input, plan, columns);
  const sort = input.sort ?? { field: 'updatedAt', dir: 'desc' };
  const walk = readsByWalking(total, countAll(r), input.offset, input.limit);
  const condition = listingConditions(input, plan, walk);
  const direction = sort.dir === 'asc' ? sql`ASC` : sql`DESC`;
  return r.all(
    compileRaw(
      sql<Row>`SELECT ${sql.join(columns.map((name) => sql.ref(name)))} FROM listings AS l
        ${condition ? sql`WHERE ${condition}` : sql``}
        ORDER BY ${sql.ref(SORT_COLUMNS[sort.field])} ${direction}, l.id ${direction}
        LIMIT ${input.limit} OFFSET ${input.offset}`,
    ),
  );
}

/**
 * One page of listings and the exact total. The total is counted first; it decides how the page
 * is read (see WALK_BUDGET), so both stay fast whether a filter keeps ten rows or ninety thousand.
 */
export function queryListings(r: Reader, input: ListingsQuery): Page<ListingRow> {
  const plan = planSearch(input.search);
  const total = countListings(r, input, plan);
  const rows = pageRows<RowColumns>(r, input, plan, total, ROW_COLUMNS);
  const accounts = accountFacts(r);
  return {
    rows: rows.map((row) => toRow(row, accounts)),
    total,
    offset: input.offset,
    limit: input.limit,
  };
}

/** listings.grid: queryListings' page with the marketplace's refusal message on each row. */
export function queryGridListings(r: Reader, input: ListingsQuery): Page<WorkbenchListingRow> {
  const plan = planSearch(input.search);
  const total = countListings(r, input, plan);
  const rows = pageRows<RowColumns>(r, input, plan, total, ROW_COLUMNS);
  const accounts = accountFacts(r);
  return {
    rows: rows.map((row) => ({ ...toRow(row, accounts), lastError: row.last_error })),
    total,
    offset: input.offset,
    limit: input.limit,
  };
}

/** The ids of rows offset…offset+limit in the grid's order, and the total. */
export function listingIdsInOrder(
  r: Reader,
  input: ListingsQuery,
): { ids: ListingId[]; total: number } {
  const plan = planSearch(input.search);
  const total = countListings(r, input, plan);
  const rows = pageRows<{ id: number }>(r, input, plan, total, ['l.id']);
  return { ids: rows.map((row) => row.id as ListingId), total };
}

/** Every listing matching the filters, in id order (a bulk edit's "all matching"). */
export function matchingListingIds(r: Reader, input: ListingFilters): number[] {
  const plan = planSearch(input.search);
  const condition = listingConditions(input, plan, false);
  return r
    .all(
      compileRaw(
        sql<{ id: number }>`SELECT l.id FROM listings AS l
          ${condition ? sql`WHERE ${condition}` : sql``} ORDER BY l.id`,
      ),
    )
    .map((row) => row.id);
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
