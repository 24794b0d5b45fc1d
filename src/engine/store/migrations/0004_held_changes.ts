/**
 * 0004 — changes held for the seller's review. FROZEN once released.
 *
 * A workbench edit (a bulk price change, a title find-and-replace) waits in the outbox as 'held'
 * until the seller pushes it: nothing leaves the machine before they have seen the diff. SQLite
 * cannot change a CHECK constraint in place, so the outbox is rebuilt with the wider state list,
 * keeping every row, id and index (nothing references outbox rows, so the rebuild breaks no key).
 */
import type { Migration } from './executor.js';

const statements = `
CREATE TABLE outbox_0004 (
  id               INTEGER PRIMARY KEY,
  account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  listing_id       INTEGER REFERENCES listings (id) ON DELETE CASCADE,
  batch_id         INTEGER REFERENCES change_batches (id) ON DELETE SET NULL,
  kind             TEXT NOT NULL,
  payload          TEXT NOT NULL CHECK (json_valid(payload)),
  idempotency_key  TEXT NOT NULL UNIQUE,
  base_version     INTEGER CHECK (base_version >= 0),
  attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  state            TEXT NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('held', 'pending', 'in_flight', 'done', 'failed', 'conflict', 'cancelled')),
  last_error       TEXT,
  not_before       TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  source           TEXT NOT NULL DEFAULT 'edit' CHECK (source IN ('edit', 'stock', 'revert', 'resolve')),
  sent_at          TEXT,
  result           TEXT CHECK (result IS NULL OR json_valid(result))
) STRICT;
INSERT INTO outbox_0004 (id, account_id, listing_id, batch_id, kind, payload, idempotency_key,
  base_version, attempts, state, last_error, not_before, created_at, updated_at, source, sent_at, result)
SELECT id, account_id, listing_id, batch_id, kind, payload, idempotency_key,
  base_version, attempts, state, last_error, not_before, created_at, updated_at, source, sent_at, result
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_0004 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (account_id, state, not_before);
CREATE INDEX outbox_listing ON outbox (listing_id, state) WHERE listing_id IS NOT NULL;
CREATE INDEX outbox_batch ON outbox (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX outbox_state ON outbox (state, account_id) WHERE state IN ('pending', 'in_flight');
CREATE INDEX outbox_held ON outbox (batch_id, account_id) WHERE state = 'held';
`;

export const migration0004: Migration = {
  version: 4,
  name: 'held_changes',
  up(database) {
    database.exec(statements);
  },
};
