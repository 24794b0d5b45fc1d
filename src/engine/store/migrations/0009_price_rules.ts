/**
 * 0009 — price rules and SKU prices. FROZEN once released.
 *
 * A price rule belongs to one channel: an account, or a marketplace site (every account on it
 * that has no rule of its own). It says what a listing's price is computed from (the SKU's cost or
 * its own price), the markup, fixed add-ons (shipping, packaging) in one currency, the
 * marketplace's fee (a share of the sale price plus a fixed amount), the price ending and the
 * least margin the seller accepts. Percentages are basis points (1 bp = 0.01 %), money is minor
 * units beside its ISO code, as everywhere in the store.
 *
 * sku_prices is the seller's own price of a SKU (the "SKU price" base), one per product.
 */
import type { Migration } from './executor.js';

const MARKETPLACE = `('amazon', 'ebay', 'aliexpress', 'wish', 'shopee')`;

const statements = `
CREATE TABLE price_rules (
  id                  INTEGER PRIMARY KEY,
  name                TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  scope               TEXT NOT NULL CHECK (scope IN ('account', 'site')),
  account_id          INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  marketplace         TEXT CHECK (marketplace IN ${MARKETPLACE}),
  site                TEXT CHECK (length(site) BETWEEN 1 AND 40),
  base_source         TEXT NOT NULL CHECK (base_source IN ('cost', 'sku_price')),
  markup_bp           INTEGER NOT NULL CHECK (markup_bp BETWEEN 0 AND 1000000),
  addons_currency     TEXT NOT NULL CHECK (length(addons_currency) = 3),
  shipping_minor      INTEGER NOT NULL DEFAULT 0 CHECK (shipping_minor >= 0),
  packaging_minor     INTEGER NOT NULL DEFAULT 0 CHECK (packaging_minor >= 0),
  fee_bp              INTEGER NOT NULL CHECK (fee_bp BETWEEN 0 AND 9000),
  fixed_fee_minor     INTEGER NOT NULL DEFAULT 0 CHECK (fixed_fee_minor >= 0),
  fixed_fee_currency  TEXT NOT NULL CHECK (length(fixed_fee_currency) = 3),
  ending              TEXT NOT NULL CHECK (ending IN ('none', 'charm', 'half', 'whole')),
  min_margin_bp       INTEGER CHECK (min_margin_bp BETWEEN -10000 AND 10000),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  CHECK ((scope = 'account') = (account_id IS NOT NULL)),
  CHECK ((scope = 'site') = (marketplace IS NOT NULL AND site IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX price_rules_account ON price_rules (account_id) WHERE scope = 'account';
CREATE UNIQUE INDEX price_rules_site ON price_rules (marketplace, site) WHERE scope = 'site';

CREATE TABLE sku_prices (
  product_id   INTEGER PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
  price_minor  INTEGER NOT NULL CHECK (price_minor >= 0),
  currency     TEXT NOT NULL CHECK (length(currency) = 3),
  updated_at   TEXT NOT NULL
) STRICT;
`;

export const migration0009: Migration = {
  version: 9,
  name: 'price_rules',
  up(database) {
    database.exec(statements);
  },
};
