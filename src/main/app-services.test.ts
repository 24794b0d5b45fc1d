import { describe, expect, it, vi } from 'vitest';
import { ENGINE_DATA_KEY_ENV, secretStoreFor } from '../engine/secrets/index.js';
import { testFolder } from '../engine/secrets/test-support.js';
import { setLogSink } from '../shared/log.js';
import { startAppServices } from './app-services.js';
import type { ElectronLogLike } from './logging.js';

const safeStorage = {
  isAsyncEncryptionAvailable: () => Promise.resolve(true),
  getSelectedStorageBackend: () => 'kwallet6' as const,
  encryptStringAsync: (text: string) => Promise.resolve(Buffer.from(text).reverse()),
  decryptStringAsync: (sealed: Buffer) =>
    Promise.resolve({ result: Buffer.from(sealed).reverse().toString(), shouldReEncrypt: false }),
};

function fakeLog(): ElectronLogLike {
  return {
    transports: {
      file: { maxSize: 0, resolvePathFn: () => '', level: false },
      console: { level: false },
    },
    hooks: [],
    debug: vi.fn(),
    info: vi.fn(),
    warn: vi.fn(),
    error: vi.fn(),
  };
}

describe('startAppServices', () => {
  it('sets up the log, unlocks the data key for the engine and starts updates', async () => {
    const folder = testFolder();
    try {
      const electronLog = fakeLog();
      const updater = {
        autoDownload: false,
        autoInstallOnAppQuit: false,
        logger: null,
        setFeedURL: vi.fn(),
        checkForUpdatesAndNotify: vi.fn(() => Promise.resolve(null)),
      };
      const services = await startAppServices({
        dataDir: folder.dir,
        safeStorage,
        isPackaged: true,
        env: {},
        loadLog: () => Promise.resolve(electronLog),
        loadUpdater: () => Promise.resolve(updater),
      });
      expect(electronLog.transports.file.maxSize).toBeGreaterThan(0);
      expect(Object.keys(services.engineEnv)).toEqual([ENGINE_DATA_KEY_ENV]);
      // The engine, given that environment, opens the folder's secrets.
      const engineSecrets = secretStoreFor(folder.store, folder.dir, services.engineEnv);
      await engineSecrets.put({ scope: 'translate-provider', name: 'deepl', value: 'k-123' });
      expect(await engineSecrets.get({ scope: 'translate-provider', name: 'deepl' })).toBe('k-123');
      expect(updater.checkForUpdatesAndNotify).toHaveBeenCalled();
      services.stop();
    } finally {
      setLogSink(() => undefined, 'warn');
      folder.close();
    }
  });

  it('keeps going when a part fails', async () => {
    const folder = testFolder();
    try {
      const services = await startAppServices({
        dataDir: folder.dir,
        safeStorage: {
          ...safeStorage,
          encryptStringAsync: () => Promise.reject(new Error('no keychain')),
        },
        isPackaged: false,
        env: {},
        loadLog: () => Promise.reject(new Error('no log')),
        loadUpdater: () => Promise.reject(new Error('no updater')),
      });
      expect(services.engineEnv).toEqual({});
      services.stop();
    } finally {
      setLogSink(() => undefined, 'warn');
      folder.close();
    }
  });
});
