/**
 * The desktop app's data key, protected by the OS keychain through Electron's safeStorage (the
 * async API; the sync one is deprecated): Keychain on macOS, DPAPI on Windows, libsecret/kwallet on
 * Linux. Only the main process may use safeStorage, so main unwraps the data key and hands it to the
 * engine's utility process in its environment (ENGINE_DATA_KEY_ENV), never on disk.
 *
 * Where the OS offers no real keychain (Linux `basic_text`, which encrypts with a fixed password),
 * the key file in the data folder is used instead and a warning says so; a folder whose key was made
 * by the CLI (key file or SILKROUTE_SECRET_KEY) keeps that protection.
 */
import type { SafeStorage } from 'electron';
import {
  environmentProtector,
  keyFileProtector,
  SECRET_KEY_ENV,
  unlockDataKey,
  type KeyProtector,
  type UnlockedKey,
} from '../engine/secrets/index.js';
import { ENGINE_DATA_KEY_ENV } from '../engine/secrets/environment.js';
import { createLogger } from '../shared/log.js';

const log = createLogger('main.secrets');

type Keychain = Pick<
  SafeStorage,
  'encryptStringAsync' | 'decryptStringAsync' | 'isAsyncEncryptionAvailable'
> & { getSelectedStorageBackend?: SafeStorage['getSelectedStorageBackend'] };

/** The data key wrapped by safeStorage. */
export function keychainProtector(safeStorage: Keychain): KeyProtector {
  return {
    kind: 'os-keychain',
    async wrap(dataKey) {
      const sealed = await safeStorage.encryptStringAsync(dataKey.toString('base64'));
      return JSON.stringify({ sealed: sealed.toString('base64') });
    },
    async unwrap(wrapped) {
      const { sealed } = JSON.parse(wrapped) as { sealed: string };
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(
        Buffer.from(sealed, 'base64'),
      );
      return { dataKey: Buffer.from(result, 'base64'), rewrap: shouldReEncrypt };
    },
  };
}

/** Whether safeStorage protects anything here (Linux may fall back to a fixed password). */
export async function keychainUsable(safeStorage: Keychain, platform = process.platform) {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return false;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
    return false;
  }
  return true;
}

/** Opens (or makes) the folder's data key the way the desktop app does. */
export async function unlockForApp(
  dataDir: string,
  safeStorage: Keychain,
  env: NodeJS.ProcessEnv = process.env,
): Promise<UnlockedKey> {
  const protectors: KeyProtector[] = [];
  if (await keychainUsable(safeStorage)) protectors.push(keychainProtector(safeStorage));
  else log.warn('no OS keychain: the data key is protected by the key file in the data folder');
  const passphrase = env[SECRET_KEY_ENV];
  if (passphrase) protectors.push(environmentProtector(passphrase));
  protectors.push(keyFileProtector(dataDir));
  return unlockDataKey(dataDir, protectors);
}

/** The environment entries that hand the data key to the engine process. */
export function engineKeyEnvironment(unlocked: UnlockedKey): Record<string, string> {
  return { [ENGINE_DATA_KEY_ENV]: unlocked.key.toString('base64') };
}
