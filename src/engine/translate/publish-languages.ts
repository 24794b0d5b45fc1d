/**
 * Publishing on a site that lists in several languages (Amazon.ca: en-CA and fr-CA). The
 * listing's own fields carry the site's first language; the others live only in listing_texts.
 * When the marketplace's connector can write every language in one call (updatableFields has
 * 'languages'), the listing's content job carries each language's title and description under
 * `values.languages` (and 'languages' in `changed`), the site's first language first.
 *
 * A text sent this way stays 'reviewed' until the marketplace accepts the job: only then is it
 * marked 'published' (publishSentLanguages, called when the push records a success). A failed or
 * never-sent job leaves it reviewed, so nothing is marked published without being sent.
 */
import { z } from 'zod';
import { qb } from '../store/compiler.js';
import type { Writer } from '../store/connection.js';
import { queueGroupJob } from '../store/edits.js';
import { openBatch } from '../store/pending.js';
import { parseJson } from '../store/values.js';
import { LOCALE_PATTERN } from './locales.js';
import {
  loadTexts,
  setTextState,
  textKey,
  type ListingForTranslation,
  type StoredText,
} from './texts.js';

/** `values.languages` of a content job, re-validated whenever a job is read back. */
export const JobLanguages = z
  .array(
    z.object({
      locale: z.string().regex(LOCALE_PATTERN),
      title: z.string(),
      description: z.string(),
    }),
  )
  .min(1);
export type JobLanguages = z.infer<typeof JobLanguages>;

interface ListingRow {
  account_id: number;
  remote_id: string;
  remote_variant_id: string;
  currency: string;
  title: string;
  description: string;
  bullet_points: string;
  keywords: string;
  local_version: number;
}

function readRow(w: Writer, listingId: number): ListingRow {
  const row = w.first(
    qb
      .selectFrom('listings')
      .select([
        'account_id',
        'remote_id',
        'remote_variant_id',
        'currency',
        'title',
        'description',
        'bullet_points',
        'keywords',
        'local_version',
      ])
      .where('id', '=', listingId),
  );
  if (!row) throw new Error(`Listing ${listingId} does not exist`);
  return row;
}

/**
 * Every language's text, the site's first language first: a translated locale's reviewed text;
 * the first language, when the source is already in it, is what the listing carries; another
 * locale in the source's language is the source text.
 */
export function languageTexts(
  w: Writer,
  listing: ListingForTranslation,
  texts: Map<string, StoredText>,
): JobLanguages {
  const row = readRow(w, listing.listingId);
  return listing.locales.map((locale, index) => {
    if (listing.toTranslate.includes(locale)) {
      const text = texts.get(textKey(listing.listingId, locale));
      // publishBlock has already required a reviewed text for every locale to translate.
      if (!text) throw new Error(`The ${locale} text of ${listing.sku} is missing`);
      return { locale, title: text.title, description: text.description };
    }
    const own = index === 0 ? row : listing.source;
    return { locale, title: own.title, description: own.description };
  });
}

/**
 * Puts the languages on the listing's content job: the one just queued by the publish edit when
 * there is one, else a new held job with the listing's current content (replacing, and carrying
 * the fields of, a waiting one). Returns the job id.
 */
export function queueLanguages(
  w: Writer,
  input: {
    listing: ListingForTranslation;
    languages: JobLanguages;
    queuedJobIds: readonly number[];
    batchId: number | null;
    newKey: () => string;
  },
): { jobId: number; batchId: number } {
  const { listing } = input;
  const queued =
    input.queuedJobIds.length === 0
      ? undefined
      : w.first(
          qb
            .selectFrom('outbox')
            .select(['id', 'payload', 'batch_id'])
            .where('id', 'in', [...input.queuedJobIds])
            .where('kind', '=', 'listing.content'),
        );
  let jobId: number;
  let batchId: number;
  let payloadText: string;
  if (queued) {
    jobId = queued.id;
    batchId = queued.batch_id ?? input.batchId ?? openBatch(w, label(listing), 'edit');
    payloadText = queued.payload;
  } else {
    const row = readRow(w, listing.listingId);
    batchId = input.batchId ?? openBatch(w, label(listing), 'edit');
    jobId = queueGroupJob(w, {
      listing: {
        id: listing.listingId,
        accountId: row.account_id,
        remoteId: row.remote_id,
        remoteVariantId: row.remote_variant_id,
        currency: row.currency,
      },
      kind: 'listing.content',
      values: {
        title: row.title,
        description: row.description,
        bulletPoints: parseJson<string[]>(row.bullet_points, []),
        keywords: parseJson<string[]>(row.keywords, []),
      },
      changed: [],
      batchId,
      baseVersion: row.local_version,
      source: 'edit',
      newKey: input.newKey,
      hold: true,
    });
    payloadText = w.first(
      qb.selectFrom('outbox').select('payload').where('id', '=', jobId),
    )!.payload;
  }
  const payload = parseJson<{ values: Record<string, unknown>; changed: string[] }>(payloadText, {
    values: {},
    changed: [],
  });
  payload.values.languages = input.languages;
  // Writing every language rewrites the first one's title (and description, when it has one) on
  // the marketplace too: they are changed fields of the job (held by a conflict on them, and the
  // listing's base once it lands).
  const [first] = input.languages;
  const written = ['title', ...(first && first.description.trim() !== '' ? ['description'] : [])];
  payload.changed = [...new Set([...payload.changed, ...written, 'languages'])];
  w.expectOne(
    w.run(
      qb
        .updateTable('outbox')
        .set({ payload: JSON.stringify(payload), updated_at: w.now() })
        .where('id', '=', jobId),
    ),
    `outbox job ${jobId}`,
  );
  return { jobId, batchId };
}

function label(listing: ListingForTranslation): string {
  return `Publish ${listing.locales.join(', ')} texts of ${listing.sku}`;
}

/**
 * The marketplace accepted a content job: each text it carried becomes 'published' when it is
 * still the reviewed text that was sent (one changed since stays reviewed, to be published again).
 */
export function publishSentLanguages(
  w: Writer,
  payload: { listingId: number; values: Record<string, unknown>; changed: readonly string[] },
): number {
  if (!payload.changed.includes('languages')) return 0;
  const languages = JobLanguages.safeParse(payload.values.languages);
  if (!languages.success) return 0;
  const texts = loadTexts(w, [payload.listingId]);
  let published = 0;
  for (const sent of languages.data) {
    const text = texts.get(textKey(payload.listingId, sent.locale));
    if (
      text?.state === 'reviewed' &&
      text.title === sent.title &&
      text.description === sent.description
    ) {
      setTextState(w, payload.listingId, sent.locale, 'published');
      published += 1;
    }
  }
  return published;
}
