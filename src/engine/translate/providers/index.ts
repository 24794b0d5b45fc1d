/** Builds a provider client from its configuration and key. */
import type { Clock } from '../../../connectors/http/clock.js';
import { createAzureProvider } from './azure.js';
import type { ProviderConfig } from './config.js';
import { createDeepLProvider } from './deepl.js';
import { createGoogleV2Provider, createGoogleV3Provider } from './google.js';
import { createLibreTranslateProvider } from './libretranslate.js';
import { createOpenAiProvider } from './openai.js';
import { TranslationProviderError, type TranslationProvider } from './types.js';

export * from './types.js';
export * from './config.js';

/** Providers that work without a key (self-hosted, local models, the sandbox). */
export function keyOptional(config: ProviderConfig): boolean {
  return config.kind === 'libretranslate' || config.kind === 'openai' || config.sandbox === true;
}

export function createProvider(
  config: ProviderConfig,
  key: string | null,
  clock?: Clock,
): TranslationProvider {
  const required = (): string => {
    if (key) return key;
    throw new TranslationProviderError(
      `${config.name} has no key yet: add it in the provider settings`,
      config.id,
      'auth',
    );
  };
  switch (config.kind) {
    case 'deepl':
      return createDeepLProvider(config, config.sandbox ? (key ?? 'sandbox') : required(), clock);
    case 'google-v2':
      return createGoogleV2Provider(config, required(), clock);
    case 'google-v3':
      return createGoogleV3Provider(config, required(), clock);
    case 'azure':
      return createAzureProvider(config, required(), clock);
    case 'libretranslate':
      return createLibreTranslateProvider(config, key, clock);
    case 'openai':
      return createOpenAiProvider(config, key, clock);
  }
}
