/**
 * 0003 — what the sync engine needs beyond 0001. FROZEN once released.
 *
 * - `order_stock_effects`: what each order line has done to stock (reserved while open, consumed
 *   once shipped). Re-derived on every upsert of its order and applied as a difference, so an
 *   order seen twice, replayed after a crash, or cancelled later moves stock exactly once. Keyed by
 *   (order, line id) because ingest replaces an order's line rows wholesale.
 * - `listing_conflicts`: per listing and field, what the three-way comparison found and could not
 *   settle alone: 'conflict' (both sides changed the field differently: both values kept) and
 *   'drift' (the marketplace changed a field since our last sync). At most one open row per
 *   (listing, field); resolved rows stay as history.
 * - outbox: where a job came from (a seller's edit, stock propagation, a revert, a resolution),
 *   when it was sent, and the marketplace's answer for it.
 */
import type { Migration } from './executor.js';

const FIELDS = `('title', 'description', 'bulletPoints', 'keywords', 'priceMinor', 'currency', 'quantity', 'status')`;

const statements = `
CREATE TABLE order_stock_effects (
  order_id    INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  line_id     TEXT NOT NULL CHECK (length(line_id) BETWEEN 1 AND 200),
  product_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  warehouse   TEXT NOT NULL CHECK (length(warehouse) BETWEEN 1 AND 100),
  reserved    INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  consumed    INTEGER NOT NULL DEFAULT 0 CHECK (consumed >= 0),
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (order_id, line_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX order_stock_effects_product ON order_stock_effects (product_id);

CREATE TABLE listing_conflicts (
  id           INTEGER PRIMARY KEY,
  listing_id   INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('conflict', 'drift')),
  field        TEXT NOT NULL CHECK (field IN ${FIELDS}),
  base         TEXT CHECK (base IS NULL OR json_valid(base)),
  mine         TEXT CHECK (mine IS NULL OR json_valid(mine)),
  theirs       TEXT NOT NULL CHECK (json_valid(theirs)),
  run_id       INTEGER REFERENCES sync_runs (id) ON DELETE SET NULL,
  detected_at  TEXT NOT NULL,
  resolved_at  TEXT,
  resolution   TEXT CHECK (resolution IS NULL OR resolution IN ('mine', 'theirs', 'edited', 'superseded')),
  CHECK ((resolved_at IS NULL) = (resolution IS NULL))
) STRICT;
CREATE UNIQUE INDEX listing_conflicts_open ON listing_conflicts (listing_id, field) WHERE resolved_at IS NULL;
CREATE INDEX listing_conflicts_detected ON listing_conflicts (detected_at);

ALTER TABLE outbox ADD COLUMN source TEXT NOT NULL DEFAULT 'edit'
  CHECK (source IN ('edit', 'stock', 'revert', 'resolve'));
ALTER TABLE outbox ADD COLUMN sent_at TEXT;
ALTER TABLE outbox ADD COLUMN result TEXT CHECK (result IS NULL OR json_valid(result));
CREATE INDEX outbox_state ON outbox (state, account_id) WHERE state IN ('pending', 'in_flight');
`;

export const migration0003: Migration = {
  version: 3,
  name: 'sync',
  up(database) {
    database.exec(statements);
  },
};
