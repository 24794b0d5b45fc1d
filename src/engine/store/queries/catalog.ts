/**
 * catalog.listSkus and catalog.getSku. A master's totals include its variants' (a parent usually
 * holds no stock of its own: its variants do), a variant's are its own. `available` is on hand
 * minus reserved over every warehouse and is negative when oversold. Sorting by sku or title walks
 * an index; sorting or filtering by a total computes the totals of every matching SKU first.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { ParsedInputOf } from '../../../shared/api/contract.js';
import type { SkuChannel } from '../../../shared/api/types-operations.js';
import type { ChannelRule, Page, SkuDetail, SkuRow, SkuStock } from '../../../shared/api/types.js';
import type { AccountId, ProductId } from '../../../shared/ids.js';
import { qb } from '../compiler.js';
import type { Reader } from '../connection.js';
import type { Database, ProductsTable } from '../schema.js';
import { planSearch, productSearchCondition } from '../search.js';
import { targetQuantity } from '../../stock/index.js';
import { heldStockOfProduct } from '../../stock/marketplace-stock.js';
import { parseJson } from '../values.js';

export type ListSkusQuery = ParsedInputOf<'catalog.listSkus'>;

type ProductScope = ExpressionBuilder<Database & { p: ProductsTable }, 'p'>;

/** Sum of a stock column over the product's own rows and its variants' rows. */
function familyStock(eb: ProductScope, column: 'on_hand' | 'reserved') {
  const own = eb
    .selectFrom('stock as s')
    .select((inner) =>
      inner.fn.coalesce(inner.fn.sum<number>(`s.${column}`), sql.lit(0)).as('total'),
    )
    .whereRef('s.product_id', '=', 'p.id');
  const variants = eb
    .selectFrom('products as c')
    .innerJoin('stock as s', 's.product_id', 'c.id')
    .select((inner) =>
      inner.fn.coalesce(inner.fn.sum<number>(`s.${column}`), sql.lit(0)).as('total'),
    )
    .whereRef('c.parent_id', '=', 'p.id');
  return sql<number>`(${own}) + (${variants})`;
}

function familyListings(eb: ProductScope) {
  const own = eb
    .selectFrom('listings as l')
    .select((inner) => inner.fn.countAll<number>().as('count'))
    .whereRef('l.product_id', '=', 'p.id');
  const variants = eb
    .selectFrom('products as c')
    .innerJoin('listings as l', 'l.product_id', 'c.id')
    .select((inner) => inner.fn.countAll<number>().as('count'))
    .whereRef('c.parent_id', '=', 'p.id');
  return sql<number>`(${own}) + (${variants})`;
}

function skuRows() {
  return qb.selectFrom('products as p').select((eb) => [
    'p.id',
    'p.sku',
    'p.parent_id',
    'p.title',
    'p.variant_attributes',
    'p.cost_minor',
    'p.cost_currency',
    eb
      .selectFrom('products as pp')
      .select('pp.sku')
      .whereRef('pp.id', '=', 'p.parent_id')
      .as('parent_sku'),
    eb
      .selectFrom('products as c')
      .select((inner) => inner.fn.countAll<number>().as('count'))
      .whereRef('c.parent_id', '=', 'p.id')
      .as('variant_count'),
    familyStock(eb, 'on_hand').as('on_hand'),
    familyStock(eb, 'reserved').as('reserved'),
    familyListings(eb).as('listing_count'),
  ]);
}

type SkuRowColumns = {
  id: number;
  sku: string;
  parent_id: number | null;
  title: string;
  variant_attributes: string;
  cost_minor: number | null;
  cost_currency: string | null;
  parent_sku: string | null;
  variant_count: number | null;
  on_hand: number;
  reserved: number;
  listing_count: number;
};

function toSkuRow(row: SkuRowColumns): SkuRow {
  return {
    id: row.id as ProductId,
    sku: row.sku,
    parentId: row.parent_id as ProductId | null,
    parentSku: row.parent_sku,
    title: row.title,
    variantAttributes: parseJson<Record<string, string>>(row.variant_attributes, {}),
    variantCount: row.variant_count ?? 0,
    onHand: row.on_hand,
    reserved: row.reserved,
    available: row.on_hand - row.reserved,
    listingCount: row.listing_count,
    cost:
      row.cost_minor !== null && row.cost_currency !== null
        ? { amountMinor: row.cost_minor, currency: row.cost_currency }
        : null,
  };
}

const SORT_EXPRESSIONS = {
  sku: sql`x.sku`,
  title: sql`x.title`,
  onHand: sql`x.on_hand`,
  available: sql`x.on_hand - x.reserved`,
  listingCount: sql`x.listing_count`,
} as const;

export function listSkus(r: Reader, input: ListSkusQuery): Page<SkuRow> {
  let inner = skuRows();
  const plan = planSearch(input.search);
  if (plan) inner = inner.where(productSearchCondition(plan, 'p'));
  if (input.mastersOnly) inner = inner.where('p.parent_id', 'is', null);
  // `available` is computed from the two totals in the outer query so each total is computed once.
  let outer = qb
    .selectFrom(inner.as('x'))
    .select([
      'x.id',
      'x.sku',
      'x.parent_id',
      'x.title',
      'x.variant_attributes',
      'x.cost_minor',
      'x.cost_currency',
      'x.parent_sku',
      'x.variant_count',
      'x.on_hand',
      'x.reserved',
      'x.listing_count',
      sql<number>`x.on_hand - x.reserved`.as('available'),
    ]);
  if (input.lowStockBelow !== undefined) {
    outer = outer.where(sql<boolean>`x.on_hand - x.reserved < ${input.lowStockBelow}`);
  }
  const sort = input.sort ?? { field: 'sku', dir: 'asc' };
  const rows = r.all(
    outer
      .orderBy(SORT_EXPRESSIONS[sort.field], sort.dir)
      .orderBy('x.id', sort.dir)
      .limit(input.limit)
      .offset(input.offset),
  );
  const counted = r.first(
    input.lowStockBelow === undefined
      ? inner.clearSelect().select((eb) => eb.fn.countAll<number>().as('total'))
      : qb.selectFrom(outer.as('y')).select((eb) => eb.fn.countAll<number>().as('total')),
  );
  return {
    rows: rows.map(toSkuRow),
    total: counted?.total ?? 0,
    offset: input.offset,
    limit: input.limit,
  };
}

export function getSku(r: Reader, id: number): SkuDetail | undefined {
  const product = r.first(qb.selectFrom('products').selectAll().where('id', '=', id));
  if (!product) return undefined;
  const row = r.first(skuRows().where('p.id', '=', id))!;
  const variants = r.all(skuRows().where('p.parent_id', '=', id).orderBy('p.sku'));
  const stock: SkuStock[] = r
    .all(
      qb
        .selectFrom('stock')
        .select(['warehouse', 'on_hand', 'reserved'])
        .where('product_id', '=', id)
        .orderBy('warehouse'),
    )
    .map((s) => ({ warehouse: s.warehouse, onHand: s.on_hand, reserved: s.reserved }));
  return {
    ...toSkuRow(row),
    attributes: parseJson<Record<string, string>>(product.attributes, {}),
    images: parseJson<string[]>(product.images, []),
    weightGrams: product.weight_grams,
    dimensionsMm:
      product.length_mm !== null && product.width_mm !== null && product.height_mm !== null
        ? { length: product.length_mm, width: product.width_mm, height: product.height_mm }
        : null,
    hsCode: product.hs_code,
    declaredValue:
      product.declared_value_minor !== null && product.declared_value_currency !== null
        ? { amountMinor: product.declared_value_minor, currency: product.declared_value_currency }
        : null,
    countryOfOrigin: product.country_of_origin,
    stock,
    heldStock: heldStockOfProduct(r, id as ProductId),
    channelRules: effectiveRules(r, id),
    variants: variants.map(toSkuRow),
  };
}

/**
 * The rule each account applies to this SKU: its rule for the SKU (or for the SKU's master)
 * when there is one, else the account's default.
 */
function effectiveRules(r: Reader, id: number): ChannelRule[] {
  const rows = r.all(
    qb
      .selectFrom('channel_rules as cr')
      .select([
        'cr.account_id',
        'cr.product_id',
        'cr.buffer',
        'cr.max_quantity',
        'cr.allocation_percent',
      ])
      .where((eb) =>
        eb.or([
          eb('cr.product_id', '=', id),
          eb(
            'cr.product_id',
            '=',
            eb.selectFrom('products').select('parent_id').where('id', '=', id),
          ),
          eb('cr.product_id', 'is', null),
        ]),
      )
      .orderBy('cr.account_id'),
  );
  const rank = (productId: number | null) => (productId === id ? 2 : productId === null ? 0 : 1);
  const best = new Map<number, (typeof rows)[number]>();
  for (const row of rows) {
    const current = best.get(row.account_id);
    if (!current || rank(row.product_id) > rank(current.product_id)) best.set(row.account_id, row);
  }
  return [...best.values()].map((row) => ({
    accountId: row.account_id as AccountId,
    buffer: row.buffer,
    maxQuantity: row.max_quantity,
    allocationPercent: row.allocation_percent,
  }));
}

/**
 * Every listing of a SKU — and of its variants, for a master — as its channel sees it: what it
 * shows, what it may show now under its rule (the stock engine's targetQuantity), which rule that
 * is, and whether it shows more than may be sold. Listings of deleted items are left out.
 */
export function skuChannels(r: Reader, productId: number): SkuChannel[] {
  const family = r
    .all(
      qb
        .selectFrom('products')
        .select(['id', 'parent_id'])
        .where((eb) => eb.or([eb('id', '=', productId), eb('parent_id', '=', productId)])),
    )
    .map((row) => ({ id: row.id, parentId: row.parent_id }));
  if (family.length === 0) return [];
  const parentOf = new Map(family.map((row) => [row.id, row.parentId]));
  const listings = r.all(
    qb
      .selectFrom('listings as l')
      .innerJoin('accounts as a', 'a.id', 'l.account_id')
      .select([
        'l.id',
        'l.account_id',
        'l.product_id',
        'l.sku',
        'l.remote_id',
        'l.quantity',
        'l.marketplace',
        'a.display_name',
        'a.sandbox',
      ])
      .where(
        'l.product_id',
        'in',
        family.map((row) => row.id),
      )
      .where('l.status', '<>', 'deleted')
      .orderBy('a.display_name')
      .orderBy('l.sku')
      .orderBy('l.id'),
  );
  const queued = new Set(
    listings.length === 0
      ? []
      : r
          .all(
            qb
              .selectFrom('outbox')
              .select('listing_id')
              .distinct()
              .where(
                'listing_id',
                'in',
                listings.map((listing) => listing.id),
              )
              .where('kind', '=', 'listing.quantity')
              .where('state', 'in', ['held', 'pending', 'in_flight']),
          )
          .map((row) => row.listing_id),
  );
  const rules = new Map<string, ChannelRuleRow>();
  return listings.map((listing) => {
    const product = listing.product_id!;
    const parent = parentOf.get(product) ?? null;
    const key = `${listing.account_id}:${product}`;
    let rule = rules.get(key);
    if (!rule) {
      rule = scopedRule(r, listing.account_id, product, parent);
      rules.set(key, rule);
    }
    const allowed = targetQuantity(r, listing.id);
    return {
      listingId: listing.id,
      accountId: listing.account_id as AccountId,
      accountName: listing.display_name,
      marketplace: listing.marketplace,
      sandbox: listing.sandbox === 1,
      productId: product as ProductId,
      sku: listing.sku,
      remoteId: listing.remote_id,
      shown: listing.quantity,
      allowed,
      rule,
      pushQueued: queued.has(listing.id),
      danger: allowed !== null && listing.quantity > allowed,
    };
  });
}

type ChannelRuleRow = SkuChannel['rule'];

/** The rule an account applies to a product, and where it comes from (see availability.ts). */
function scopedRule(
  r: Reader,
  accountId: number,
  productId: number,
  parentId: number | null,
): ChannelRuleRow {
  const rows = r.all(
    qb
      .selectFrom('channel_rules')
      .select(['product_id', 'buffer', 'max_quantity', 'allocation_percent'])
      .where('account_id', '=', accountId)
      .where((eb) =>
        eb.or([
          eb('product_id', '=', productId),
          eb('product_id', 'is', null),
          ...(parentId === null ? [] : [eb('product_id', '=', parentId)]),
        ]),
      ),
  );
  const pick = (scope: 'product' | 'master' | 'default', id: number | null) => {
    const row = rows.find((candidate) => candidate.product_id === id);
    return row
      ? {
          scope,
          buffer: row.buffer,
          maxQuantity: row.max_quantity,
          allocationPercent: row.allocation_percent,
        }
      : undefined;
  };
  return (
    pick('product', productId) ??
    (parentId === null ? undefined : pick('master', parentId)) ??
    pick('default', null) ?? { scope: 'none', buffer: 0, maxQuantity: null, allocationPercent: 100 }
  );
}
