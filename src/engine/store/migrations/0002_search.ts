/**
 * 0002 — full-text search over listings and master SKUs, and a back-fill of the rows that exist.
 * FROZEN: never edit after release.
 *
 * The trigram tokenizer indexes every run of three characters, so a search finds any substring of
 * three or more characters in any script — Chinese and Japanese titles have no spaces for a word
 * tokenizer to split on. `remove_diacritics 1` lets "cafe" find "Café". The indexes are
 * contentless (the text lives only in the base tables) with contentless_delete, so keeping them in
 * step needs only the row id, and triggers do it for every writer, including raw SQL in tests.
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

CREATE TRIGGER listings_fts_insert AFTER INSERT ON listings BEGIN
  INSERT INTO listings_fts (rowid, title, sku, remote_id, remote_variant_id, keywords)
    VALUES (new.id, new.title, new.sku, new.remote_id, new.remote_variant_id, new.keywords);
END;
CREATE TRIGGER listings_fts_delete AFTER DELETE ON listings BEGIN
  DELETE FROM listings_fts WHERE rowid = old.id;
END;
-- Most listing updates (price, quantity, sync state) touch no indexed text: skip those.
CREATE TRIGGER listings_fts_update AFTER UPDATE OF id, title, sku, remote_id, remote_variant_id, keywords ON listings
WHEN old.id IS NOT new.id OR old.title IS NOT new.title OR old.sku IS NOT new.sku
  OR old.remote_id IS NOT new.remote_id OR old.remote_variant_id IS NOT new.remote_variant_id
  OR old.keywords IS NOT new.keywords
BEGIN
  DELETE FROM listings_fts WHERE rowid = old.id;
  INSERT INTO listings_fts (rowid, title, sku, remote_id, remote_variant_id, keywords)
    VALUES (new.id, new.title, new.sku, new.remote_id, new.remote_variant_id, new.keywords);
END;

CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN
  INSERT INTO products_fts (rowid, sku, title) VALUES (new.id, new.sku, new.title);
END;
CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
  DELETE FROM products_fts WHERE rowid = old.id;
END;
CREATE TRIGGER products_fts_update AFTER UPDATE OF id, sku, title ON products
WHEN old.id IS NOT new.id OR old.sku IS NOT new.sku OR old.title IS NOT new.title
BEGIN
  DELETE FROM products_fts WHERE rowid = old.id;
  INSERT INTO products_fts (rowid, sku, title) VALUES (new.id, new.sku, new.title);
END;
`;

export const migration0002: Migration = {
  version: 2,
  name: 'search',
  up(database) {
    database.exec(statements);
  },
};
