/**
 * One interface over every translation provider. A provider receives texts already protected for
 * its glossary mechanism (glossary.ts) and answers them in order, each with the characters it
 * billed; splitting into requests that respect the provider's published limits is its own job.
 */
import type { ProtectionMode, TextKind } from '../glossary.js';

import type { ProviderKind } from '../../../shared/api/contract-translate.js';

export { PROVIDER_KINDS, type ProviderKind } from '../../../shared/api/contract-translate.js';

/** What one request may carry, from each provider's documentation. */
export interface ProviderLimits {
  maxTexts: number;
  /** Characters of all texts of one request together. */
  maxCharacters: number;
}

export interface TranslateOptions {
  kind: TextKind;
}

export interface TranslationResult {
  text: string;
  /** What the provider said it billed; null when it does not say (then the source is counted). */
  billedCharacters: number | null;
}

export interface BatchResult {
  /** The provider's id, kept with each translation in the memory. */
  provider: string;
  results: TranslationResult[];
  /** Requests sent for this batch (after splitting). */
  requests: number;
}

export interface TranslationProvider {
  readonly id: string;
  readonly kind: ProviderKind;
  readonly limits: ProviderLimits;
  readonly protection: ProtectionMode;
  translateBatch(
    texts: readonly string[],
    source: string,
    target: string,
    options: TranslateOptions,
  ): Promise<BatchResult>;
  close(): void;
}

/** A provider refused the language pair, the key or the quota; the message says which. */
export class TranslationProviderError extends Error {
  override readonly name = 'TranslationProviderError';
  constructor(
    message: string,
    readonly provider: string,
    readonly code: 'quota' | 'auth' | 'rate_limited' | 'unsupported' | 'failed',
  ) {
    super(message);
  }
}
