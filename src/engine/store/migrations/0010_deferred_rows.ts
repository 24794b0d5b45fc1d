/**
 * 0010 — listing rows written after their change batch. FROZEN once released.
 *
 * A large bulk edit commits its change batch (audit rows and held outbox jobs: what the seller
 * reviews and pushes) first, and writes the listing rows themselves in short steps right after
 * (deferred-rows.ts): each price written into a listing row updates every covering index of the
 * grid, which for 10,000 rows costs more than everything else the edit does. `rows_due` marks a
 * batch whose listing rows are not all written yet; a store opened after a crash finishes them
 * before anything else writes.
 */
import type { Migration } from './executor.js';

const statements = `
ALTER TABLE change_batches ADD COLUMN rows_due INTEGER NOT NULL DEFAULT 0 CHECK (rows_due IN (0, 1));
`;

export const migration0010: Migration = {
  version: 10,
  name: 'deferred_rows',
  up(database) {
    database.exec(statements);
  },
};
