/**
 * 0001 — the whole domain. FROZEN: never edit after release; change the schema with a new file.
 *
 * Conventions: every table is STRICT; money is INTEGER minor units beside an ISO code; time is
 * ISO-8601 UTC TEXT; JSON columns are TEXT checked with json_valid; enumerations are spelled out
 * here (not imported) so that this file means the same thing forever. `marketplace` is copied
 * from the account onto listings and orders (an account never changes marketplace) so that the
 * commonest filter and sort of both lists can use an index without a join.
 */
import type { Migration } from './executor.js';

const MARKETPLACE = `('amazon', 'ebay', 'aliexpress', 'wish', 'shopee')`;
const LISTING_FILTERS =
  'marketplace, account_id, status, sync_state, price_minor, quantity, locale, product_id, sku';
const filtersBut = (column: string) =>
  LISTING_FILTERS.split(', ')
    .filter((name) => name !== column)
    .join(', ');
const json = (column: string, nullable = false) =>
  nullable ? `CHECK (${column} IS NULL OR json_valid(${column}))` : `CHECK (json_valid(${column}))`;

const statements = `
CREATE TABLE accounts (
  id              INTEGER PRIMARY KEY,
  marketplace     TEXT NOT NULL CHECK (marketplace IN ${MARKETPLACE}),
  site            TEXT NOT NULL CHECK (length(site) BETWEEN 1 AND 40),
  shop_id         TEXT NOT NULL CHECK (length(shop_id) BETWEEN 1 AND 200),
  display_name    TEXT NOT NULL,
  currency        TEXT NOT NULL CHECK (length(currency) = 3),
  locale          TEXT NOT NULL CHECK (length(locale) BETWEEN 2 AND 20),
  auth_state      TEXT NOT NULL CHECK (auth_state IN ('connected', 'expiring', 'reauthorize', 'disconnected')),
  auth_expires_at TEXT,
  reauthorize_by  TEXT,
  sandbox         INTEGER NOT NULL DEFAULT 0 CHECK (sandbox IN (0, 1)),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  last_sync_at    TEXT,
  UNIQUE (marketplace, site, shop_id)
) STRICT;

CREATE TABLE products (
  id                       INTEGER PRIMARY KEY,
  sku                      TEXT NOT NULL UNIQUE CHECK (length(sku) BETWEEN 1 AND 200),
  parent_id                INTEGER REFERENCES products (id) ON DELETE RESTRICT,
  title                    TEXT NOT NULL,
  source_locale            TEXT NOT NULL CHECK (length(source_locale) BETWEEN 2 AND 20),
  description              TEXT NOT NULL DEFAULT '',
  attributes               TEXT NOT NULL DEFAULT '{}' ${json('attributes')},
  variant_attributes       TEXT NOT NULL DEFAULT '{}' ${json('variant_attributes')},
  images                   TEXT NOT NULL DEFAULT '[]' ${json('images')},
  weight_grams             INTEGER CHECK (weight_grams >= 0),
  length_mm                INTEGER CHECK (length_mm >= 0),
  width_mm                 INTEGER CHECK (width_mm >= 0),
  height_mm                INTEGER CHECK (height_mm >= 0),
  cost_minor               INTEGER CHECK (cost_minor >= 0),
  cost_currency            TEXT CHECK (length(cost_currency) = 3),
  hs_code                  TEXT,
  declared_value_minor     INTEGER CHECK (declared_value_minor >= 0),
  declared_value_currency  TEXT CHECK (length(declared_value_currency) = 3),
  country_of_origin        TEXT CHECK (length(country_of_origin) = 2),
  created_at               TEXT NOT NULL,
  updated_at               TEXT NOT NULL,
  CHECK (parent_id IS NULL OR parent_id <> id),
  CHECK ((cost_minor IS NULL) = (cost_currency IS NULL)),
  CHECK ((declared_value_minor IS NULL) = (declared_value_currency IS NULL)),
  CHECK ((length_mm IS NULL) = (width_mm IS NULL) AND (width_mm IS NULL) = (height_mm IS NULL))
) STRICT;
CREATE INDEX products_parent ON products (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX products_title ON products (title);

-- Oversold is a real state (reserved > on_hand), so only the signs are checked.
CREATE TABLE stock (
  product_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  warehouse   TEXT NOT NULL CHECK (length(warehouse) BETWEEN 1 AND 100),
  on_hand     INTEGER NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  reserved    INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (product_id, warehouse)
) STRICT, WITHOUT ROWID;

-- product_id NULL is the account's default rule; at most one rule per (account, product|default).
CREATE TABLE channel_rules (
  id                  INTEGER PRIMARY KEY,
  account_id          INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  product_id          INTEGER REFERENCES products (id) ON DELETE CASCADE,
  buffer              INTEGER NOT NULL DEFAULT 0 CHECK (buffer >= 0),
  max_quantity        INTEGER CHECK (max_quantity >= 0),
  allocation_percent  INTEGER NOT NULL DEFAULT 100 CHECK (allocation_percent BETWEEN 0 AND 100),
  updated_at          TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX channel_rules_scope ON channel_rules (account_id, ifnull(product_id, 0));
CREATE INDEX channel_rules_product ON channel_rules (product_id) WHERE product_id IS NOT NULL;

-- Small, often-read columns first and the bulky ones (texts, JSON, raw payload) last, so reading
-- a row for a list page does not pull the bulky ones' overflow pages.
CREATE TABLE listings (
  id                 INTEGER PRIMARY KEY,
  account_id         INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  marketplace        TEXT NOT NULL CHECK (marketplace IN ${MARKETPLACE}),
  remote_id          TEXT NOT NULL CHECK (length(remote_id) BETWEEN 1 AND 200),
  remote_variant_id  TEXT NOT NULL DEFAULT '' CHECK (length(remote_variant_id) <= 200),
  product_id         INTEGER REFERENCES products (id) ON DELETE SET NULL,
  sku                TEXT NOT NULL CHECK (length(sku) <= 200),
  title              TEXT NOT NULL,
  price_minor        INTEGER NOT NULL CHECK (price_minor >= 0),
  currency           TEXT NOT NULL CHECK (length(currency) = 3),
  quantity           INTEGER NOT NULL CHECK (quantity >= 0),
  status             TEXT NOT NULL CHECK (status IN ('active', 'inactive', 'draft', 'deleted', 'error')),
  locale             TEXT NOT NULL CHECK (length(locale) BETWEEN 2 AND 20),
  sync_state         TEXT NOT NULL DEFAULT 'synced'
                       CHECK (sync_state IN ('synced', 'pending', 'conflict', 'drift', 'rejected')),
  local_version      INTEGER NOT NULL DEFAULT 0 CHECK (local_version >= 0),
  dirty              INTEGER NOT NULL DEFAULT 0 CHECK (dirty IN (0, 1)),
  remote_version     INTEGER NOT NULL DEFAULT 0 CHECK (remote_version >= 0),
  remote_updated_at  TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  last_error         TEXT,
  description        TEXT NOT NULL DEFAULT '',
  bullet_points      TEXT NOT NULL DEFAULT '[]' ${json('bullet_points')},
  keywords           TEXT NOT NULL DEFAULT '[]' ${json('keywords')},
  attributes         TEXT NOT NULL DEFAULT '{}' ${json('attributes')},
  base               TEXT ${json('base', true)},
  raw                TEXT,
  -- Unique per account; the account id comes last so that this narrow index never looks like
  -- the cheapest way to filter by account (listings_account answers those without row reads).
  UNIQUE (remote_id, remote_variant_id, account_id)
) STRICT;
-- listings.query sorts by one column and filters by any of ${LISTING_FILTERS}. Each sort
-- column has an index of (sort column, id, every filter column): walking it yields rows in page
-- order with the id as tie-breaker, and every filter is checked on the index entry without
-- reading the row. The same indexes answer counts without touching the table.
CREATE INDEX listings_title ON listings (title, id, ${LISTING_FILTERS});
CREATE INDEX listings_sku ON listings (sku, id, ${filtersBut('sku')});
CREATE INDEX listings_price ON listings (price_minor, id, ${filtersBut('price_minor')});
CREATE INDEX listings_quantity ON listings (quantity, id, ${filtersBut('quantity')});
CREATE INDEX listings_status ON listings (status, id, ${filtersBut('status')});
CREATE INDEX listings_marketplace ON listings (marketplace, id, ${filtersBut('marketplace')});
CREATE INDEX listings_updated ON listings (updated_at, id, ${LISTING_FILTERS});
-- Shop filters are the commonest: counted and narrowed on this index without reading rows (it
-- also finds, for translations.query, an account's listings in another language than its own).
CREATE INDEX listings_account ON listings (account_id, id, ${filtersBut('account_id')});
CREATE INDEX listings_locale ON listings (locale, id, ${filtersBut('locale')});
-- Linked listings by master SKU (a lookup by product_id = ? can use this partial index); the
-- unlinked ones, usually few, in their own covering index so "unlinked" can drive a query.
CREATE INDEX listings_product ON listings (product_id) WHERE product_id IS NOT NULL;
CREATE INDEX listings_unlinked ON listings (id, ${filtersBut('product_id')}) WHERE product_id IS NULL;
CREATE INDEX listings_sync_state ON listings (sync_state) WHERE sync_state <> 'synced';

CREATE TABLE listing_texts (
  id             INTEGER PRIMARY KEY,
  listing_id     INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
  locale         TEXT NOT NULL CHECK (length(locale) BETWEEN 2 AND 20),
  title          TEXT NOT NULL DEFAULT '',
  description    TEXT NOT NULL DEFAULT '',
  bullet_points  TEXT NOT NULL DEFAULT '[]' ${json('bullet_points')},
  keywords       TEXT NOT NULL DEFAULT '[]' ${json('keywords')},
  source_hash    TEXT,
  origin         TEXT CHECK (origin IN ('machine', 'human')),
  review_state   TEXT NOT NULL CHECK (review_state IN ('missing', 'machine', 'reviewed', 'published', 'stale')),
  updated_at     TEXT NOT NULL,
  UNIQUE (listing_id, locale)
) STRICT;
CREATE INDEX listing_texts_locale_state ON listing_texts (locale, review_state);

CREATE TABLE orders (
  id             INTEGER PRIMARY KEY,
  account_id     INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  marketplace    TEXT NOT NULL CHECK (marketplace IN ${MARKETPLACE}),
  remote_id      TEXT NOT NULL CHECK (length(remote_id) BETWEEN 1 AND 200),
  raw_status     TEXT NOT NULL,
  status         TEXT NOT NULL
                   CHECK (status IN ('unpaid', 'to_ship', 'shipped', 'delivered', 'cancelled', 'returned', 'unknown')),
  placed_at      TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  ship_by        TEXT,
  buyer_country  TEXT CHECK (length(buyer_country) = 2),
  total_minor    INTEGER NOT NULL CHECK (total_minor >= 0),
  currency       TEXT NOT NULL CHECK (length(currency) = 3),
  ingested_at    TEXT NOT NULL,
  raw            TEXT,
  UNIQUE (account_id, remote_id)
) STRICT;
CREATE INDEX orders_placed ON orders (placed_at);
CREATE INDEX orders_updated ON orders (updated_at);
CREATE INDEX orders_ship_by ON orders (ship_by);
CREATE INDEX orders_status_ship_by ON orders (status, ship_by);
CREATE INDEX orders_marketplace_placed ON orders (marketplace, placed_at);
CREATE INDEX orders_account_placed ON orders (account_id, placed_at);
CREATE INDEX orders_total ON orders (total_minor);
CREATE INDEX orders_remote ON orders (remote_id);

CREATE TABLE order_lines (
  id                 INTEGER PRIMARY KEY,
  order_id           INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  line_id            TEXT NOT NULL CHECK (length(line_id) BETWEEN 1 AND 200),
  sku                TEXT NOT NULL,
  product_id         INTEGER REFERENCES products (id) ON DELETE SET NULL,
  remote_listing_id  TEXT,
  remote_variant_id  TEXT,
  title              TEXT NOT NULL,
  quantity           INTEGER NOT NULL CHECK (quantity >= 0),
  unit_price_minor   INTEGER NOT NULL CHECK (unit_price_minor >= 0),
  currency           TEXT NOT NULL CHECK (length(currency) = 3),
  UNIQUE (order_id, line_id)
) STRICT;
CREATE INDEX order_lines_sku ON order_lines (sku);
CREATE INDEX order_lines_product ON order_lines (product_id) WHERE product_id IS NOT NULL;

CREATE TABLE shipments (
  id               INTEGER PRIMARY KEY,
  order_id         INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  carrier          TEXT NOT NULL,
  tracking_number  TEXT NOT NULL,
  shipped_at       TEXT NOT NULL,
  state            TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'confirmed', 'failed')),
  last_error       TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX shipments_order ON shipments (order_id);

CREATE TABLE change_batches (
  id           INTEGER PRIMARY KEY,
  label        TEXT NOT NULL,
  source       TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  reverted_at  TEXT
) STRICT;
CREATE INDEX change_batches_created ON change_batches (created_at);

CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  batch_id   INTEGER NOT NULL REFERENCES change_batches (id) ON DELETE CASCADE,
  entity     TEXT NOT NULL,
  entity_id  INTEGER NOT NULL,
  field      TEXT NOT NULL,
  "before"   TEXT ${json('"before"', true)},
  "after"    TEXT ${json('"after"', true)},
  at         TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_batch ON audit_log (batch_id);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY,
  account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  listing_id       INTEGER REFERENCES listings (id) ON DELETE CASCADE,
  batch_id         INTEGER REFERENCES change_batches (id) ON DELETE SET NULL,
  kind             TEXT NOT NULL,
  payload          TEXT NOT NULL ${json('payload')},
  idempotency_key  TEXT NOT NULL UNIQUE,
  base_version     INTEGER CHECK (base_version >= 0),
  attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  state            TEXT NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'in_flight', 'done', 'failed', 'conflict', 'cancelled')),
  last_error       TEXT,
  not_before       TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX outbox_due ON outbox (account_id, state, not_before);
CREATE INDEX outbox_listing ON outbox (listing_id, state) WHERE listing_id IS NOT NULL;
CREATE INDEX outbox_batch ON outbox (batch_id) WHERE batch_id IS NOT NULL;

CREATE TABLE sync_cursors (
  account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  stream      TEXT NOT NULL,
  cursor      TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (account_id, stream)
) STRICT, WITHOUT ROWID;

CREATE TABLE sync_runs (
  id           INTEGER PRIMARY KEY,
  "trigger"    TEXT NOT NULL CHECK ("trigger" IN ('manual', 'schedule', 'cli')),
  state        TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'partial', 'failed', 'cancelled')),
  started_at   TEXT NOT NULL,
  finished_at  TEXT,
  progress     TEXT ${json('progress', true)},
  report       TEXT ${json('report', true)}
) STRICT;
CREATE INDEX sync_runs_started ON sync_runs (started_at);

-- At most one row: whoever holds it (until expires_at) is the one sync run allowed to proceed.
CREATE TABLE sync_lease (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  holder       TEXT NOT NULL,
  acquired_at  TEXT NOT NULL,
  expires_at   TEXT NOT NULL
) STRICT;

-- Rates are decimal strings, never REAL, so that conversions stay exact.
CREATE TABLE fx_rates (
  base        TEXT NOT NULL CHECK (length(base) = 3),
  quote       TEXT NOT NULL CHECK (length(quote) = 3),
  date        TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  rate        TEXT NOT NULL CHECK (
                rate GLOB '[0-9]*' AND rate NOT GLOB '*[^0-9.]*' AND rate NOT GLOB '*.*.*'
                AND rate NOT GLOB '*.' AND rate GLOB '*[1-9]*'),
  source      TEXT NOT NULL,
  fetched_at  TEXT NOT NULL,
  PRIMARY KEY (base, quote, date)
) STRICT, WITHOUT ROWID;

CREATE TABLE translation_memory (
  id             INTEGER PRIMARY KEY,
  source_hash    TEXT NOT NULL,
  source_locale  TEXT NOT NULL,
  target_locale  TEXT NOT NULL,
  source_text    TEXT NOT NULL,
  target_text    TEXT NOT NULL,
  origin         TEXT NOT NULL CHECK (origin IN ('machine', 'human')),
  reviewed       INTEGER NOT NULL DEFAULT 0 CHECK (reviewed IN (0, 1)),
  provider       TEXT,
  created_at     TEXT NOT NULL,
  UNIQUE (source_hash, source_locale, target_locale)
) STRICT;

CREATE TABLE glossary_terms (
  id                INTEGER PRIMARY KEY,
  term              TEXT NOT NULL CHECK (length(term) >= 1),
  locale            TEXT,
  translation       TEXT,
  do_not_translate  INTEGER NOT NULL DEFAULT 0 CHECK (do_not_translate IN (0, 1)),
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  CHECK (do_not_translate = 1 OR translation IS NOT NULL)
) STRICT;
CREATE UNIQUE INDEX glossary_terms_scope ON glossary_terms (term, ifnull(locale, ''));

CREATE TABLE settings (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL ${json('value')},
  updated_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;
`;

export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(database) {
    database.exec(statements);
  },
};
