/** Outputs of the translation methods (contract-translate.ts). Keys never appear here. */
import type { Marketplace, TextReviewState } from '../domain.js';
import type { Money } from '../money.js';
import type { ProviderKind } from './contract-translate.js';

export interface ProviderSummary {
  id: string;
  kind: ProviderKind;
  name: string;
  baseUrl: string;
  model: string | null;
  project: string | null;
  location: string | null;
  region: string | null;
  pricePerMillionMinor: number;
  currency: string;
  /** The built-in sandbox translator: simulated on this computer, nothing is charged. */
  sandbox: boolean;
  /** Whether a key is stored (the key itself never leaves the engine). */
  hasKey: boolean;
  keyRequired: boolean;
  /** Characters billed and their cost at the configured price, over every run so far. */
  spent: { characters: number; cost: Money };
}

export interface TranslateEstimate {
  providerId: string;
  texts: number;
  upToDate: number;
  segments: number;
  memoryHits: number;
  characters: number;
  cost: Money;
}

export interface TranslateFailure {
  listingId: number;
  sku: string;
  locale: string;
  message: string;
}

export interface TranslateOutcome {
  providerId: string;
  translated: number;
  failures: TranslateFailure[];
  billedCharacters: number;
  cost: Money;
  memoryHits: number;
  requests: number;
}

export interface RuleIssue {
  field: 'title';
  code: 'too_long' | 'forbidden_character' | 'empty';
  message: string;
  suggestion?: string;
}

export interface TextContent {
  title: string;
  description: string;
  bulletPoints: string[];
}

export interface TranslationTextDetail {
  listingId: number;
  sku: string;
  marketplace: Marketplace;
  site: string;
  locale: string;
  sourceLocale: string;
  source: TextContent;
  text:
    | (TextContent & {
        keywords: string[];
        state: TextReviewState;
        origin: 'machine' | 'human' | null;
      })
    | null;
  /** Every locale the site needs and where each stands. */
  locales: { locale: string; state: TextReviewState; needsTranslation: boolean }[];
  titleLimit: number;
  issues: RuleIssue[];
  /** Why the listing cannot be published yet (naming the locale), or null. */
  publishBlock: string | null;
}

export interface PublishResult {
  /**
   * `unsent`: reviewed languages of a site with several (Shopee MY's Malay) that the marketplace's
   * connector cannot write: they stay reviewed, not published. Where it writes them all (Amazon.ca,
   * Amazon.com.be) nothing is unsent, and every text turns published once the push succeeds.
   */
  published: { listingId: number; sku: string; unsent: string[] }[];
  blocked: { listingId: number; sku: string; locale: string | null; message: string }[];
}

export interface GlossaryEntry {
  id: number;
  term: string;
  locale: string | null;
  translation: string | null;
  doNotTranslate: boolean;
  updatedAt: string;
}
