/**
 * A configured provider as the seller sets it up (stored in settings, never with its key: keys
 * live in the ProviderKeyStore). Prices are what the provider publishes per million characters,
 * editable because plans and prices change.
 */
import { z } from 'zod';
import { PROVIDER_KINDS } from './types.js';

export const ProviderConfig = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes'),
  kind: z.enum(PROVIDER_KINDS),
  name: z.string().trim().min(1).max(80),
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** Chat model (openai), project and location (google-v3), resource region (azure). */
  model: z.string().max(100).optional(),
  project: z.string().max(100).optional(),
  location: z.string().max(50).optional(),
  region: z.string().max(50).optional(),
  /** Integer minor units of `currency` per million billed characters (DeepL Pro: 2000 = EUR 20). */
  pricePerMillionMinor: z.number().int().min(0).max(100_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/),
  requestsPerSecond: z.number().min(0.1).max(100).optional(),
  /** The built-in sandbox translator: simulated on this computer, needs no key. */
  sandbox: z.boolean().optional(),
});
export type ProviderConfig = z.infer<typeof ProviderConfig>;

/** Published list prices per million characters at the time of writing; the seller may change them. */
export const DEFAULT_PRICES: Record<
  z.infer<typeof ProviderConfig>['kind'],
  { minor: number; currency: string }
> = {
  deepl: { minor: 2000, currency: 'EUR' },
  'google-v2': { minor: 2000, currency: 'USD' },
  'google-v3': { minor: 2000, currency: 'USD' },
  azure: { minor: 1000, currency: 'USD' },
  libretranslate: { minor: 0, currency: 'USD' },
  openai: { minor: 0, currency: 'USD' },
};

export const DEFAULT_BASE_URLS: Record<z.infer<typeof ProviderConfig>['kind'], string> = {
  deepl: 'https://api.deepl.com',
  'google-v2': 'https://translation.googleapis.com',
  'google-v3': 'https://translation.googleapis.com',
  azure: 'https://api.cognitive.microsofttranslator.com',
  libretranslate: 'http://127.0.0.1:5000',
  openai: 'http://127.0.0.1:11434',
};
