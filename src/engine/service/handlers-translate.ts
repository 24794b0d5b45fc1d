/**
 * Handlers of the translation methods (contract-translate.ts), registered by handlers.ts. Provider
 * keys live in the encrypted SecretStore of the data folder; errors of the translation layer leave
 * as ApiErrors with their own message (the seller reads which locale, provider or quota).
 */
import { ApiError } from '../../shared/api/index.js';
import { secretStoreFor } from '../secrets/index.js';
import { secretProviderKeys, type ProviderKeyStore } from '../translate/keys.js';
import { TranslationProviderError } from '../translate/providers/types.js';
import { TranslationInputError } from '../translate/review.js';
import { TranslateService } from '../translate/service.js';
import { TitleLimits } from '../translate/title-limits.js';
import { SqliteConnectorStateStore } from '../store/connector-state.js';
import type { Handlers } from './dispatch.js';
import type { HandlerContext } from './handlers.js';
import { newJobKey } from '../store/job-keys.js';

export type TranslateMethodName =
  | 'translate.providers'
  | 'translate.saveProvider'
  | 'translate.deleteProvider'
  | 'translate.estimate'
  | 'translate.run'
  | 'translate.text'
  | 'translate.review'
  | 'translate.publish'
  | 'translate.checkStale'
  | 'glossary.list'
  | 'glossary.save'
  | 'glossary.delete';

function translated<T>(work: () => T): T {
  try {
    const value = work();
    return value instanceof Promise
      ? (value.catch((error: unknown) => {
          throw toApi(error);
        }) as T)
      : value;
  } catch (error) {
    throw toApi(error);
  }
}

function toApi(error: unknown): unknown {
  if (error instanceof TranslationInputError) return new ApiError('invalid_input', error.message);
  // Not 'unauthorized': that code means the window's own session to the engine was refused.
  if (error instanceof TranslationProviderError) return new ApiError('unavailable', error.message);
  return error;
}

export function createTranslateHandlers(
  context: HandlerContext,
  keys: ProviderKeyStore = secretProviderKeys(secretStoreFor(context.store, context.dataDir)),
): Pick<Handlers, TranslateMethodName> {
  const service = new TranslateService({
    store: context.store,
    keys,
    newKey: context.newKey ?? newJobKey,
    titleLimits: new TitleLimits({
      state: new SqliteConnectorStateStore(context.store),
      // The connectors the engine reaches now: sandbox shops and connected real shops.
      connectorOf: (accountId) =>
        context.link?.(accountId)?.connector ?? context.connections?.connector(accountId) ?? null,
    }),
  });
  const changed = (...entities: ('translations' | 'listings' | 'changes' | 'settings')[]) =>
    context.emitChanged(entities);
  return {
    'translate.providers': () => translated(() => service.providers()),
    'translate.saveProvider': (input) =>
      translated(async () => {
        const providers = await service.saveProvider(input);
        changed('settings');
        return providers;
      }),
    'translate.deleteProvider': ({ id }) =>
      translated(() => {
        const providers = service.deleteProvider(id);
        changed('settings');
        return providers;
      }),
    'translate.estimate': (input) => translated(() => service.estimate(input)),
    'translate.run': (input) =>
      translated(async () => {
        const outcome = await service.run(input);
        changed('translations', 'settings');
        return outcome;
      }),
    'translate.text': ({ listingId, locale }) => translated(() => service.text(listingId, locale)),
    'translate.review': (input) =>
      translated(async () => {
        const detail = await service.review(input);
        changed('translations');
        return detail;
      }),
    'translate.publish': ({ listingIds }) =>
      translated(async () => {
        const result = await service.publish(listingIds);
        if (result.published.length > 0) changed('translations', 'listings', 'changes');
        return result;
      }),
    'translate.checkStale': () =>
      translated(() => {
        const result = service.checkStale();
        if (result.stale > 0 || result.missing > 0) changed('translations');
        return result;
      }),
    'glossary.list': () => translated(() => service.glossary()),
    'glossary.save': (input) =>
      translated(() => {
        const entries = service.saveGlossary(input);
        changed('translations');
        return entries;
      }),
    'glossary.delete': ({ id }) =>
      translated(() => {
        const entries = service.deleteGlossary(id);
        changed('translations');
        return entries;
      }),
  };
}
