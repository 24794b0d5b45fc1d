/**
 * translations.query: every stored listing text, plus a 'missing' row for each listing that has
 * no text in the locale its account sells in (unless the listing's own text is already in that
 * locale). The source of a text is the master SKU's title and language when the listing is linked,
 * else the listing's own.
 */
import { sql } from 'kysely';
import type { ParsedInputOf } from '../../../shared/api/contract.js';
import type { TextReviewState } from '../../../shared/domain.js';
import type { Page, TranslationRow } from '../../../shared/api/types.js';
import type { ListingId } from '../../../shared/ids.js';
import { qb } from '../compiler.js';
import type { Reader } from '../connection.js';
import { listingSearchCondition, planSearch } from '../search.js';

export type TranslationsQuery = ParsedInputOf<'translations.query'>;

const sourceLocale = sql<string>`coalesce(p.source_locale, l.locale)`;

/** The language part of a locale column, Chinese scripts apart (as engine/translate/locales.ts). */
function language(column: string) {
  const value = sql.raw(column);
  return sql<string>`CASE WHEN lower(${value}) LIKE 'zh%' THEN (CASE WHEN lower(${value}) IN ('zh-tw', 'zh-hk', 'zh-mo', 'zh-hant') THEN 'zh-hant' ELSE 'zh-hans' END) ELSE lower(substr(${value}, 1, instr(${value} || '-', '-') - 1)) END`;
}
const sourceTitle = sql<string>`coalesce(p.title, l.title)`;

/** Stored texts. CROSS JOIN keeps SQLite starting from the texts, which are far fewer than listings. */
function storedRows(input: TranslationsQuery, states: TextReviewState[] | undefined) {
  let q = qb
    .selectFrom('listing_texts as t')
    .crossJoin('listings as l')
    .whereRef('l.id', '=', 't.listing_id');
  if (input.locale) q = q.where('t.locale', '=', input.locale);
  if (states) q = q.where('t.review_state', 'in', states);
  if (input.marketplaces?.length) q = q.where('l.marketplace', 'in', input.marketplaces);
  const plan = planSearch(input.search);
  if (plan) q = q.where(listingSearchCondition(plan, 'l'));
  return q;
}

/**
 * Listings without a text in their account's locale whose own text or master SKU's source is in
 * another language. Accounts drive the query (a handful), then their listings are read.
 */
function missingRows(input: TranslationsQuery) {
  let q = qb
    .selectFrom('accounts as a')
    .crossJoin('listings as l')
    .whereRef('l.account_id', '=', 'a.id')
    .leftJoin('products as p', 'p.id', 'l.product_id')
    .where((eb) =>
      eb.or([
        eb('l.locale', '<>', eb.ref('a.locale')),
        // A listing no one has translated yet whose source (its master SKU's, usually zh-CN)
        // is in another language than its shop sells in.
        eb.and([
          eb(language('coalesce(p.source_locale, l.locale)'), '<>', language('a.locale')),
          eb.not(
            eb.exists(
              eb
                .selectFrom('listing_texts as t3')
                .select(sql.lit(1).as('one'))
                .whereRef('t3.listing_id', '=', 'l.id'),
            ),
          ),
        ]),
      ]),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('listing_texts as t2')
            .select(sql.lit(1).as('one'))
            .whereRef('t2.listing_id', '=', 'l.id')
            .whereRef('t2.locale', '=', 'a.locale'),
        ),
      ),
    );
  if (input.locale) q = q.where('a.locale', '=', input.locale);
  // An account's listings share its marketplace: filter the few accounts, not the many listings.
  if (input.marketplaces?.length) q = q.where('a.marketplace', 'in', input.marketplaces);
  const plan = planSearch(input.search);
  if (plan) q = q.where(listingSearchCondition(plan, 'l'));
  return q;
}

function stored(input: TranslationsQuery, states: TextReviewState[] | undefined) {
  return storedRows(input, states)
    .leftJoin('products as p', 'p.id', 'l.product_id')
    .select([
      'l.id as listing_id',
      'l.marketplace',
      'l.sku',
      't.locale',
      sourceLocale.as('source_locale'),
      sourceTitle.as('source_title'),
      't.title',
      sql<'machine' | 'human' | null>`t.origin`.as('origin'),
      sql<TextReviewState>`t.review_state`.as('state'),
      sql<string | null>`t.updated_at`.as('updated_at'),
    ]);
}

function missing(input: TranslationsQuery) {
  return missingRows(input).select([
    'l.id as listing_id',
    'l.marketplace',
    'l.sku',
    'a.locale',
    sourceLocale.as('source_locale'),
    sourceTitle.as('source_title'),
    sql<string>`''`.as('title'),
    sql<'machine' | 'human' | null>`NULL`.as('origin'),
    sql<TextReviewState>`'missing'`.as('state'),
    sql<string | null>`NULL`.as('updated_at'),
  ]);
}

export function queryTranslations(r: Reader, input: TranslationsQuery): Page<TranslationRow> {
  const wanted = input.states?.length ? new Set(input.states) : undefined;
  const storedStates = wanted ? [...wanted].filter((state) => state !== 'missing') : undefined;
  const withStored = !storedStates || storedStates.length > 0;
  const withMissing = !wanted || wanted.has('missing');
  if (!withStored && !withMissing)
    return { rows: [], total: 0, offset: input.offset, limit: input.limit };
  const union = withStored
    ? withMissing
      ? stored(input, storedStates).unionAll(missing(input))
      : stored(input, storedStates)
    : missing(input);
  const all = qb.selectFrom(union.as('u')).selectAll();
  const rows = r.all(
    all.orderBy('u.listing_id').orderBy('u.locale').limit(input.limit).offset(input.offset),
  );
  const storedCount = withStored
    ? (r.first(storedRows(input, storedStates).select((eb) => eb.fn.countAll<number>().as('total')))
        ?.total ?? 0)
    : 0;
  const missingCount = withMissing
    ? (r.first(missingRows(input).select((eb) => eb.fn.countAll<number>().as('total')))?.total ?? 0)
    : 0;
  return {
    rows: rows.map((row) => ({
      listingId: row.listing_id as ListingId,
      marketplace: row.marketplace,
      sku: row.sku,
      locale: row.locale,
      sourceLocale: row.source_locale,
      sourceTitle: row.source_title,
      title: row.title,
      origin: row.origin,
      state: row.state,
      updatedAt: row.updated_at,
    })),
    total: storedCount + missingCount,
    offset: input.offset,
    limit: input.limit,
  };
}
