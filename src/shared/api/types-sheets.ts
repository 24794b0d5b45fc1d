/**
 * Spreadsheet round-trip (issue 10): the sheet kinds, their columns with the header each UI
 * language writes (the one table both the engine's writers/readers and the renderer's column
 * chooser use), and what export, import preview and apply answer.
 */
import type { UiLocale } from '../domain.js';
import type { AccountId, ChangeBatchId } from '../ids.js';

export const SHEET_KINDS = ['listings', 'inventory', 'orders'] as const;
export type SheetKind = (typeof SHEET_KINDS)[number];

export const SHEET_FORMATS = ['xlsx', 'csv'] as const;
export type SheetFormat = (typeof SHEET_FORMATS)[number];

export const LISTING_COLUMNS = [
  'listingId',
  'accountId',
  'account',
  'marketplace',
  'site',
  'sku',
  'title',
  'description',
  'bulletPoints',
  'keywords',
  'price',
  'currency',
  'quantity',
  'status',
  'locale',
  'syncState',
] as const;
export const INVENTORY_COLUMNS = [
  'productId',
  'sku',
  'parentSku',
  'title',
  'warehouse',
  'onHand',
  'reserved',
  'hsCode',
  'declaredValue',
  'declaredCurrency',
  'countryOfOrigin',
  'weightGrams',
  'lengthMm',
  'widthMm',
  'heightMm',
  'accountId',
  'account',
  'buffer',
  'maxQuantity',
  'allocationPercent',
] as const;
export const ORDER_COLUMNS = [
  'orderId',
  'orderNumber',
  'marketplace',
  'account',
  'status',
  'placedAt',
  'shipBy',
  'total',
  'currency',
  'buyerCountry',
  'carrier',
  'tracking',
] as const;

export type ListingColumn = (typeof LISTING_COLUMNS)[number];
export type InventoryColumn = (typeof INVENTORY_COLUMNS)[number];
export type OrderColumn = (typeof ORDER_COLUMNS)[number];
export type SheetColumnId = ListingColumn | InventoryColumn | OrderColumn;

export const SHEET_COLUMNS: Record<SheetKind, readonly SheetColumnId[]> = {
  listings: LISTING_COLUMNS,
  inventory: INVENTORY_COLUMNS,
  orders: ORDER_COLUMNS,
};

/** Hidden key columns: always exported (an import matches rows by them), never offered. */
export const SHEET_KEY_COLUMNS: Record<SheetKind, readonly SheetColumnId[]> = {
  listings: ['listingId', 'accountId'],
  inventory: ['productId', 'accountId'],
  orders: ['orderId'],
};

/**
 * The header of each column in each UI language. An import accepts either language's header (and
 * the column id itself), whatever the language of the window that exports or imports.
 */
export const SHEET_HEADERS: Record<SheetColumnId, Record<UiLocale, string>> = {
  listingId: { en: 'Listing ID', 'zh-CN': '刊登ID' },
  accountId: { en: 'Account ID', 'zh-CN': '店铺ID' },
  account: { en: 'Account', 'zh-CN': '店铺' },
  marketplace: { en: 'Marketplace', 'zh-CN': '平台' },
  site: { en: 'Site', 'zh-CN': '站点' },
  sku: { en: 'SKU', 'zh-CN': 'SKU编码' },
  title: { en: 'Title', 'zh-CN': '标题' },
  description: { en: 'Description', 'zh-CN': '描述' },
  bulletPoints: { en: 'Bullet points', 'zh-CN': '卖点' },
  keywords: { en: 'Keywords', 'zh-CN': '关键词' },
  price: { en: 'Price', 'zh-CN': '价格' },
  currency: { en: 'Currency', 'zh-CN': '币种' },
  quantity: { en: 'Quantity', 'zh-CN': '数量' },
  status: { en: 'Status', 'zh-CN': '状态' },
  locale: { en: 'Language', 'zh-CN': '语言' },
  syncState: { en: 'Sync state', 'zh-CN': '同步状态' },
  productId: { en: 'Product ID', 'zh-CN': '商品ID' },
  parentSku: { en: 'Parent SKU', 'zh-CN': '父SKU' },
  warehouse: { en: 'Warehouse', 'zh-CN': '仓库' },
  onHand: { en: 'On hand', 'zh-CN': '在库数量' },
  reserved: { en: 'Reserved', 'zh-CN': '已预留' },
  hsCode: { en: 'HS code', 'zh-CN': '海关编码' },
  declaredValue: { en: 'Declared value', 'zh-CN': '申报价值' },
  declaredCurrency: { en: 'Declared currency', 'zh-CN': '申报币种' },
  countryOfOrigin: { en: 'Country of origin', 'zh-CN': '原产国' },
  weightGrams: { en: 'Weight (g)', 'zh-CN': '重量(克)' },
  lengthMm: { en: 'Length (mm)', 'zh-CN': '长(毫米)' },
  widthMm: { en: 'Width (mm)', 'zh-CN': '宽(毫米)' },
  heightMm: { en: 'Height (mm)', 'zh-CN': '高(毫米)' },
  buffer: { en: 'Buffer', 'zh-CN': '缓冲库存' },
  maxQuantity: { en: 'Max quantity', 'zh-CN': '最多显示数量' },
  allocationPercent: { en: 'Allocation %', 'zh-CN': '分配比例%' },
  orderId: { en: 'Order ID', 'zh-CN': '订单ID' },
  orderNumber: { en: 'Order number', 'zh-CN': '订单号' },
  placedAt: { en: 'Placed at (UTC)', 'zh-CN': '下单时间(UTC)' },
  shipBy: { en: 'Ship by (UTC)', 'zh-CN': '发货截止(UTC)' },
  total: { en: 'Total', 'zh-CN': '总额' },
  buyerCountry: { en: 'Buyer country', 'zh-CN': '买家国家' },
  carrier: { en: 'Carrier', 'zh-CN': '承运商' },
  tracking: { en: 'Tracking number', 'zh-CN': '运单号' },
};

export interface SheetExportResult {
  kind: SheetKind;
  format: SheetFormat;
  /** Where the file was written. */
  path: string;
  fileName: string;
  rows: number;
  bytes: number;
  /** The file itself, base64, when asked for (browser mode downloads it). */
  base64?: string;
}

/** One cell the import refused: where, what is wrong, what was expected. */
export interface SheetCellError {
  /** The spreadsheet's row number (the header is row 1). */
  row: number;
  /** The column's header as written in the file; '' when the problem is the whole row. */
  column: string;
  message: string;
  expected: string;
}

export interface SheetFieldChange {
  /** The column id (e.g. `price`). */
  field: SheetColumnId;
  /** As the sheet shows it (price "19.99", bullet points one per line). */
  before: string;
  after: string;
}

export interface SheetRowChange {
  row: number;
  /** What the row is: a listing's marketplace and SKU, a product's SKU and warehouse, an order number. */
  label: string;
  changes: SheetFieldChange[];
}

export interface SheetPreview {
  previewId: string;
  kind: SheetKind;
  fileName: string;
  /** SHA-256 of the file's bytes, hex. */
  fileHash: string;
  /** Data rows read (blank rows are not counted). */
  rows: number;
  changedCount: number;
  unchangedCount: number;
  errorCount: number;
  /** The first changed rows (all of them up to the cap; `changedCount` is exact). */
  changed: SheetRowChange[];
  /** The first errors, in row order (`errorCount` is exact). */
  errors: SheetCellError[];
  /** Headers matched to columns the import changes. */
  editableColumns: SheetColumnId[];
  /** Headers of the file that no column has (ignored), and read-only columns (not written). */
  ignoredHeaders: string[];
}

export interface SheetApplyOutcome {
  kind: SheetKind;
  /** The change batch of a listings or inventory import (revert it as a whole); null for orders. */
  batchId: ChangeBatchId | null;
  changed: number;
  /** Outbox jobs queued (held for listings, to be pushed by the seller). */
  jobs: number;
  /** Orders: the shops whose shipment confirmations were queued (a push run sends them). */
  accountIds?: AccountId[];
}
