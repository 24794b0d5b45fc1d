/**
 * 0007 — insights summaries. FROZEN once released.
 *
 * Insights answer "sales by day/week/month, by channel, country and SKU" in milliseconds over
 * hundreds of thousands of orders, which a GROUP BY over orders and their lines cannot (it reads
 * every row). Two summary tables hold the sums per local day of the seller's time zone:
 * - insights_days: per (day, account, buyer country, currency, order status) — orders, units and
 *   line revenue; small (days × shops × countries × currencies × statuses);
 * - insights_sku_days: per (day, SKU, account, currency) — sold orders/units/revenue and the units
 *   cancelled or returned.
 * Money stays in the order's currency (exact integers): conversion to the home currency happens at
 * read time at each day's rate.
 *
 * Triggers note, for every write path (ingest, account removal, tests), the UTC hours whose orders
 * changed; the engine re-aggregates the local days those hours touch before it answers (see
 * src/engine/insights/summary.ts). insights_state records the time zone the days were cut in: when
 * the seller changes zone, the summaries are rebuilt.
 */
import type { Migration } from './executor.js';

const statements = `
CREATE TABLE insights_days (
  day            TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  account_id     INTEGER NOT NULL,
  marketplace    TEXT NOT NULL,
  country        TEXT NOT NULL,
  currency       TEXT NOT NULL CHECK (length(currency) = 3),
  status         TEXT NOT NULL,
  orders         INTEGER NOT NULL CHECK (orders >= 0),
  units          INTEGER NOT NULL CHECK (units >= 0),
  revenue_minor  INTEGER NOT NULL CHECK (revenue_minor >= 0),
  PRIMARY KEY (day, account_id, country, currency, status)
) STRICT, WITHOUT ROWID;

CREATE TABLE insights_sku_days (
  day                 TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  sku                 TEXT NOT NULL,
  account_id          INTEGER NOT NULL,
  marketplace         TEXT NOT NULL,
  currency            TEXT NOT NULL CHECK (length(currency) = 3),
  product_id          INTEGER,
  -- The product's recorded unit cost, kept current by insights_cost_changed (margin reads it
  -- here instead of joining products for every row).
  cost_minor          INTEGER,
  cost_currency       TEXT,
  sold_orders         INTEGER NOT NULL CHECK (sold_orders >= 0),
  sold_units          INTEGER NOT NULL CHECK (sold_units >= 0),
  sold_revenue_minor  INTEGER NOT NULL CHECK (sold_revenue_minor >= 0),
  cancelled_units     INTEGER NOT NULL CHECK (cancelled_units >= 0),
  returned_units      INTEGER NOT NULL CHECK (returned_units >= 0),
  PRIMARY KEY (day, sku, account_id, currency)
) STRICT, WITHOUT ROWID;
-- Covering indexes: per SKU (rankings, a SKU's days, "no sale in the period") and per product
-- (velocity for stock cover, cost of goods) — each aggregation walks one index in its group order.
CREATE INDEX insights_sku_days_sku ON insights_sku_days (sku, day, account_id, marketplace,
  product_id, sold_units, sold_orders, sold_revenue_minor, cancelled_units, returned_units);
CREATE INDEX insights_sku_days_product ON insights_sku_days (product_id, marketplace, day,
  account_id, sold_units) WHERE product_id IS NOT NULL;
-- Cost of goods per marketplace (margin): one walk in group order, no sort.
CREATE INDEX insights_sku_days_cost ON insights_sku_days (marketplace, cost_currency, day,
  account_id, sold_units, cost_minor);
CREATE INDEX insights_sku_days_unlinked ON insights_sku_days (marketplace, day, account_id,
  sold_units) WHERE product_id IS NULL;

CREATE TABLE insights_dirty (
  hour  TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

CREATE TABLE insights_state (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  time_zone  TEXT NOT NULL,
  built_at   TEXT NOT NULL
) STRICT;

CREATE TRIGGER insights_order_inserted AFTER INSERT ON orders BEGIN
  INSERT OR IGNORE INTO insights_dirty (hour) VALUES (substr(NEW.placed_at, 1, 13));
END;
CREATE TRIGGER insights_order_updated
AFTER UPDATE OF placed_at, status, buyer_country, currency, account_id ON orders BEGIN
  INSERT OR IGNORE INTO insights_dirty (hour) VALUES (substr(OLD.placed_at, 1, 13));
  INSERT OR IGNORE INTO insights_dirty (hour) VALUES (substr(NEW.placed_at, 1, 13));
END;
CREATE TRIGGER insights_order_deleted AFTER DELETE ON orders BEGIN
  INSERT OR IGNORE INTO insights_dirty (hour) VALUES (substr(OLD.placed_at, 1, 13));
END;
CREATE TRIGGER insights_line_inserted AFTER INSERT ON order_lines BEGIN
  INSERT OR IGNORE INTO insights_dirty (hour)
    SELECT substr(placed_at, 1, 13) FROM orders WHERE id = NEW.order_id;
END;
CREATE TRIGGER insights_line_updated AFTER UPDATE ON order_lines BEGIN
  INSERT OR IGNORE INTO insights_dirty (hour)
    SELECT substr(placed_at, 1, 13) FROM orders WHERE id IN (OLD.order_id, NEW.order_id);
END;
CREATE TRIGGER insights_cost_changed AFTER UPDATE OF cost_minor, cost_currency ON products
WHEN NEW.cost_minor IS NOT OLD.cost_minor OR NEW.cost_currency IS NOT OLD.cost_currency BEGIN
  UPDATE insights_sku_days SET cost_minor = NEW.cost_minor, cost_currency = NEW.cost_currency
  WHERE product_id = NEW.id;
END;
CREATE TRIGGER insights_line_deleted AFTER DELETE ON order_lines BEGIN
  INSERT OR IGNORE INTO insights_dirty (hour)
    SELECT substr(placed_at, 1, 13) FROM orders WHERE id = OLD.order_id;
END;
`;

export const migration0007: Migration = {
  version: 7,
  name: 'insights_summaries',
  up(database) {
    database.exec(statements);
  },
};
