/**
 * translations.query: every stored listing text, plus a 'missing' row for each listing that has
 * no text in the locale its account sells in (unless the listing's own text is already in that
 * locale). Listings written in their shop's locale whose master SKU's source is in another
 * language (a zh-CN catalogue listed on Amazon.de) get stored 'missing' texts from
 * engine/translate/texts.ts `materializeMissing`, so this query stays an index walk. The source of a text is the master SKU's title and language when the listing is linked,
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
 * Listings without a text in their account's locale (and not written in it). Accounts drive the
 * query (a handful), then the (account_id, locale) index finds their listings in other locales.
 */
function missingRows(input: TranslationsQuery) {
  let q = qb
    .selectFrom('accounts as a')
    .crossJoin('listings as l')
    .whereRef('l.account_id', '=', 'a.id')
    .whereRef('l.locale', '<>', 'a.locale')
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
  return missingRows(input)
    .leftJoin('products as p', 'p.id', 'l.product_id')
    .select([
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
  // Missing texts may be stored too (engine/translate/texts.ts materializeMissing): the stored
  // branch reads every wanted state, the computed one adds listings with no text at all.
  const storedStates = wanted ? [...wanted] : undefined;
  const withMissing = !wanted || wanted.has('missing');
  const missingCount = withMissing
    ? (r.first(missingRows(input).select((eb) => eb.fn.countAll<number>().as('total')))?.total ?? 0)
    : 0;
  // Without computed rows the page is read in the (listing_id, locale) index's order and stops
  // after it; a union has to be sorted whole first.
  const rows =
    missingCount > 0
      ? r.all(
          qb
            .selectFrom(stored(input, storedStates).unionAll(missing(input)).as('u'))
            .selectAll()
            .orderBy('u.listing_id')
            .orderBy('u.locale')
            .limit(input.limit)
            .offset(input.offset),
        )
      : r.all(
          stored(input, storedStates)
            .orderBy('t.listing_id')
            .orderBy('t.locale')
            .limit(input.limit)
            .offset(input.offset),
        );
  const storedCount =
    r.first(storedRows(input, storedStates).select((eb) => eb.fn.countAll<number>().as('total')))
      ?.total ?? 0;
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
