import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataKeyPath, secretStoreFor, unlockDataKey } from '../engine/secrets/index.js';
import { testFolder } from '../engine/secrets/test-support.js';
import { engineKeyEnvironment, keychainProtector, unlockForApp } from './secret-key.js';

/** safeStorage as the OS keychain behaves: a per-user key the process cannot see. */
function fakeSafeStorage(
  options: { available?: boolean; backend?: string; rotate?: boolean } = {},
) {
  const osKey = 0x5c;
  const xor = (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ osKey));
  let encryptions = 0;
  return {
    get encryptions() {
      return encryptions;
    },
    isAsyncEncryptionAvailable: () => Promise.resolve(options.available ?? true),
    getSelectedStorageBackend: () => (options.backend ?? 'gnome_libsecret') as 'gnome_libsecret',
    encryptStringAsync: (text: string) => {
      encryptions += 1;
      return Promise.resolve(Buffer.concat([Buffer.from('v11'), xor(Buffer.from(text))]));
    },
    decryptStringAsync: (sealed: Buffer) =>
      Promise.resolve({
        result: xor(sealed.subarray(3)).toString(),
        shouldReEncrypt: options.rotate ?? false,
      }),
  };
}

describe('the desktop app’s data key', () => {
  it('is wrapped by the OS keychain, opens again, and reaches the engine only through its environment', async () => {
    const folder = testFolder();
    try {
      const safeStorage = fakeSafeStorage();
      const made = await unlockForApp(folder.dir, safeStorage, {});
      expect(made.protector).toBe('os-keychain');
      const wrapped = readFileSync(dataKeyPath(folder.dir, 'os-keychain'), 'utf8');
      expect(wrapped).not.toContain(made.key.toString('base64'));
      const again = await unlockForApp(folder.dir, safeStorage, {});
      expect(again.key.equals(made.key)).toBe(true);
      // The engine process, given the handed-over key, opens what the app sealed.
      const env = engineKeyEnvironment(made);
      await secretStoreFor(folder.store, folder.dir, env).put({
        scope: 's',
        name: 'n',
        value: 'v',
      });
      expect(
        await secretStoreFor(folder.store, folder.dir, env).get({ scope: 's', name: 'n' }),
      ).toBe('v');
    } finally {
      folder.close();
    }
  });

  it('wraps the key again when the keychain asks for it', async () => {
    const folder = testFolder();
    try {
      const made = await unlockForApp(folder.dir, fakeSafeStorage(), {});
      const rotating = fakeSafeStorage({ rotate: true });
      const again = await unlockDataKey(folder.dir, [keychainProtector(rotating)]);
      expect(again.key.equals(made.key)).toBe(true);
      expect(rotating.encryptions).toBe(1);
    } finally {
      folder.close();
    }
  });

  it('falls back to the key file where the keychain is only a fixed password, and keeps a CLI-made key', async () => {
    const folder = testFolder();
    try {
      const basic = await unlockForApp(folder.dir, fakeSafeStorage({ backend: 'basic_text' }), {});
      expect(basic.protector).toBe('key-file');
      // A real keychain later does not lock the folder: the key file still opens it.
      const later = await unlockForApp(folder.dir, fakeSafeStorage(), {});
      expect(later.protector).toBe('key-file');
      expect(later.key.equals(basic.key)).toBe(true);
    } finally {
      folder.close();
    }
  });
});
