/**
 * 0002 — full-text search over listings and master SKUs, and a back-fill of the rows that exist.
 * FROZEN: never edit after release.
 *
 * The trigram tokenizer indexes every run of three characters, so a search finds any substring of
 * three or more characters in any script — Chinese and Japanese titles have no spaces for a word
 * tokenizer to split on. `remove_diacritics 1` lets "cafe" find "Café". The indexes are
 * contentless (the text lives only in the base tables) with contentless_delete, so removing a row
 * needs only its id.
 *
 * Inserts and text changes are indexed by the store's write functions (fts.ts), not by triggers:
 * FTS5 flushes its pending segment at every statement savepoint, and a trigger opens one per row,
 * so trigger-fed indexing wrote one tiny segment per row and made listing ingest about 3x slower
 * (measured on 60k rows). Deletes keep a trigger, so cascades can never leave a stale id.
 */
import type { Migration } from './executor.js';

const TOKENIZER = `tokenize = 'trigram remove_diacritics 1', content = '', contentless_delete = 1`;

const statements = `
CREATE VIRTUAL TABLE listings_fts USING fts5 (title, sku, remote_id, remote_variant_id, keywords, ${TOKENIZER});
CREATE VIRTUAL TABLE products_fts USING fts5 (sku, title, ${TOKENIZER});

INSERT INTO listings_fts (rowid, title, sku, remote_id, remote_variant_id, keywords)
  SELECT id, title, sku, remote_id, remote_variant_id, keywords FROM listings;
INSERT INTO products_fts (rowid, sku, title)
  SELECT id, sku, title FROM products;

-- Deletes (including cascades from a removed account) are mirrored by triggers: they are rare and
-- must never leave a stale row id behind.
CREATE TRIGGER listings_fts_delete AFTER DELETE ON listings BEGIN
  DELETE FROM listings_fts WHERE rowid = old.id;
END;
CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
  DELETE FROM products_fts WHERE rowid = old.id;
END;
`;

export const migration0002: Migration = {
  version: 2,
  name: 'search',
  up(database) {
    database.exec(statements);
  },
};
