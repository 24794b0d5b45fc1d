/**
 * Listing texts per locale and their review states: missing → machine → reviewed → published,
 * and stale once the source changes (detected by the source fingerprint kept on each text).
 */
import { sql } from 'kysely';
import type { Marketplace, TextReviewState } from '../../shared/domain.js';
import { compileRaw, qb } from '../store/compiler.js';
import type { Reader, Writer } from '../store/connection.js';
import { inLists, parseJson } from '../store/values.js';
import { requiredLocales, sameLanguage } from './locales.js';
import { sourceHash, type SourceText } from './source.js';

export interface ListingForTranslation {
  listingId: number;
  accountId: number;
  sku: string;
  marketplace: Marketplace;
  site: string;
  localVersion: number;
  productType: string | null;
  /** Linked to a master SKU, whose text and language are the source. */
  linked: boolean;
  source: SourceText;
  sourceHash: string;
  /** Every locale the listing's site needs, the first one carried by the listing's own fields. */
  locales: readonly string[];
  /** The locales among them that need a translation (the source is in another language). */
  toTranslate: string[];
}

export interface StoredText {
  listingId: number;
  locale: string;
  title: string;
  description: string;
  bulletPoints: string[];
  keywords: string[];
  sourceHash: string | null;
  origin: 'machine' | 'human' | null;
  state: TextReviewState;
  updatedAt: string;
}

export function loadListings(r: Reader, listingIds: readonly number[]): ListingForTranslation[] {
  const out: ListingForTranslation[] = [];
  for (const chunk of inLists([...new Set(listingIds)])) {
    const rows = r.all(
      qb
        .selectFrom('listings as l')
        .innerJoin('accounts as a', 'a.id', 'l.account_id')
        .leftJoin('products as p', 'p.id', 'l.product_id')
        .select([
          'l.id',
          'l.account_id',
          'l.sku',
          'l.marketplace',
          'a.site',
          'a.locale as account_locale',
          'l.locale',
          'l.local_version',
          'l.title',
          'l.description',
          'l.bullet_points',
          'l.attributes',
          'p.id as product_id',
          'p.title as product_title',
          'p.description as product_description',
          'p.source_locale',
        ])
        .where('l.id', 'in', chunk),
    );
    for (const row of rows) {
      const source: SourceText =
        row.product_id !== null
          ? {
              locale: row.source_locale ?? row.locale,
              title: row.product_title ?? row.title,
              description: row.product_description ?? '',
              bulletPoints: [],
            }
          : {
              locale: row.locale,
              title: row.title,
              description: row.description,
              bulletPoints: parseJson<string[]>(row.bullet_points, []),
            };
      const locales = requiredLocales(row.marketplace, row.site, row.account_locale);
      const attributes = parseJson<Record<string, unknown>>(row.attributes, {});
      // The Amazon connector keeps the listing's product type as 'amazon.productType'.
      const productType =
        attributes['amazon.productType'] ?? attributes.product_type ?? attributes.productType;
      out.push({
        listingId: row.id,
        accountId: row.account_id,
        sku: row.sku,
        marketplace: row.marketplace,
        site: row.site,
        localVersion: row.local_version,
        productType: typeof productType === 'string' ? productType : null,
        linked: row.product_id !== null,
        source,
        sourceHash: sourceHash(source),
        locales,
        toTranslate: locales.filter((locale) => !sameLanguage(locale, source.locale)),
      });
    }
  }
  return out.sort((a, b) => a.listingId - b.listingId);
}

export function loadTexts(r: Reader, listingIds: readonly number[]): Map<string, StoredText> {
  const out = new Map<string, StoredText>();
  for (const chunk of inLists([...new Set(listingIds)])) {
    const rows = r.all(qb.selectFrom('listing_texts').selectAll().where('listing_id', 'in', chunk));
    for (const row of rows) {
      out.set(textKey(row.listing_id, row.locale), {
        listingId: row.listing_id,
        locale: row.locale,
        title: row.title,
        description: row.description,
        bulletPoints: parseJson<string[]>(row.bullet_points, []),
        keywords: parseJson<string[]>(row.keywords, []),
        sourceHash: row.source_hash,
        origin: row.origin,
        state: row.review_state,
        updatedAt: row.updated_at,
      });
    }
  }
  return out;
}

export const textKey = (listingId: number, locale: string) => `${listingId}\u0000${locale}`;

export interface TextWrite {
  listingId: number;
  locale: string;
  title: string;
  description: string;
  bulletPoints: string[];
  keywords?: string[] | undefined;
  sourceHash: string;
  origin: 'machine' | 'human';
  state: TextReviewState;
}

export function writeText(w: Writer, text: TextWrite): void {
  const now = w.now();
  const values = {
    title: text.title,
    description: text.description,
    bullet_points: JSON.stringify(text.bulletPoints),
    ...(text.keywords ? { keywords: JSON.stringify(text.keywords) } : {}),
    source_hash: text.sourceHash,
    origin: text.origin,
    review_state: text.state,
    updated_at: now,
  };
  w.run(
    qb
      .insertInto('listing_texts')
      .values({ listing_id: text.listingId, locale: text.locale, ...values })
      .onConflict((conflict) => conflict.columns(['listing_id', 'locale']).doUpdateSet(values)),
  );
}

export function setTextState(
  w: Writer,
  listingId: number,
  locale: string,
  state: TextReviewState,
): void {
  w.expectOne(
    w.run(
      qb
        .updateTable('listing_texts')
        .set({ review_state: state, updated_at: w.now() })
        .where('listing_id', '=', listingId)
        .where('locale', '=', locale),
    ),
    `text ${locale} of listing ${listingId}`,
  );
}

/**
 * Marks stale every text whose source changed since it was made (all listings with texts, or the
 * given ones). Returns how many became stale.
 */
export function markStale(w: Writer, listingIds?: readonly number[]): number {
  const ids =
    listingIds ??
    w
      .all(
        qb
          .selectFrom('listing_texts')
          .select('listing_id')
          .distinct()
          .where('review_state', 'not in', ['stale', 'missing']),
      )
      .map((row) => row.listing_id);
  if (ids.length === 0) return 0;
  const current = new Map(loadListings(w, ids).map((listing) => [listing.listingId, listing]));
  let marked = 0;
  for (const text of loadTexts(w, ids).values()) {
    if (text.state === 'stale' || text.state === 'missing' || text.sourceHash === null) continue;
    const listing = current.get(text.listingId);
    // A locale the listing no longer needs translated (its text is in it now) cannot go stale.
    if (!listing?.toTranslate.includes(text.locale) || listing.sourceHash === text.sourceHash)
      continue;
    setTextState(w, text.listingId, text.locale, 'stale');
    marked += 1;
  }
  return marked;
}

/** The language part of a locale column in SQL, Chinese scripts apart (as languageOf). */
function languageSql(column: string): string {
  return `CASE WHEN lower(${column}) LIKE 'zh%' THEN (CASE WHEN lower(${column}) IN ('zh-tw', 'zh-hk', 'zh-mo', 'zh-hant') THEN 'zh-hant' ELSE 'zh-hans' END) ELSE lower(substr(${column}, 1, instr(${column} || '-', '-') - 1)) END`;
}

/**
 * Stores a 'missing' text for every listing whose source (its master SKU's, else its own) is in
 * another language than its shop sells in and that has no text in that locale yet. One statement
 * over all listings, run when the translations view opens (translate.checkStale) rather than on
 * every page of translations.query. Returns how many were added.
 */
export function materializeMissing(w: Writer): number {
  const source = languageSql('coalesce(p.source_locale, l.locale)');
  return w.run(
    compileRaw(
      sql`INSERT INTO listing_texts (listing_id, locale, review_state, updated_at)
      SELECT l.id, a.locale, 'missing', ${w.now()}
      FROM accounts a
      JOIN listings l ON l.account_id = a.id
      LEFT JOIN products p ON p.id = l.product_id
      WHERE ${sql.raw(source)} <> ${sql.raw(languageSql('a.locale'))}
        AND NOT EXISTS (SELECT 1 FROM listing_texts t WHERE t.listing_id = l.id AND t.locale = a.locale)
      ON CONFLICT (listing_id, locale) DO NOTHING`,
    ),
  ).changes;
}
