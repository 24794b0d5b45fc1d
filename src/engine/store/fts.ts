/**
 * Keeps the FTS5 indexes (migration 0002) in step with listings and products. Write functions
 * collect the rows they inserted or whose indexed text changed, and hand them over at the end of
 * their work: all index deletes, then all inserts, in one run. Batching matters: FTS5 flushes its
 * pending segment whenever another statement opens a savepoint, so interleaving index writes with
 * table writes produces one tiny segment per row. Deletes of base rows are mirrored by triggers.
 */
import { sql } from 'kysely';
import { defineRawStatement, defineStatement, qb } from './compiler.js';
import type { Writer } from './connection.js';
import { searchGrams0002 } from './migrations/0002_search.js';

/** The index format is migration 0002's; a new format comes with the migration that re-indexes. */
export const searchGrams = searchGrams0002;

/** The indexed text of a listing; `keywords` is the stored JSON text. */
export interface ListingSearchText {
  id: number;
  title: string;
  sku: string;
  remoteId: string;
  remoteVariantId: string;
  keywords: string;
}

export interface ProductSearchText {
  id: number;
  sku: string;
  title: string;
}

const insertListingText = defineRawStatement<ListingSearchText & { grams: string }>(
  (
    a,
  ) => sql`INSERT INTO listings_fts (rowid, title, sku, remote_id, remote_variant_id, keywords, grams)
    VALUES (${a('id')}, ${a('title')}, ${a('sku')}, ${a('remoteId')}, ${a('remoteVariantId')}, ${a('keywords')}, ${a('grams')})`,
);
const deleteListingText = defineRawStatement<{ id: number }>(
  (a) => sql`DELETE FROM listings_fts WHERE rowid = ${a('id')}`,
);
const insertProductText = defineRawStatement<ProductSearchText & { grams: string }>(
  (a) =>
    sql`INSERT INTO products_fts (rowid, sku, title, grams)
      VALUES (${a('id')}, ${a('sku')}, ${a('title')}, ${a('grams')})`,
);
const deleteProductText = defineRawStatement<{ id: number }>(
  (a) => sql`DELETE FROM products_fts WHERE rowid = ${a('id')}`,
);

/** Indexes new listings (`fresh`) and re-indexes listings whose indexed text changed. */
export function indexListings(
  w: Writer,
  fresh: ListingSearchText[],
  changed: ListingSearchText[] = [],
): void {
  for (const row of changed) w.exec(deleteListingText, { id: row.id });
  for (const row of [...changed, ...fresh]) {
    w.exec(insertListingText, { ...row, grams: searchGrams(`${row.title} ${row.keywords}`) });
  }
}

export function indexProducts(
  w: Writer,
  fresh: ProductSearchText[],
  changed: ProductSearchText[] = [],
): void {
  for (const row of changed) w.exec(deleteProductText, { id: row.id });
  for (const row of [...changed, ...fresh])
    w.exec(insertProductText, { ...row, grams: searchGrams(row.title) });
}

const listingText = defineStatement<
  { id: number },
  { title: string; sku: string; remote_id: string; remote_variant_id: string; keywords: string }
>((a) =>
  qb
    .selectFrom('listings')
    .select(['title', 'sku', 'remote_id', 'remote_variant_id', 'keywords'])
    .where('id', '=', a('id')),
);

/** Re-indexes one listing from its stored row (after an edit of its text). */
export function reindexListing(w: Writer, id: number): void {
  const row = w.row(listingText, { id });
  if (!row) return;
  indexListings(
    w,
    [],
    [
      {
        id,
        title: row.title,
        sku: row.sku,
        remoteId: row.remote_id,
        remoteVariantId: row.remote_variant_id,
        keywords: row.keywords,
      },
    ],
  );
}

/** True when two versions of a listing differ in indexed text. */
export function listingTextChanged(
  a: Omit<ListingSearchText, 'id'>,
  b: Omit<ListingSearchText, 'id'>,
): boolean {
  return (
    a.title !== b.title ||
    a.sku !== b.sku ||
    a.remoteId !== b.remoteId ||
    a.remoteVariantId !== b.remoteVariantId ||
    a.keywords !== b.keywords
  );
}
