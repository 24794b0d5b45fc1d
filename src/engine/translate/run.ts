/**
 * A translation run over selected listings: plan (what needs translating, what the memory already
 * has, what would be billed and what it would cost), then translate the rest through a provider
 * and write machine drafts. Reviewed and published texts whose source is unchanged are never
 * touched; a text whose source changed (stale) or that was never made (missing) is redone.
 *
 * Segments (a title, a description, one bullet) are the unit of the memory and of billing, and
 * each unique one is sent once per language pair, so the same sentence is never paid twice.
 * What was paid for is kept in the memory as soon as it arrives, before the texts are written.
 */
import type { Money } from '../../shared/money.js';
import type { Store } from '../store/connection.js';
import {
  billableCharacters,
  GlossaryRoundTripError,
  protect,
  termsFor,
  type TextKind,
} from './glossary.js';
import { listGlossary } from './glossary-store.js';
import { lookupMemory, rememberTranslation } from './memory.js';
import type { ProviderConfig } from './providers/config.js';
import type { TranslationProvider } from './providers/types.js';
import { segmentHash, segmentsOf, type Segment } from './source.js';
import {
  loadListings,
  loadTexts,
  textKey,
  writeText,
  type ListingForTranslation,
} from './texts.js';

export interface TranslateRequest {
  listingIds: readonly number[];
  /** Only these target locales (default: every locale the listings' sites need). */
  locales?: readonly string[] | undefined;
}

interface Job {
  listing: ListingForTranslation;
  locale: string;
  segments: Segment[];
}

interface PairWork {
  sourceLocale: string;
  targetLocale: string;
  kind: TextKind;
  /** Unique segment texts not in the memory, by hash. */
  misses: Map<string, string>;
}

export interface TranslationEstimate {
  /** Listing texts (listing × locale) that will be made. */
  texts: number;
  /** Texts already reviewed or translated from the current source, left as they are. */
  upToDate: number;
  segments: number;
  memoryHits: number;
  /** Characters the provider will bill (unique segments not in the memory). */
  characters: number;
  cost: Money;
}

export interface TranslationPlan {
  jobs: Job[];
  pairs: PairWork[];
  estimate: TranslationEstimate;
}

export interface TranslationFailure {
  listingId: number;
  sku: string;
  locale: string;
  message: string;
}

export interface TranslationOutcome {
  translated: number;
  failures: TranslationFailure[];
  billedCharacters: number;
  cost: Money;
  memoryHits: number;
  requests: number;
}

/** Cost of `characters` at a price per million, rounded up to a whole minor unit. */
export function costOf(
  characters: number,
  config: Pick<ProviderConfig, 'pricePerMillionMinor' | 'currency'>,
): Money {
  return {
    amountMinor: Math.ceil((characters * config.pricePerMillionMinor) / 1_000_000),
    currency: config.currency,
  };
}

const pairKey = (source: string, target: string, kind: TextKind) =>
  `${source}\u0000${target}\u0000${kind}`;

export function planTranslation(
  store: Store,
  request: TranslateRequest,
  config: Pick<ProviderConfig, 'pricePerMillionMinor' | 'currency'>,
): TranslationPlan {
  return store.read((r) => {
    const listings = loadListings(r, request.listingIds);
    const texts = loadTexts(r, request.listingIds);
    const wanted = request.locales ? new Set(request.locales) : null;
    const jobs: Job[] = [];
    let upToDate = 0;
    for (const listing of listings) {
      for (const locale of listing.toTranslate) {
        if (wanted && !wanted.has(locale)) continue;
        const text = texts.get(textKey(listing.listingId, locale));
        const current = text?.sourceHash === listing.sourceHash;
        if (text && current && text.state !== 'missing' && text.state !== 'stale') {
          upToDate += 1;
          continue;
        }
        jobs.push({ listing, locale, segments: segmentsOf(listing.source) });
      }
    }
    const pairs = new Map<string, PairWork & { all: Map<string, string> }>();
    let segments = 0;
    for (const job of jobs) {
      for (const segment of job.segments) {
        segments += 1;
        const key = pairKey(job.listing.source.locale, job.locale, segment.kind);
        let pair = pairs.get(key);
        if (!pair) {
          pair = {
            sourceLocale: job.listing.source.locale,
            targetLocale: job.locale,
            kind: segment.kind,
            misses: new Map(),
            all: new Map(),
          };
          pairs.set(key, pair);
        }
        pair.all.set(segmentHash(segment.text), segment.text);
      }
    }
    let memoryHits = 0;
    let characters = 0;
    for (const pair of pairs.values()) {
      const hits = lookupMemory(r, [...pair.all.keys()], pair.sourceLocale, pair.targetLocale);
      for (const [hash, text] of pair.all) {
        if (hits.has(hash)) memoryHits += 1;
        else {
          pair.misses.set(hash, text);
          characters += billableCharacters(text, pair.kind);
        }
      }
    }
    return {
      jobs,
      pairs: [...pairs.values()].map(({ all: _all, ...pair }) => pair),
      estimate: {
        texts: jobs.length,
        upToDate,
        segments,
        memoryHits,
        characters,
        cost: costOf(characters, config),
      },
    };
  });
}

/** Translates what the plan says through `provider`, writing memory entries and machine drafts. */
export async function runTranslation(
  store: Store,
  plan: TranslationPlan,
  provider: TranslationProvider,
  config: Pick<ProviderConfig, 'pricePerMillionMinor' | 'currency'>,
  onProgress?: (done: number, total: number) => void,
): Promise<TranslationOutcome> {
  const glossary = store.read(listGlossary);
  const failedSegments = new Map<string, string>();
  let billed = 0;
  let requests = 0;
  let done = 0;
  for (const pair of plan.pairs) {
    if (pair.misses.size === 0) continue;
    const terms = termsFor(glossary, pair.targetLocale);
    const outgoing: string[] = [];
    const sent: { hash: string; text: string; restore: (reply: string) => string }[] = [];
    for (const [hash, text] of pair.misses) {
      try {
        const protectedText = protect(text, pair.kind, terms, provider.protection);
        sent.push({ hash, text, restore: (reply) => protectedText.restore(reply) });
        outgoing.push(protectedText.sent);
      } catch (error) {
        failedSegments.set(`${pair.targetLocale}\u0000${hash}`, messageOf(error));
      }
    }
    let answered;
    try {
      answered = await provider.translateBatch(outgoing, pair.sourceLocale, pair.targetLocale, {
        kind: pair.kind,
      });
    } catch (error) {
      for (const entry of sent)
        failedSegments.set(`${pair.targetLocale}\u0000${entry.hash}`, messageOf(error));
      continue;
    }
    requests += answered.requests;
    store.write((w) => {
      sent.forEach((entry, index) => {
        const result = answered.results[index];
        if (!result) return;
        billed += result.billedCharacters ?? billableCharacters(entry.text, pair.kind);
        try {
          const targetText = entry.restore(result.text);
          rememberTranslation(w, {
            sourceHash: entry.hash,
            sourceLocale: pair.sourceLocale,
            targetLocale: pair.targetLocale,
            sourceText: entry.text,
            targetText,
            origin: 'machine',
            provider: answered.provider,
          });
        } catch (error) {
          if (!(error instanceof GlossaryRoundTripError)) throw error;
          failedSegments.set(
            `${pair.targetLocale}\u0000${entry.hash}`,
            `${provider.id}: ${error.message}`,
          );
        }
      });
    });
    done += sent.length;
    onProgress?.(done, plan.estimate.segments - plan.estimate.memoryHits);
  }
  const failures: TranslationFailure[] = [];
  let translated = 0;
  store.write((w) => {
    const hashesByPair = new Map<string, string[]>();
    for (const job of plan.jobs) {
      const key = `${job.listing.source.locale}\u0000${job.locale}`;
      const list = hashesByPair.get(key) ?? [];
      for (const segment of job.segments) list.push(segmentHash(segment.text));
      hashesByPair.set(key, list);
    }
    const byPair = new Map<string, ReturnType<typeof lookupMemory>>();
    for (const job of plan.jobs) {
      const memoryKey = `${job.listing.source.locale}\u0000${job.locale}`;
      let memory = byPair.get(memoryKey);
      if (!memory) {
        memory = lookupMemory(
          w,
          hashesByPair.get(memoryKey) ?? [],
          job.listing.source.locale,
          job.locale,
        );
        byPair.set(memoryKey, memory);
      }
      const problem = job.segments
        .map((segment) => failedSegments.get(`${job.locale}\u0000${segmentHash(segment.text)}`))
        .find((message) => message !== undefined);
      const pieces = job.segments.map((segment) => ({
        segment,
        hit: memory.get(segmentHash(segment.text)),
      }));
      if (problem !== undefined || pieces.some((piece) => !piece.hit)) {
        failures.push({
          listingId: job.listing.listingId,
          sku: job.listing.sku,
          locale: job.locale,
          message: problem ?? 'no translation arrived for part of the text',
        });
        continue;
      }
      const field = (name: Segment['field']) =>
        pieces.find((piece) => piece.segment.field === name)?.hit?.targetText ?? '';
      writeText(w, {
        listingId: job.listing.listingId,
        locale: job.locale,
        title: field('title'),
        description: field('description'),
        bulletPoints: pieces
          .filter((piece) => piece.segment.field === 'bullet')
          .map((piece) => piece.hit?.targetText ?? ''),
        sourceHash: job.listing.sourceHash,
        origin: 'machine',
        state: 'machine',
      });
      translated += 1;
    }
  });
  return {
    translated,
    failures,
    billedCharacters: billed,
    cost: costOf(billed, config),
    memoryHits: plan.estimate.memoryHits,
    requests,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
