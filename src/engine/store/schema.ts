/**
 * Kysely's view of the tables created by the migrations: the query builder checks every column
 * name and value type against these. `Generated` marks a column with an SQL default (optional
 * on insert). Booleans are 0/1 INTEGERs and JSON columns are TEXT, exactly
 * as SQLite stores them; conversion to domain values happens in the query modules. The FTS5
 * indexes are not listed: they are queried with raw SQL (search.ts).
 */
import type { Generated } from 'kysely';
import type {
  AuthState,
  ListingStatus,
  Marketplace,
  OrderStatus,
  OutboxState,
  SyncRunState,
  SyncState,
  TextReviewState,
} from '../../shared/domain.js';

/** JSON text, as produced by JSON.stringify. */
export type JsonText = string;
/** ISO-8601 UTC text. */
export type IsoTime = string;
/** SQLite has no boolean: 0 or 1. */
export type Flag = 0 | 1;

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: IsoTime;
}

export interface AccountsTable {
  id: Generated<number>;
  marketplace: Marketplace;
  site: string;
  shop_id: string;
  display_name: string;
  currency: string;
  locale: string;
  auth_state: AuthState;
  auth_expires_at: IsoTime | null;
  reauthorize_by: IsoTime | null;
  sandbox: Generated<Flag>;
  created_at: IsoTime;
  updated_at: IsoTime;
  last_sync_at: IsoTime | null;
}

export interface ProductsTable {
  id: Generated<number>;
  sku: string;
  parent_id: number | null;
  title: string;
  source_locale: string;
  description: Generated<string>;
  attributes: Generated<JsonText>;
  variant_attributes: Generated<JsonText>;
  images: Generated<JsonText>;
  weight_grams: number | null;
  length_mm: number | null;
  width_mm: number | null;
  height_mm: number | null;
  cost_minor: number | null;
  cost_currency: string | null;
  hs_code: string | null;
  declared_value_minor: number | null;
  declared_value_currency: string | null;
  country_of_origin: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export interface StockTable {
  product_id: number;
  warehouse: string;
  on_hand: Generated<number>;
  reserved: Generated<number>;
  updated_at: IsoTime;
}

export interface ChannelRulesTable {
  id: Generated<number>;
  account_id: number;
  product_id: number | null;
  buffer: Generated<number>;
  max_quantity: number | null;
  allocation_percent: Generated<number>;
  updated_at: IsoTime;
}

export interface ListingsTable {
  id: Generated<number>;
  account_id: number;
  marketplace: Marketplace;
  remote_id: string;
  remote_variant_id: Generated<string>;
  product_id: number | null;
  sku: string;
  title: string;
  description: Generated<string>;
  bullet_points: Generated<JsonText>;
  keywords: Generated<JsonText>;
  attributes: Generated<JsonText>;
  price_minor: number;
  currency: string;
  quantity: number;
  status: ListingStatus;
  locale: string;
  raw: JsonText | null;
  remote_updated_at: IsoTime | null;
  remote_version: Generated<number>;
  /** The remote values of the editable fields as last synced: the base of a three-way merge. */
  base: JsonText | null;
  local_version: Generated<number>;
  dirty: Generated<Flag>;
  sync_state: Generated<SyncState>;
  last_error: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export interface ListingTextsTable {
  id: Generated<number>;
  listing_id: number;
  locale: string;
  title: Generated<string>;
  description: Generated<string>;
  bullet_points: Generated<JsonText>;
  keywords: Generated<JsonText>;
  source_hash: string | null;
  origin: 'machine' | 'human' | null;
  review_state: TextReviewState;
  updated_at: IsoTime;
}

export interface OrdersTable {
  id: Generated<number>;
  account_id: number;
  marketplace: Marketplace;
  remote_id: string;
  raw_status: string;
  status: OrderStatus;
  placed_at: IsoTime;
  updated_at: IsoTime;
  ship_by: IsoTime | null;
  buyer_country: string | null;
  total_minor: number;
  currency: string;
  raw: JsonText | null;
  ingested_at: IsoTime;
}

export interface OrderLinesTable {
  id: Generated<number>;
  order_id: number;
  line_id: string;
  sku: string;
  product_id: number | null;
  remote_listing_id: string | null;
  remote_variant_id: string | null;
  title: string;
  quantity: number;
  unit_price_minor: number;
  currency: string;
}

export type ShipmentState = 'pending' | 'confirmed' | 'failed';

export interface ShipmentsTable {
  id: Generated<number>;
  order_id: number;
  carrier: string;
  tracking_number: string;
  shipped_at: IsoTime;
  state: Generated<ShipmentState>;
  last_error: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export interface ChangeBatchesTable {
  id: Generated<number>;
  label: string;
  /** What made the change: 'edit', 'bulk', 'import', 'revert', … */
  source: string;
  created_at: IsoTime;
  reverted_at: IsoTime | null;
  /** 1 while some of the batch's listing rows are still to be written (deferred-rows.ts). */
  rows_due: Generated<0 | 1>;
}

export interface AuditLogTable {
  id: Generated<number>;
  batch_id: number;
  entity: string;
  entity_id: number;
  field: string;
  before: JsonText | null;
  after: JsonText | null;
  at: IsoTime;
}

export interface OutboxTable {
  id: Generated<number>;
  account_id: number;
  listing_id: number | null;
  batch_id: number | null;
  kind: string;
  payload: JsonText;
  idempotency_key: string;
  base_version: number | null;
  attempts: Generated<number>;
  state: Generated<OutboxState>;
  last_error: string | null;
  not_before: IsoTime | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  /** 0003: where the job came from. */
  source: Generated<OutboxSource>;
  /** 0003: when the job was last handed to the marketplace. */
  sent_at: IsoTime | null;
  /** 0003: the marketplace's answer for this job (JSON). */
  result: JsonText | null;
}

export type OutboxSource = 'edit' | 'stock' | 'revert' | 'resolve';

/** 0003: what an order line has done to stock (see migrations/0003_sync.ts). */
export interface OrderStockEffectsTable {
  order_id: number;
  line_id: string;
  product_id: number;
  warehouse: string;
  reserved: Generated<number>;
  consumed: Generated<number>;
  updated_at: IsoTime;
}

export type ConflictKind = 'conflict' | 'drift';
export type ConflictResolution = 'mine' | 'theirs' | 'edited' | 'superseded';

/** 0003: an unsettled three-way comparison result per listing field. */
export interface ListingConflictsTable {
  id: Generated<number>;
  listing_id: number;
  kind: ConflictKind;
  field: string;
  base: JsonText | null;
  mine: JsonText | null;
  theirs: JsonText;
  run_id: number | null;
  detected_at: IsoTime;
  resolved_at: IsoTime | null;
  resolution: ConflictResolution | null;
}

export interface SyncCursorsTable {
  account_id: number;
  stream: string;
  cursor: string;
  updated_at: IsoTime;
}

export type SyncTrigger = 'manual' | 'schedule' | 'cli';

export interface SyncRunsTable {
  id: Generated<number>;
  trigger: SyncTrigger;
  state: SyncRunState;
  started_at: IsoTime;
  finished_at: IsoTime | null;
  progress: JsonText | null;
  report: JsonText | null;
}

export interface SyncLeaseTable {
  id: 1;
  holder: string;
  acquired_at: IsoTime;
  expires_at: IsoTime;
}

export interface FxRatesTable {
  base: string;
  quote: string;
  /** YYYY-MM-DD */
  date: string;
  /** A decimal string such as "7.1345": never a float. */
  rate: string;
  source: string;
  fetched_at: IsoTime;
}

export interface TranslationMemoryTable {
  id: Generated<number>;
  source_hash: string;
  source_locale: string;
  target_locale: string;
  source_text: string;
  target_text: string;
  origin: 'machine' | 'human';
  reviewed: Generated<Flag>;
  provider: string | null;
  created_at: IsoTime;
}

export interface GlossaryTermsTable {
  id: Generated<number>;
  term: string;
  locale: string | null;
  translation: string | null;
  do_not_translate: Generated<Flag>;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export interface SettingsTable {
  key: string;
  value: JsonText;
  updated_at: IsoTime;
}

export interface ConnectorStateTable {
  scope: string;
  key: string;
  value: JsonText;
  updated_at: IsoTime;
}

export interface MarketplaceStockTable {
  account_id: number;
  sku: string;
  fulfillable: number;
  inbound: number;
  reserved: number;
  unfulfillable: number;
  remote_updated_at: IsoTime | null;
  fetched_at: IsoTime;
}

export interface Database {
  schema_migrations: SchemaMigrationsTable;
  accounts: AccountsTable;
  products: ProductsTable;
  stock: StockTable;
  channel_rules: ChannelRulesTable;
  listings: ListingsTable;
  listing_texts: ListingTextsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  shipments: ShipmentsTable;
  change_batches: ChangeBatchesTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  order_stock_effects: OrderStockEffectsTable;
  listing_conflicts: ListingConflictsTable;
  sync_cursors: SyncCursorsTable;
  sync_runs: SyncRunsTable;
  sync_lease: SyncLeaseTable;
  fx_rates: FxRatesTable;
  translation_memory: TranslationMemoryTable;
  glossary_terms: GlossaryTermsTable;
  settings: SettingsTable;
  connector_state: ConnectorStateTable;
  marketplace_stock: MarketplaceStockTable;
}
