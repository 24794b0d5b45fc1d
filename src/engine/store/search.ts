/**
 * Turns what a seller types into a search the store can answer from an index.
 *
 * The FTS5 indexes use the trigram tokenizer (migration 0002), which matches any substring of
 * three or more characters — but nothing shorter. So each whitespace-separated term of 3+
 * characters becomes a quoted FTS phrase (ANDed), and shorter terms narrow those matches with
 * LIKE. A query made only of short terms ("A1", "耳机") cannot use the trigram index: it falls back
 * to a prefix match on SKU and remote id, which the B-tree indexes answer.
 */
import { sql, type Expression, type SqlBool } from 'kysely';

export type SearchPlan =
  { kind: 'fts'; match: string; shortTerms: string[] } | { kind: 'prefix'; prefix: string };

const TRIGRAM = 3;

const characterCount = (text: string) => [...text].length;

/** `"term"` with quotes doubled: the term is matched literally, FTS operators included. */
const phrase = (term: string) => `"${term.replaceAll('"', '""')}"`;

/** LIKE pattern text with its wildcards escaped (ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export function planSearch(text: string | undefined): SearchPlan | null {
  const terms = (text ?? '').trim().split(/\s+/u).filter(Boolean);
  if (terms.length === 0) return null;
  const long = terms.filter((term) => characterCount(term) >= TRIGRAM);
  if (long.length === 0) return { kind: 'prefix', prefix: terms.join(' ') };
  return {
    kind: 'fts',
    match: long.map(phrase).join(' AND '),
    shortTerms: terms.filter((term) => characterCount(term) < TRIGRAM),
  };
}

const contains = (column: string, term: string) =>
  sql<SqlBool>`${sql.ref(column)} LIKE ${`%${escapeLike(term)}%`} ESCAPE '\\'`;
const startsWith = (column: string, prefix: string) =>
  sql<SqlBool>`${sql.ref(column)} LIKE ${`${escapeLike(prefix)}%`} ESCAPE '\\'`;

/** Condition on a listings row `alias` for the plan. */
export function listingSearchCondition(plan: SearchPlan, alias: string): Expression<SqlBool> {
  const column = (name: string) => `${alias}.${name}`;
  if (plan.kind === 'prefix') {
    return sql<SqlBool>`(${startsWith(column('sku'), plan.prefix)} OR ${startsWith(column('remote_id'), plan.prefix)})`;
  }
  const narrowing = plan.shortTerms.map(
    (term) =>
      sql<SqlBool>` AND (${contains(column('title'), term)} OR ${contains(column('sku'), term)})`,
  );
  return sql<SqlBool>`(${sql.ref(column('id'))} IN (SELECT rowid FROM listings_fts WHERE listings_fts MATCH ${plan.match})${sql.join(narrowing, sql``)})`;
}

/** Condition on a products row `alias` for the plan. */
export function productSearchCondition(plan: SearchPlan, alias: string): Expression<SqlBool> {
  const column = (name: string) => `${alias}.${name}`;
  if (plan.kind === 'prefix') return startsWith(column('sku'), plan.prefix);
  const narrowing = plan.shortTerms.map(
    (term) =>
      sql<SqlBool>` AND (${contains(column('title'), term)} OR ${contains(column('sku'), term)})`,
  );
  return sql<SqlBool>`(${sql.ref(column('id'))} IN (SELECT rowid FROM products_fts WHERE products_fts MATCH ${plan.match})${sql.join(narrowing, sql``)})`;
}
