/**
 * A configured provider (the schema lives in the contract, shared/api/contract-translate.ts) and
 * the published list prices and endpoints offered as defaults; the seller may change them.
 */
import type { ProviderKind } from '../../../shared/api/contract-translate.js';

export { ProviderConfig } from '../../../shared/api/contract-translate.js';

/** List prices per million characters at the time of writing, in integer minor units. */
export const DEFAULT_PRICES: Record<ProviderKind, { minor: number; currency: string }> = {
  deepl: { minor: 2000, currency: 'EUR' },
  'google-v2': { minor: 2000, currency: 'USD' },
  'google-v3': { minor: 2000, currency: 'USD' },
  azure: { minor: 1000, currency: 'USD' },
  libretranslate: { minor: 0, currency: 'USD' },
  openai: { minor: 0, currency: 'USD' },
};

export const DEFAULT_BASE_URLS: Record<ProviderKind, string> = {
  deepl: 'https://api.deepl.com',
  'google-v2': 'https://translation.googleapis.com',
  'google-v3': 'https://translation.googleapis.com',
  azure: 'https://api.cognitive.microsofttranslator.com',
  libretranslate: 'http://127.0.0.1:5000',
  openai: 'http://127.0.0.1:11434',
};
