/**
 * The translation features behind the contract: providers (with keys in the ProviderKeyStore),
 * estimate and run, one text with its source and rules, review, publish and the glossary.
 */
import type {
  GlossaryEntry,
  ProviderSummary,
  PublishResult,
  TranslateEstimate,
  TranslateOutcome,
  TranslationTextDetail,
} from '../../shared/api/types-translate.js';
import type { Store } from '../store/connection.js';
import {
  TranslationInputError,
  publishListings,
  publishBlock,
  reviewText,
  type ReviewInput,
} from './review.js';
import { deleteGlossaryTerm, listGlossary, saveGlossaryTerm } from './glossary-store.js';
import type { ProviderKeyStore } from './keys.js';
import {
  addSpent,
  hasSandboxTranslator,
  readProviders,
  readSpent,
  SANDBOX_PROVIDER_ID,
  sandboxProviderConfig,
  sandboxTranslatorEndpoint,
  writeProviders,
} from './provider-settings.js';
import { createProvider, keyOptional, type ProviderConfig } from './providers/index.js';
import { checkTitle, titleRule } from './rules.js';
import type { TitleLimits, TitleLimitOf } from './title-limits.js';
import { costOf, planTranslation, runTranslation } from './run.js';
import { loadListings, loadTexts, markStale, materializeMissing, textKey } from './texts.js';

export interface TranslateServiceOptions {
  store: Store;
  keys: ProviderKeyStore;
  newKey: () => string;
  /** Amazon's title limits per product type; without it the general limits apply. */
  titleLimits?: TitleLimits;
}

export class TranslateService {
  constructor(private readonly options: TranslateServiceOptions) {}

  private get store(): Store {
    return this.options.store;
  }

  private configs(): ProviderConfig[] {
    const stored = this.store.read(readProviders);
    return hasSandboxTranslator() ? [sandboxProviderConfig(), ...stored] : stored;
  }

  providers(): ProviderSummary[] {
    const stored = this.options.keys.stored();
    const spent = this.store.read(readSpent);
    return this.configs().map((config) => {
      const characters = spent[config.id]?.characters ?? 0;
      return {
        id: config.id,
        kind: config.kind,
        name: config.name,
        baseUrl: config.sandbox ? '' : config.baseUrl,
        model: config.model ?? null,
        project: config.project ?? null,
        location: config.location ?? null,
        region: config.region ?? null,
        pricePerMillionMinor: config.pricePerMillionMinor,
        currency: config.currency,
        sandbox: config.sandbox === true,
        hasKey: config.sandbox === true || stored.has(config.id),
        keyRequired: !keyOptional(config),
        spent: { characters, cost: costOf(characters, config) },
      };
    });
  }

  async saveProvider(
    input: Omit<ProviderConfig, 'sandbox'> & { key?: string | undefined },
  ): Promise<ProviderSummary[]> {
    const { key, ...config } = input;
    if (config.id === SANDBOX_PROVIDER_ID)
      throw new TranslationInputError(
        `"${SANDBOX_PROVIDER_ID}" is the built-in sandbox translator's id`,
      );
    if (key !== undefined) await this.options.keys.put(config.id, key);
    this.store.write((w) => {
      const others = readProviders(w).filter((provider) => provider.id !== config.id);
      writeProviders(w, [...others, config]);
    });
    return this.providers();
  }

  deleteProvider(id: string): ProviderSummary[] {
    const removed = this.store.write((w) => {
      const all = readProviders(w);
      const kept = all.filter((provider) => provider.id !== id);
      writeProviders(w, kept);
      return kept.length !== all.length;
    });
    if (!removed) throw new TranslationInputError(`There is no provider "${id}"`);
    this.options.keys.delete(id);
    return this.providers();
  }

  /**
   * The title limits of these listings; with `refresh`, missing or outdated Amazon product type
   * limits are read through the accounts' connectors first.
   */
  private async limitsOf(listingIds: readonly number[], refresh: boolean): Promise<TitleLimitOf> {
    const { titleLimits } = this.options;
    if (!titleLimits) return () => null;
    const listings = this.store.read((r) => loadListings(r, listingIds));
    return titleLimits.resolve(listings, { refresh });
  }

  private config(providerId: string): ProviderConfig {
    const config = this.configs().find((provider) => provider.id === providerId);
    if (!config) throw new TranslationInputError(`There is no provider "${providerId}"`);
    return config;
  }

  async estimate(input: {
    providerId: string;
    listingIds: number[];
    locales?: string[] | undefined;
  }): Promise<TranslateEstimate> {
    const config = this.config(input.providerId);
    await this.limitsOf(input.listingIds, true);
    this.store.write((w) => markStale(w, input.listingIds));
    const plan = planTranslation(this.store, input, config);
    return { providerId: config.id, ...plan.estimate };
  }

  async run(input: {
    providerId: string;
    listingIds: number[];
    locales?: string[] | undefined;
  }): Promise<TranslateOutcome> {
    let config = this.config(input.providerId);
    let key: string | null;
    if (config.sandbox) {
      const endpoint = await sandboxTranslatorEndpoint();
      if (!endpoint) throw new TranslationInputError('This engine has no sandbox translator');
      config = sandboxProviderConfig(endpoint.baseUrl);
      key = endpoint.key;
    } else {
      key = await this.options.keys.get(config.id);
    }
    await this.limitsOf(input.listingIds, true);
    const provider = createProvider(config, key);
    try {
      this.store.write((w) => markStale(w, input.listingIds));
      const plan = planTranslation(this.store, input, config);
      const outcome = await runTranslation(this.store, plan, provider, config);
      if (outcome.billedCharacters > 0)
        this.store.write((w) => addSpent(w, config.id, outcome.billedCharacters));
      return { providerId: config.id, ...outcome };
    } finally {
      provider.close();
    }
  }

  async text(listingId: number, locale: string): Promise<TranslationTextDetail> {
    // The cache only: opening a text never waits for Amazon (estimate and run fill it).
    const limitOf = await this.limitsOf([listingId], false);
    return this.store.read((r) => {
      const listing = loadListings(r, [listingId])[0];
      if (!listing) throw new TranslationInputError(`Listing ${listingId} does not exist`);
      const texts = loadTexts(r, [listingId]);
      const stored = texts.get(textKey(listingId, locale));
      const current =
        stored && stored.sourceHash !== listing.sourceHash && stored.state !== 'missing'
          ? 'stale'
          : stored?.state;
      const block = publishBlock(listing, texts, limitOf);
      const limit = limitOf(listing);
      return {
        listingId,
        sku: listing.sku,
        marketplace: listing.marketplace,
        site: listing.site,
        locale,
        sourceLocale: listing.source.locale,
        source: {
          title: listing.source.title,
          description: listing.source.description,
          bulletPoints: listing.source.bulletPoints,
        },
        text: stored
          ? {
              title: stored.title,
              description: stored.description,
              bulletPoints: stored.bulletPoints,
              keywords: stored.keywords,
              state: current ?? stored.state,
              origin: stored.origin,
            }
          : null,
        locales: listing.locales.map((entry) => {
          const text = texts.get(textKey(listingId, entry));
          const needsTranslation = listing.toTranslate.includes(entry);
          const state = !needsTranslation
            ? 'published'
            : !text
              ? 'missing'
              : text.sourceHash !== listing.sourceHash
                ? 'stale'
                : text.state;
          return { locale: entry, state, needsTranslation };
        }),
        titleLimit: titleRule(listing.marketplace, limit).maxLength,
        issues: stored ? checkTitle(stored.title, listing.marketplace, locale, limit) : [],
        publishBlock: block?.message ?? null,
      };
    });
  }

  review(input: ReviewInput): Promise<TranslationTextDetail> {
    this.store.write((w) => reviewText(w, input));
    return this.text(input.listingId, input.locale);
  }

  async publish(listingIds: number[]): Promise<PublishResult> {
    const limitOf = await this.limitsOf(listingIds, true);
    const outcome = this.store.write((w) =>
      publishListings(w, listingIds, this.options.newKey, limitOf),
    );
    return {
      published: outcome.published.map(({ listingId, sku, unsent }) => ({
        listingId,
        sku,
        unsent,
      })),
      blocked: outcome.blocked.map(({ listingId, sku, locale, message }) => ({
        listingId,
        sku,
        locale,
        message,
      })),
    };
  }

  /** Marks stale texts and stores the missing ones the translations view should list. */
  checkStale(): { stale: number; missing: number } {
    return this.store.write((w) => ({ stale: markStale(w), missing: materializeMissing(w) }));
  }

  glossary(): GlossaryEntry[] {
    return this.store.read(listGlossary);
  }

  saveGlossary(entry: {
    id?: number | undefined;
    term: string;
    locale: string | null;
    translation: string | null;
    doNotTranslate: boolean;
  }): GlossaryEntry[] {
    this.store.write((w) => saveGlossaryTerm(w, entry));
    return this.glossary();
  }

  deleteGlossary(id: number): GlossaryEntry[] {
    const deleted = this.store.write((w) => deleteGlossaryTerm(w, id));
    if (!deleted) throw new TranslationInputError(`Glossary term ${id} does not exist`);
    return this.glossary();
  }
}
