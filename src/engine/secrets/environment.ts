/**
 * Which protector opens the data key in this process:
 * - SILKROUTE_ENGINE_DATA_KEY: the data key itself, handed by the Electron main process (which
 *   unwrapped it with safeStorage) to the engine's utility process it starts; never set by hand;
 * - else SILKROUTE_SECRET_KEY: a passphrase (headless CLI, `serve`, servers);
 * - else the key file `<data>/secret.key` (0600), made at the first use.
 */
import { DATA_KEY_BYTES, keyId } from './cipher.js';
import { unlockDataKey, type UnlockedKey } from './data-key.js';
import { SecretsError } from './errors.js';
import { environmentProtector, keyFileProtector, SECRET_KEY_ENV } from './protectors.js';
import type { Store } from '../store/connection.js';
import { SecretStore } from './secret-store.js';

export const ENGINE_DATA_KEY_ENV = 'SILKROUTE_ENGINE_DATA_KEY';

/** The key the main process handed over, once taken out of the environment. */
let handedKey: string | undefined;

/**
 * Takes the data key handed by the Electron main process out of the environment, so that no
 * process this one starts inherits it; unlocks in this process read it from here afterwards.
 * The engine process calls it first thing.
 */
export function adoptHandedDataKey(env: NodeJS.ProcessEnv = process.env): void {
  const value = env[ENGINE_DATA_KEY_ENV];
  if (!value) return;
  handedKey = value;
  delete env[ENGINE_DATA_KEY_ENV];
}

export function unlockFromEnvironment(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): () => Promise<UnlockedKey> {
  return async () => {
    const handed = env[ENGINE_DATA_KEY_ENV] ?? handedKey;
    if (handed) {
      const key = Buffer.from(handed, 'base64');
      if (key.length !== DATA_KEY_BYTES) {
        throw new SecretsError(
          'bad_key',
          `${ENGINE_DATA_KEY_ENV} is not a ${DATA_KEY_BYTES}-byte key`,
        );
      }
      return { key, id: keyId(key), protector: 'os-keychain' };
    }
    const passphrase = env[SECRET_KEY_ENV];
    if (passphrase) return unlockDataKey(dataDir, [environmentProtector(passphrase)]);
    return unlockDataKey(dataDir, [keyFileProtector(dataDir)]);
  };
}

/** The SecretStore of an engine or CLI command on `store`, keyed as the environment says. */
export function secretStoreFor(
  store: Store,
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): SecretStore {
  return new SecretStore({ store, unlock: unlockFromEnvironment(dataDir, env) });
}
