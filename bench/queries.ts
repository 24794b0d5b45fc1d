/**
 * The varied query sets the read benchmarks run: search texts in every script the demo writes
 * (Latin words, SKU fragments, CJK, Thai, accented text with and without its accents, several
 * words, 1–2 character terms) and listings.query inputs over every filter and sort. Both are
 * deterministic: the same data set always gets the same queries.
 */
import type Sqlite from 'better-sqlite3';
import type { InputOf } from '../src/shared/api/index.js';
import { LISTING_STATUSES, MARKETPLACES } from '../src/shared/domain.js';
import { FAMILIES } from '../src/engine/demo/families.js';
import { Random } from '../src/engine/demo/random.js';
import { COLOURS, STYLES, type Language } from '../src/engine/demo/vocabulary.js';

export interface SearchQuery {
  kind: 'latin' | 'sku' | 'cjk' | 'thai' | 'accented' | 'multi-word' | 'short' | 'remote-id';
  text: string;
}

const LATIN: Language[] = ['en', 'de', 'fr', 'es', 'pt'];
const ACCENT = /[À-ÖØ-öø-ÿ]/u;

function words(texts: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    for (const word of text.split(/[\s,]+/u)) if ([...word].length >= 3) out.add(word);
  }
  return [...out];
}

const stripAccents = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '');

/** At least 200 search texts; SKU and remote-id fragments are sampled from the data set itself. */
export function searchQueries(database: Sqlite.Database, seed = 1): SearchQuery[] {
  const random = new Random(seed);
  const queries: SearchQuery[] = [];
  const add = (kind: SearchQuery['kind'], texts: readonly string[], count: number) => {
    for (const text of random.sample(texts, count)) queries.push({ kind, text });
  };

  const latinWords = words(
    LATIN.flatMap((language) => [
      ...FAMILIES.map((family) => family.noun[language]),
      ...STYLES[language].adjectives,
    ]),
  );
  add(
    'latin',
    latinWords.filter((word) => !ACCENT.test(word)),
    60,
  );
  const accented = latinWords.filter((word) => ACCENT.test(word));
  add('accented', accented, 20);
  // The index drops diacritics, so a seller typing without accents still finds the accented title.
  add('accented', accented.map(stripAccents), 10);

  // Listings are written in Japanese (Amazon JP); Chinese appears only in master SKU titles, so a
  // few Chinese searches stand for the seller who types in their own language and finds nothing.
  const threeOrMore = (texts: string[]) => texts.filter((text) => [...text].length >= 3);
  const japanese = threeOrMore([
    ...FAMILIES.map((family) => family.noun.ja),
    ...STYLES.ja.adjectives,
    ...Object.values(COLOURS).map((colour) => colour.ja),
  ]);
  add('cjk', japanese, 24);
  add(
    'cjk',
    threeOrMore([...FAMILIES.map((family) => family.noun.zh), ...STYLES.zh.adjectives]),
    6,
  );
  add('thai', [...FAMILIES.map((family) => family.noun.th), ...STYLES.th.adjectives], 10);

  const multiWord = LATIN.flatMap((language) =>
    FAMILIES.map((family) => `${family.noun[language]} ${COLOURS.BLK?.[language] ?? ''}`.trim()),
  );
  add('multi-word', multiWord, 20);

  const sampled = database
    .prepare('SELECT sku, remote_id FROM listings WHERE id % 487 = 0 ORDER BY id')
    .all() as { sku: string; remote_id: string }[];
  const skuFragments = sampled.flatMap(({ sku }) => {
    const parts = sku.split('-');
    return [sku, parts.slice(0, 2).join('-'), parts.slice(1).join('-'), sku.slice(0, 6)].filter(
      (fragment) => fragment.length >= 3,
    );
  });
  add('sku', skuFragments, 50);
  add(
    'remote-id',
    sampled.map(({ remote_id }) => remote_id.slice(2, 10)),
    10,
  );
  add('short', ['PC', 'BT', 'YM', 'KG', 'CB', 'W', 'L', 'LE', '防水', '耳机'], 10);
  return queries;
}

export type ListingsQuery = InputOf<'listings.query'>;

const SORT_FIELDS = [
  'title',
  'sku',
  'price',
  'quantity',
  'status',
  'marketplace',
  'updatedAt',
] as const;
const LOCALES = ['en-US', 'de-DE', 'ja-JP', 'en-GB', 'fr-FR', 'es-ES', 'en-SG', 'th-TH', 'pt-BR'];

/** `count` listings.query inputs: one to three filters each, every sort, first and later pages. */
export function listingsQueries(
  accountIds: readonly number[],
  count: number,
  seed = 2,
): ListingsQuery[] {
  const random = new Random(seed);
  const filters: ((query: ListingsQuery) => void)[] = [
    (q) => (q.marketplaces = random.sample(MARKETPLACES, random.int(1, 2))),
    (q) => (q.statuses = random.sample(LISTING_STATUSES, random.int(1, 2))),
    (q) => (q.accountIds = random.sample(accountIds, random.int(1, 3))),
    (q) => {
      const low = random.int(0, 3_000);
      q.priceMinorMin = low;
      q.priceMinorMax = low + random.int(500, 5_000);
    },
    (q) => (q.quantityMax = random.pick([0, 5, 20])),
    (q) => (q.quantityMin = random.pick([1, 50, 200])),
    (q) => (q.locale = random.pick(LOCALES)),
    (q) => (q.unlinked = true),
    (q) => (q.syncStates = ['synced']),
  ];
  return Array.from({ length: count }, () => {
    const query: ListingsQuery = {
      sort: { field: random.pick(SORT_FIELDS), dir: random.pick(['asc', 'desc'] as const) },
      offset: random.weighted<number>([
        [0, 6],
        [200, 3],
        [2_000, 1],
      ]),
      limit: 200,
    };
    // Most screens have a filter or two; a few show everything, sorted.
    for (const apply of random.sample(
      filters,
      random.weighted<number>([
        [0, 1],
        [1, 4],
        [2, 4],
        [3, 2],
      ]),
    )) {
      apply(query);
    }
    return query;
  });
}
