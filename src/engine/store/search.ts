/**
 * Turns what a seller types into a search the store answers from an index (migration 0002).
 *
 * Each whitespace-separated term of three or more characters becomes a quoted FTS phrase matched
 * as a substring by the trigram index. A one- or two-character term in a script written without
 * spaces (耳机), or an emoji, is matched in the `grams` column. Other short terms ("PC", "W") narrow the FTS
 * matches with LIKE on title and SKU — or, when the query has nothing else, match SKUs by prefix,
 * case as typed, upper or lower (GLOB, so the B-tree index on sku answers it).
 */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

export type SearchPlan =
  | { kind: 'fts'; longTerms: string[]; denseTerms: string[]; likeTerms: string[] }
  | { kind: 'sku-prefix'; prefixes: string[] };

export type SearchTable = 'listings_fts' | 'products_fts';

const TRIGRAM = 3;
const PAD = '\uE000';
const DENSE_SCRIPT =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Extended_Pictographic}]+$/u;
/** The columns a short Latin term is looked for in: the indexed ones. */
const LIKE_COLUMNS: Record<SearchTable, string[]> = {
  listings_fts: ['title', 'sku', 'remote_id', 'remote_variant_id', 'keywords'],
  products_fts: ['sku', 'title'],
};

const characterCount = (text: string) => [...text].length;

/** `"term"` with quotes doubled: the term is matched literally, FTS operators included. */
const phrase = (term: string) => `"${term.replaceAll('"', '""')}"`;

/** LIKE pattern text with its wildcards escaped (ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** GLOB pattern text matching `text` literally (metacharacters wrapped in brackets). */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[]/g, (character) => `[${character}]`);
}

export function planSearch(text: string | undefined): SearchPlan | null {
  const terms = (text ?? '').trim().split(/\s+/u).filter(Boolean);
  if (terms.length === 0) return null;
  const longTerms: string[] = [];
  const denseTerms: string[] = [];
  const likeTerms: string[] = [];
  for (const term of terms) {
    if (characterCount(term) >= TRIGRAM) longTerms.push(term);
    else if (DENSE_SCRIPT.test(term)) denseTerms.push(term);
    else likeTerms.push(term);
  }
  if (longTerms.length === 0 && denseTerms.length === 0) {
    const typed = terms.join(' ');
    return {
      kind: 'sku-prefix',
      prefixes: [...new Set([typed, typed.toUpperCase(), typed.toLowerCase()])],
    };
  }
  return { kind: 'fts', longTerms, denseTerms, likeTerms };
}

/**
 * The FTS5 MATCH expression of a plan (the same for both indexes). No column filters: they make FTS5 check
 * every position list (measured twice as slow on common words), and none is needed — only the
 * `grams` column holds U+E000 or two dense-script characters not followed by a third, so a
 * padded short term can match nothing else and a long term cannot match `grams`.
 */
export function matchExpression(plan: Extract<SearchPlan, { kind: 'fts' }>): string {
  return [
    ...plan.longTerms.map(phrase),
    ...plan.denseTerms.map((term) => phrase(term + PAD.repeat(TRIGRAM - characterCount(term)))),
  ].join(' AND ');
}

/**
 * `hinted` writes the conditions so SQLite cannot drive the query from them (unary +), leaving
 * the sort index to drive it: right when matches are dense, wrong when they are few.
 */
function condition(
  plan: SearchPlan,
  alias: string,
  table: SearchTable,
  hinted: boolean,
): Expression<SqlBool> {
  const column = (name: string): RawBuilder<unknown> =>
    hinted ? sql`+${sql.ref(`${alias}.${name}`)}` : sql.ref(`${alias}.${name}`);
  if (plan.kind === 'sku-prefix') {
    const alternatives = plan.prefixes.map(
      (prefix) => sql<SqlBool>`${column('sku')} GLOB ${`${escapeGlob(prefix)}*`}`,
    );
    return sql<SqlBool>`(${sql.join(alternatives, sql` OR `)})`;
  }
  const parts: RawBuilder<SqlBool>[] = [
    sql<SqlBool>`${column('id')} IN (SELECT rowid FROM ${sql.table(table)} WHERE ${sql.table(table)} MATCH ${matchExpression(plan)})`,
  ];
  parts.push(...likeNarrowing(plan, alias, table));
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

/** One condition per short Latin term of an FTS plan: the term within one of the text columns. */
export function likeNarrowing(
  plan: Extract<SearchPlan, { kind: 'fts' }>,
  alias: string,
  table: SearchTable,
): RawBuilder<SqlBool>[] {
  return plan.likeTerms.map((term) => {
    const pattern = `%${escapeLike(term)}%`;
    const alternatives = LIKE_COLUMNS[table].map(
      (name) => sql<SqlBool>`${sql.ref(`${alias}.${name}`)} LIKE ${pattern} ESCAPE '\\'`,
    );
    return sql<SqlBool>`(${sql.join(alternatives, sql` OR `)})`;
  });
}

export function listingSearchCondition(
  plan: SearchPlan,
  alias: string,
  hinted = false,
): Expression<SqlBool> {
  return condition(plan, alias, 'listings_fts', hinted);
}

export function productSearchCondition(plan: SearchPlan, alias: string): Expression<SqlBool> {
  return condition(plan, alias, 'products_fts', false);
}

/** How many rows the FTS part of a plan matches (the index alone; no table is read). */
export function ftsMatchCount(plan: Extract<SearchPlan, { kind: 'fts' }>, table: SearchTable) {
  return sql<{
    total: number;
  }>`SELECT count(*) AS total FROM ${sql.table(table)} WHERE ${sql.table(table)} MATCH ${matchExpression(plan)}`;
}
