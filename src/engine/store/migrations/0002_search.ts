/**
 * 0002 — full-text search over listings and master SKUs, back-filled from the rows that exist.
 * FROZEN: never edit after release; a change of index format is a new migration that re-indexes.
 *
 * The trigram tokenizer indexes every run of three characters, so a search finds any substring of
 * three or more characters in any script — Chinese and Japanese titles have no spaces for a word
 * tokenizer to split on. `remove_diacritics 1` lets "cafe" find "Café". The indexes are
 * contentless (the text lives only in the base tables) with contentless_delete, so removing a row
 * needs only its id.
 *
 * Trigrams cannot match one- or two-character terms, yet two characters make a whole word in
 * Chinese (耳机, 防水), and one emoji is one character. So the `grams` column holds, for text in
 * scripts written without spaces and for emoji, every single character and every adjacent pair, each padded to three characters with U+E000
 * (a private-use character no one types): "耳机" is then found as the trigram "耳机\uE000".
 *
 * Inserts and text changes are indexed by the store's write functions (fts.ts), not by triggers:
 * FTS5 flushes its pending segment at every statement savepoint, and a trigger opens one per row,
 * so trigger-fed indexing wrote one tiny segment per row and made listing ingest about 3x slower
 * (measured on 60k rows). Deletes keep a trigger, so cascades can never leave a stale id.
 */
import type { Migration } from './executor.js';

const PAD = '\uE000';
const DENSE_RUN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Extended_Pictographic}]+/gu;

/** The `grams` text of 0002's indexes (see the module comment). */
export function searchGrams0002(text: string): string {
  const grams: string[] = [];
  for (const [run] of text.matchAll(DENSE_RUN)) {
    const characters = [...run];
    characters.forEach((character, index) => {
      grams.push(character + PAD + PAD);
      const next = characters[index + 1];
      if (next !== undefined) grams.push(character + next + PAD);
    });
  }
  return grams.join(' ');
}

const TOKENIZER = `tokenize = 'trigram remove_diacritics 1', content = '', contentless_delete = 1`;

const statements = `
CREATE VIRTUAL TABLE listings_fts USING fts5 (title, sku, remote_id, remote_variant_id, keywords, grams, ${TOKENIZER});
CREATE VIRTUAL TABLE products_fts USING fts5 (sku, title, grams, ${TOKENIZER});

-- Deletes (including cascades from a removed account) are mirrored by triggers: they are rare and
-- must never leave a stale row id behind.
CREATE TRIGGER listings_fts_delete AFTER DELETE ON listings BEGIN
  DELETE FROM listings_fts WHERE rowid = old.id;
END;
CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
  DELETE FROM products_fts WHERE rowid = old.id;
END;
`;

interface ListingText {
  id: number;
  title: string;
  sku: string;
  remote_id: string;
  remote_variant_id: string;
  keywords: string;
}

export const migration0002: Migration = {
  version: 2,
  name: 'search',
  up(database) {
    database.exec(statements);
    const listings = database.all<ListingText>(
      'SELECT id, title, sku, remote_id, remote_variant_id, keywords FROM listings ORDER BY id',
    );
    for (const row of listings) {
      database.run(
        `INSERT INTO listings_fts (rowid, title, sku, remote_id, remote_variant_id, keywords, grams)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        row.id,
        row.title,
        row.sku,
        row.remote_id,
        row.remote_variant_id,
        row.keywords,
        searchGrams0002(`${row.title} ${row.keywords}`),
      );
    }
    const products = database.all<{ id: number; sku: string; title: string }>(
      'SELECT id, sku, title FROM products ORDER BY id',
    );
    for (const row of products) {
      database.run(
        'INSERT INTO products_fts (rowid, sku, title, grams) VALUES (?, ?, ?, ?)',
        row.id,
        row.sku,
        row.title,
        searchGrams0002(row.title),
      );
    }
  },
};
