/**
 * Review and publish. A reviewed text is the seller's: it is stored as reviewed (origin human when
 * they changed the draft) and each of its segments enters the memory as a reviewed translation,
 * which wins over machine ones from then on. Publishing is gated: every locale the listing's site
 * needs must have a reviewed text made from the current source and pass the marketplace's rules;
 * the first failing locale is named. A publishable listing's text goes through the outbox as a
 * content edit (held for the seller to push, like every workbench change). On a site with several
 * languages whose connector writes them all in one call (Amazon.ca), the job carries every
 * language and the texts are published when the push succeeds (publish-languages.ts); elsewhere
 * only the first language is written and the others are reported unsent, still reviewed.
 */
import { CONNECTOR_FACTORIES } from '../../connectors/index.js';
import type { Marketplace } from '../../shared/domain.js';
import { qb } from '../store/compiler.js';
import type { Writer } from '../store/connection.js';
import { applyListingEdit } from '../store/edits.js';
import { rememberTranslation } from './memory.js';
import { languageTexts, queueLanguages } from './publish-languages.js';
import { checkTitle, type RuleIssue } from './rules.js';
import type { TitleLimitOf } from './title-limits.js';
import { segmentHash, segmentsOf } from './source.js';
import {
  loadListings,
  loadTexts,
  setTextState,
  textKey,
  writeText,
  type ListingForTranslation,
  type StoredText,
} from './texts.js';

export class TranslationInputError extends Error {
  override readonly name = 'TranslationInputError';
}

export interface ReviewInput {
  listingId: number;
  locale: string;
  title: string;
  description: string;
  bulletPoints: string[];
  keywords: string[];
}

function listingOrThrow(w: Writer, listingId: number): ListingForTranslation {
  const listing = loadListings(w, [listingId])[0];
  if (!listing) throw new TranslationInputError(`Listing ${listingId} does not exist`);
  return listing;
}

export function reviewText(w: Writer, input: ReviewInput): void {
  const listing = listingOrThrow(w, input.listingId);
  if (!listing.toTranslate.includes(input.locale))
    throw new TranslationInputError(
      `Listing ${listing.sku} needs no ${input.locale} text (its site needs ${listing.locales.join(', ')}; the source is ${listing.source.locale})`,
    );
  if (input.title.trim() === '') throw new TranslationInputError('A reviewed text needs a title');
  const before = loadTexts(w, [input.listingId]).get(textKey(input.listingId, input.locale));
  const changed =
    !before ||
    before.title !== input.title ||
    before.description !== input.description ||
    JSON.stringify(before.bulletPoints) !== JSON.stringify(input.bulletPoints);
  writeText(w, {
    ...input,
    sourceHash: listing.sourceHash,
    origin: changed ? 'human' : (before.origin ?? 'machine'),
    state: 'reviewed',
  });
  for (const segment of segmentsOf(listing.source)) {
    const target =
      segment.field === 'title'
        ? input.title
        : segment.field === 'description'
          ? input.description
          : input.bulletPoints[segment.index];
    if (target === undefined || target.trim() === '') continue;
    rememberTranslation(w, {
      sourceHash: segmentHash(segment.text),
      sourceLocale: listing.source.locale,
      targetLocale: input.locale,
      sourceText: segment.text,
      targetText: target,
      origin: 'human',
      provider: null,
    });
  }
}

export interface PublishBlock {
  listingId: number;
  sku: string;
  locale: string | null;
  message: string;
  issues?: RuleIssue[];
}

export interface PublishOutcome {
  /**
   * `unsent`: reviewed locales of a site with several languages (Shopee MY's Malay) that the
   * marketplace's connector cannot write; they stay 'reviewed', never marked published without
   * being sent.
   */
  published: { listingId: number; sku: string; batchId: number | null; unsent: string[] }[];
  blocked: PublishBlock[];
}

/** Why a listing may not be published yet, or null when it may. */
export function publishBlock(
  listing: ListingForTranslation,
  texts: Map<string, StoredText>,
  limitOf: TitleLimitOf = () => null,
): PublishBlock | null {
  const at = (locale: string, message: string, issues?: RuleIssue[]): PublishBlock => ({
    listingId: listing.listingId,
    sku: listing.sku,
    locale,
    message: `${listing.sku} cannot be published: ${message}`,
    ...(issues ? { issues } : {}),
  });
  for (const locale of listing.toTranslate) {
    const text = texts.get(textKey(listing.listingId, locale));
    if (!text || text.state === 'missing') return at(locale, `the ${locale} text is missing`);
    if (text.state === 'stale' || text.sourceHash !== listing.sourceHash)
      return at(locale, `the ${locale} text is stale: the source changed since it was translated`);
    if (text.state === 'machine')
      return at(locale, `the ${locale} text is a machine draft that has not been reviewed`);
    const issues = checkTitle(text.title, listing.marketplace, locale, limitOf(listing));
    if (issues.length > 0)
      return at(
        locale,
        `the ${locale} title breaks ${listing.marketplace}'s rules: ${issues.map((issue) => issue.message).join('; ')}`,
        issues,
      );
  }
  return null;
}

/** Whether the marketplace's connector writes every language of a site in one call. */
export function connectorWritesLanguages(marketplace: Marketplace): boolean {
  return CONNECTOR_FACTORIES.some(
    (factory) =>
      factory.marketplace === marketplace &&
      factory.capabilities.listings.updatableFields.includes('languages'),
  );
}

export function publishListings(
  w: Writer,
  listingIds: readonly number[],
  newKey: () => string,
  limitOf: TitleLimitOf = () => null,
  writesLanguages: (marketplace: Marketplace) => boolean = connectorWritesLanguages,
): PublishOutcome {
  const listings = loadListings(w, listingIds);
  const found = new Set(listings.map((listing) => listing.listingId));
  const missing = listingIds.find((id) => !found.has(id));
  if (missing !== undefined) throw new TranslationInputError(`Listing ${missing} does not exist`);
  const texts = loadTexts(w, listingIds);
  const outcome: PublishOutcome = { published: [], blocked: [] };
  for (const listing of listings) {
    const block = publishBlock(listing, texts, limitOf);
    if (block) {
      outcome.blocked.push(block);
      continue;
    }
    const primary = listing.locales[0];
    const text = primary !== undefined ? texts.get(textKey(listing.listingId, primary)) : undefined;
    // Several languages, all written in one call: the job carries each, and each text turns
    // published only once the marketplace accepts it (publish-languages.ts).
    const allLanguages = listing.locales.length > 1 && writesLanguages(listing.marketplace);
    let batchId: number | null = null;
    let queuedJobIds: number[] = [];
    if (text && primary !== undefined && listing.toTranslate.includes(primary)) {
      const result = applyListingEdit(
        w,
        {
          id: listing.listingId,
          baseVersion: listing.localVersion,
          // Title and description only: no connector writes bullet points or search keywords
          // yet, and a job naming a field its marketplace cannot take is refused whole. Those
          // stay with the reviewed text (shown in the Translations view), not on the listing.
          changes: { title: text.title, description: text.description },
          label: `Publish ${primary} text of ${listing.sku}`,
          hold: true,
        },
        newKey,
      );
      batchId = result.batchId;
      queuedJobIds = result.outboxJobIds;
      // An unlinked listing is its own source: once its text is in the site's language, so is
      // the listing (otherwise its own new text would read as a changed source in the old one).
      if (listing.linked === false) {
        w.run(
          qb.updateTable('listings').set({ locale: primary }).where('id', '=', listing.listingId),
        );
      }
    }
    if (allLanguages) {
      const languages = languageTexts(w, listing, texts);
      batchId = queueLanguages(w, { listing, languages, queuedJobIds, batchId, newKey }).batchId;
      outcome.published.push({
        listingId: listing.listingId,
        sku: listing.sku,
        batchId,
        unsent: [],
      });
      continue;
    }
    // Only the site's first language is written to the listing: the others are kept reviewed.
    const unsent = listing.toTranslate.filter((locale) => locale !== primary);
    if (primary !== undefined && listing.toTranslate.includes(primary))
      setTextState(w, listing.listingId, primary, 'published');
    outcome.published.push({ listingId: listing.listingId, sku: listing.sku, batchId, unsent });
  }
  return outcome;
}
