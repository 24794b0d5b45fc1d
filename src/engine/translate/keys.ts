/**
 * Where provider keys live. Backed by the encrypted SecretStore (scope `translate-provider`);
 * a key is never logged and never returned through the contract — the renderer learns only
 * whether one is stored.
 */
import { SECRET_SCOPES, type SecretStore } from '../secrets/index.js';

export interface ProviderKeyStore {
  get(providerId: string): Promise<string | null>;
  put(providerId: string, key: string): Promise<void>;
  delete(providerId: string): void;
  /** Providers that have a key stored (no key is opened to answer). */
  stored(): Set<string>;
}

export function secretProviderKeys(secrets: SecretStore): ProviderKeyStore {
  const scope = SECRET_SCOPES.translateProvider;
  return {
    get: (providerId) => secrets.get({ scope, name: providerId }),
    put: (providerId, value) => secrets.put({ scope, name: providerId, value }),
    delete: (providerId) => {
      secrets.delete({ scope, name: providerId });
    },
    stored: () => new Set(secrets.list(scope).map((entry) => entry.name)),
  };
}

/** Keys kept in memory for this process only (tests, and engines opened without secrets). */
export function memoryProviderKeys(initial: Record<string, string> = {}): ProviderKeyStore {
  const keys = new Map(Object.entries(initial));
  return {
    get: (providerId) => Promise.resolve(keys.get(providerId) ?? null),
    put: (providerId, value) => {
      keys.set(providerId, value);
      return Promise.resolve();
    },
    delete: (providerId) => {
      keys.delete(providerId);
    },
    stored: () => new Set(keys.keys()),
  };
}
