/**
 * The inventory sheet: one row per SKU and warehouse (a SKU with no stock row yet has one row
 * with an empty warehouse), with the SKU's customs data beside it, then one row per channel rule
 * (an account's rule for a SKU, or with no SKU its default rule). The product id and account id
 * are hidden keys; "On hand", the customs columns and a rule's buffer, cap and allocation are
 * what an import changes (through the stock engine's setOnHand and setChannelRule, and
 * setProductCustoms; see inventory-import.ts).
 */
import type { z } from 'zod';
import type { InventorySheetFilter } from '../../shared/api/contract-sheets.js';
import { qb } from '../store/compiler.js';
import type { Reader } from '../store/connection.js';
import { planSearch, productSearchCondition } from '../store/search.js';
import { integer, money, text, type ColumnSpec } from './columns.js';
import { channelRuleRows } from './inventory-rules.js';

export interface InventorySheetRow {
  productId: number;
  sku: string;
  parentSku: string | null;
  title: string;
  /** '' when the SKU has no stock row yet. */
  warehouse: string;
  onHand: number | null;
  reserved: number | null;
  hsCode: string | null;
  declaredValueMinor: number | null;
  declaredCurrency: string | null;
  countryOfOrigin: string | null;
  weightGrams: number | null;
  lengthMm: number | null;
  widthMm: number | null;
  heightMm: number | null;
  /** Rule rows only: the account whose channel rule the row is. */
  accountId?: number | null;
  account?: string;
  buffer?: number | null;
  maxQuantity?: number | null;
  allocationPercent?: number | null;
}

export const INVENTORY_SHEET_COLUMNS: readonly ColumnSpec<InventorySheetRow>[] = [
  {
    id: 'productId',
    hidden: true,
    editable: false,
    width: 10,
    value: (r) => integer(r.productId === 0 ? null : r.productId),
  },
  { id: 'sku', editable: false, width: 18, value: (r) => text(r.sku) },
  { id: 'parentSku', editable: false, width: 18, value: (r) => text(r.parentSku) },
  { id: 'title', editable: false, width: 40, value: (r) => text(r.title) },
  { id: 'warehouse', editable: false, width: 14, value: (r) => text(r.warehouse) },
  { id: 'onHand', editable: true, width: 10, value: (r) => integer(r.onHand) },
  { id: 'reserved', editable: false, width: 10, value: (r) => integer(r.reserved) },
  { id: 'hsCode', editable: true, width: 12, value: (r) => text(r.hsCode) },
  {
    id: 'declaredValue',
    editable: false,
    width: 12,
    value: (r) => money(r.declaredValueMinor, r.declaredCurrency ?? ''),
  },
  { id: 'declaredCurrency', editable: true, width: 9, value: (r) => text(r.declaredCurrency) },
  { id: 'countryOfOrigin', editable: true, width: 9, value: (r) => text(r.countryOfOrigin) },
  { id: 'weightGrams', editable: true, width: 10, value: (r) => integer(r.weightGrams) },
  { id: 'lengthMm', editable: true, width: 10, value: (r) => integer(r.lengthMm) },
  { id: 'widthMm', editable: true, width: 10, value: (r) => integer(r.widthMm) },
  { id: 'heightMm', editable: true, width: 10, value: (r) => integer(r.heightMm) },
  { id: 'accountId', hidden: true, editable: false, width: 10, value: (r) => integer(r.accountId) },
  { id: 'account', editable: false, width: 18, value: (r) => text(r.account) },
  { id: 'buffer', editable: true, width: 9, value: (r) => integer(r.buffer) },
  { id: 'maxQuantity', editable: true, width: 10, value: (r) => integer(r.maxQuantity) },
  {
    id: 'allocationPercent',
    editable: true,
    width: 10,
    value: (r) => integer(r.allocationPercent),
  },
];

export const INVENTORY_COLUMN_BY_ID = new Map(
  INVENTORY_SHEET_COLUMNS.map((column) => [column.id, column]),
);

function inventoryRows() {
  return qb
    .selectFrom('products as p')
    .leftJoin('stock as s', 's.product_id', 'p.id')
    .leftJoin('products as pp', 'pp.id', 'p.parent_id')
    .select([
      'p.id as productId',
      'p.sku as sku',
      'pp.sku as parentSku',
      'p.title as title',
      's.warehouse as warehouse',
      's.on_hand as onHand',
      's.reserved as reserved',
      'p.hs_code as hsCode',
      'p.declared_value_minor as declaredValueMinor',
      'p.declared_value_currency as declaredCurrency',
      'p.country_of_origin as countryOfOrigin',
      'p.weight_grams as weightGrams',
      'p.length_mm as lengthMm',
      'p.width_mm as widthMm',
      'p.height_mm as heightMm',
    ]);
}

type StoredRow = Omit<InventorySheetRow, 'warehouse'> & { warehouse: string | null };
const toSheetRow = (row: StoredRow): InventorySheetRow => ({
  ...row,
  warehouse: row.warehouse ?? '',
});

/** Every SKU (matching the search) with its warehouses, by SKU then warehouse. */
export function inventoryForExport(
  r: Reader,
  filter: z.output<typeof InventorySheetFilter>,
): InventorySheetRow[] {
  let query = inventoryRows();
  const plan = planSearch(filter.search);
  if (plan) query = query.where(productSearchCondition(plan, 'p'));
  const stock = r.all(query.orderBy('p.sku').orderBy('s.warehouse')).map(toSheetRow);
  const products = plan ? new Set(stock.map((row) => row.productId)) : null;
  return [...stock, ...channelRuleRows(r, products)];
}

/** The stock rows (and stockless SKUs) of these products, keyed `productId/warehouse`. */
export function inventoryByProducts(
  r: Reader,
  productIds: readonly number[],
): Map<string, InventorySheetRow> {
  const found = new Map<string, InventorySheetRow>();
  for (let start = 0; start < productIds.length; start += 500) {
    const rows = r.all(inventoryRows().where('p.id', 'in', productIds.slice(start, start + 500)));
    for (const row of rows.map(toSheetRow))
      found.set(inventoryKey(row.productId, row.warehouse), row);
  }
  return found;
}

export const inventoryKey = (productId: number, warehouse: string) => `${productId}/${warehouse}`;

/** Product ids by SKU, for the SKUs given (rows typed without a product id). */
export function productIdsBySku(r: Reader, skus: readonly string[]): Map<string, number> {
  const found = new Map<string, number>();
  for (let start = 0; start < skus.length; start += 500) {
    const rows = r.all(
      qb
        .selectFrom('products')
        .select(['id', 'sku'])
        .where('sku', 'in', skus.slice(start, start + 500)),
    );
    for (const row of rows) found.set(row.sku, row.id);
  }
  return found;
}
