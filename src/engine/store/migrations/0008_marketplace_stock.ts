/**
 * 0008 — stock the marketplace holds and ships itself (Amazon FBA). FROZEN once released.
 *
 * Kept apart from `stock` on purpose: FBA units are not the seller's on hand, no channel rule
 * applies to them and nothing is ever pushed for them. One row per account and seller SKU, as the
 * marketplace reports it; a listing finds its row by (account_id, sku).
 */
import type { Migration } from './executor.js';

const statements = `
CREATE TABLE marketplace_stock (
  account_id         INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  sku                TEXT NOT NULL CHECK (length(sku) BETWEEN 1 AND 200),
  fulfillable        INTEGER NOT NULL CHECK (fulfillable >= 0),
  inbound            INTEGER NOT NULL CHECK (inbound >= 0),
  reserved           INTEGER NOT NULL CHECK (reserved >= 0),
  unfulfillable      INTEGER NOT NULL CHECK (unfulfillable >= 0),
  remote_updated_at  TEXT,
  fetched_at         TEXT NOT NULL,
  PRIMARY KEY (account_id, sku)
) STRICT, WITHOUT ROWID;
`;

export const migration0008: Migration = {
  version: 8,
  name: 'marketplace_stock',
  up(database) {
    database.exec(statements);
  },
};
