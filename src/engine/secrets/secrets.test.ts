import { chmodSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyId, open, seal } from './cipher.js';
import { dataKeyPath, unlockDataKey } from './data-key.js';
import {
  adoptHandedDataKey,
  ENGINE_DATA_KEY_ENV,
  secretStoreFor,
  unlockFromEnvironment,
} from './environment.js';
import { SecretsError } from './errors.js';
import { environmentProtector, keyFileProtector, KEY_FILE_NAME } from './protectors.js';
import { SECRET_SCOPES, SecretStore } from './secret-store.js';
import { testFolder, type TestFolder } from './test-support.js';
import { SecretTokenStore } from './token-store.js';

const PASSPHRASE = 'correct horse battery staple, twice';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof SecretsError ? error.code : `other: ${String(error)}`;
  }
  return undefined;
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return error instanceof SecretsError ? error.code : `other: ${String(error)}`;
  }
  return undefined;
}

describe('cipher', () => {
  const key = Buffer.alloc(32, 7);

  it('opens what it sealed only with the same key and associated data', () => {
    const sealed = seal(key, Buffer.from('tok-123'), 'a');
    expect(open(key, sealed, 'a').toString()).toBe('tok-123');
    expect(code(() => open(key, sealed, 'b'))).toBe('tampered');
    expect(code(() => open(Buffer.alloc(32, 8), sealed, 'a'))).toBe('tampered');
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1]! ^= 1;
    expect(code(() => open(key, flipped, 'a'))).toBe('tampered');
    // A fresh IV each time: the same value never seals to the same bytes.
    expect(seal(key, Buffer.from('x'), 'a').equals(seal(key, Buffer.from('x'), 'a'))).toBe(false);
  });

  it('refuses keys of the wrong length and names keys without revealing them', () => {
    expect(code(() => seal(Buffer.alloc(16), Buffer.from('x'), 'a'))).toBe('bad_key');
    expect(keyId(key)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyId(key)).not.toContain(key.toString('hex').slice(0, 8));
  });
});

describe('data key', () => {
  let folder: TestFolder;
  beforeEach(() => {
    folder = testFolder();
  });
  afterEach(() => folder.close());

  it('makes the key file 0600 and the same data key opens again', async () => {
    const first = await unlockDataKey(folder.dir, [keyFileProtector(folder.dir)]);
    const mode = statSync(join(folder.dir, KEY_FILE_NAME)).mode & 0o777;
    if (process.platform !== 'win32') expect(mode).toBe(0o600);
    const second = await unlockDataKey(folder.dir, [keyFileProtector(folder.dir)]);
    expect(second.key.equals(first.key)).toBe(true);
    expect(second.protector).toBe('key-file');
    // The wrapped copy on disk is not the key.
    const wrapped = readFileSync(dataKeyPath(folder.dir, 'key-file'));
    expect(wrapped.includes(first.key.toString('base64'))).toBe(false);
  });

  it.runIf(process.platform !== 'win32')(
    'refuses a key file readable by group or others, with the fix in the message',
    async () => {
      await unlockDataKey(folder.dir, [keyFileProtector(folder.dir)]);
      chmodSync(join(folder.dir, KEY_FILE_NAME), 0o644);
      const failure = await unlockDataKey(folder.dir, [keyFileProtector(folder.dir)]).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(SecretsError);
      expect((failure as SecretsError).code).toBe('key_file_permissions');
      expect((failure as SecretsError).message).toContain('chmod 600');
    },
  );

  it('opens with the same passphrase, refuses another, and names what protects a folder', async () => {
    const made = await unlockDataKey(folder.dir, [environmentProtector(PASSPHRASE)]);
    const again = await unlockDataKey(folder.dir, [environmentProtector(PASSPHRASE)]);
    expect(again.key.equals(made.key)).toBe(true);
    expect(await codeOf(unlockDataKey(folder.dir, [environmentProtector(`${PASSPHRASE}!`)]))).toBe(
      'tampered',
    );
    await expect(unlockDataKey(folder.dir, [keyFileProtector(folder.dir)])).rejects.toMatchObject({
      code: 'locked',
      message: expect.stringContaining('SILKROUTE_SECRET_KEY') as unknown,
    });
    expect(code(() => environmentProtector('short'))).toBe('bad_key');
  });

  it('makes one key when two processes start at once', async () => {
    const [a, b] = await Promise.all([
      unlockDataKey(folder.dir, [keyFileProtector(folder.dir)]),
      unlockDataKey(folder.dir, [keyFileProtector(folder.dir)]),
    ]);
    expect(a.key.equals(b.key)).toBe(true);
    expect(readdirSync(folder.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('takes a data key handed over by the app, and refuses a malformed one', async () => {
    const key = Buffer.alloc(32, 3);
    const unlocked = await unlockFromEnvironment(folder.dir, {
      [ENGINE_DATA_KEY_ENV]: key.toString('base64'),
    })();
    expect(unlocked.key.equals(key)).toBe(true);
    expect(
      await codeOf(unlockFromEnvironment(folder.dir, { [ENGINE_DATA_KEY_ENV]: 'abcd' })()),
    ).toBe('bad_key');
  });

  it('takes the handed key out of the environment, so no child process inherits it', async () => {
    const key = Buffer.alloc(32, 5);
    const env: NodeJS.ProcessEnv = { [ENGINE_DATA_KEY_ENV]: key.toString('base64') };
    adoptHandedDataKey(env);
    expect(env[ENGINE_DATA_KEY_ENV]).toBeUndefined();
    const unlocked = await unlockFromEnvironment(folder.dir, env)();
    expect(unlocked.key.equals(key)).toBe(true);
    expect(unlocked.protector).toBe('os-keychain');
  });
});

describe('SecretStore', () => {
  let folder: TestFolder;
  beforeEach(() => {
    folder = testFolder();
  });
  afterEach(() => folder.close());

  it('stores sealed values that survive a reopen and never sit in the file in clear', async () => {
    const secrets = secretStoreFor(folder.store, folder.dir, {});
    const value = 'sk-provider-0123456789abcdef';
    await secrets.put({ scope: SECRET_SCOPES.translateProvider, name: 'deepl', value });
    expect(await secrets.get({ scope: SECRET_SCOPES.translateProvider, name: 'deepl' })).toBe(
      value,
    );
    expect(secrets.list(SECRET_SCOPES.translateProvider).map((entry) => entry.name)).toEqual([
      'deepl',
    ]);
    folder.store.raw.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(join(folder.dir, 'silkroute.db')).includes(value)).toBe(false);
    const reopened = secretStoreFor(folder.store, folder.dir, {});
    expect(await reopened.get({ scope: SECRET_SCOPES.translateProvider, name: 'deepl' })).toBe(
      value,
    );
    expect(secrets.delete({ scope: SECRET_SCOPES.translateProvider, name: 'deepl' })).toBe(true);
    expect(await secrets.get({ scope: SECRET_SCOPES.translateProvider, name: 'deepl' })).toBeNull();
  });

  it('refuses a blob moved to another row', async () => {
    const secrets = secretStoreFor(folder.store, folder.dir, {});
    await secrets.put({ scope: 'marketplace-tokens', name: '1', value: 'token-of-one' });
    await secrets.put({ scope: 'marketplace-tokens', name: '2', value: 'token-of-two' });
    folder.store.raw.exec(
      `UPDATE secrets SET sealed = (SELECT sealed FROM secrets WHERE name = '1') WHERE name = '2'`,
    );
    expect(await codeOf(secrets.get({ scope: 'marketplace-tokens', name: '2' }))).toBe('tampered');
  });

  it('names a row sealed under another data key, and refuses bad names before writing', async () => {
    const one = new SecretStore({
      store: folder.store,
      unlock: () =>
        Promise.resolve({
          key: Buffer.alloc(32, 1),
          id: keyId(Buffer.alloc(32, 1)),
          protector: 'key-file',
        }),
    });
    await one.put({ scope: 'app-credentials', name: 'shopee', value: 'partner-key' });
    const other = new SecretStore({
      store: folder.store,
      unlock: () =>
        Promise.resolve({
          key: Buffer.alloc(32, 2),
          id: keyId(Buffer.alloc(32, 2)),
          protector: 'key-file',
        }),
    });
    expect(await codeOf(other.get({ scope: 'app-credentials', name: 'shopee' }))).toBe(
      'key_mismatch',
    );
    expect(await codeOf(one.put({ scope: 'bad scope', name: 'x', value: 'v' }))).toBe(
      'invalid_name',
    );
    expect(one.list('app-credentials')).toHaveLength(1);
  });

  it('asks for the key only when a secret is used, and again after a failed unlock', async () => {
    let calls = 0;
    const secrets = new SecretStore({
      store: folder.store,
      unlock: () => {
        calls += 1;
        return calls === 1
          ? Promise.reject(new SecretsError('locked', 'not yet'))
          : Promise.resolve({
              key: Buffer.alloc(32, 1),
              id: keyId(Buffer.alloc(32, 1)),
              protector: 'key-file',
            });
      },
    });
    expect(secrets.list('marketplace-tokens')).toEqual([]);
    expect(calls).toBe(0);
    expect(await codeOf(secrets.put({ scope: 's', name: 'n', value: 'v' }))).toBe('locked');
    await secrets.put({ scope: 's', name: 'n', value: 'v' });
    expect(await secrets.get({ scope: 's', name: 'n' })).toBe('v');
    expect(calls).toBe(2);
  });
});

describe('SecretTokenStore', () => {
  let folder: TestFolder;
  beforeEach(() => {
    folder = testFolder();
  });
  afterEach(() => folder.close());

  it('keeps a token pair across a restart, sealed', async () => {
    const tokens = {
      accessToken: 'access-abc-123',
      accessTokenExpiresAt: '2026-11-25T00:00:00.000Z',
      refreshToken: 'refresh-xyz-789',
      refreshTokenExpiresAt: null,
      authorizationExpiresAt: '2027-11-24T00:00:00.000Z',
    };
    await new SecretTokenStore(secretStoreFor(folder.store, folder.dir, {})).save('42', tokens);
    const later = new SecretTokenStore(secretStoreFor(folder.store, folder.dir, {}));
    expect(await later.load('42')).toEqual(tokens);
    expect(await later.load('43')).toBeNull();
    const row = folder.store.raw.prepare(`SELECT sealed FROM secrets`).get() as { sealed: Buffer };
    expect(row.sealed.includes('refresh-xyz-789')).toBe(false);
    expect(later.forget('42')).toBe(true);
    expect(await later.load('42')).toBeNull();
  });

  it('refuses a saved pair that is not a token pair, writing nothing', async () => {
    const store = new SecretTokenStore(secretStoreFor(folder.store, folder.dir, {}));
    await expect(
      store.save('1', { accessToken: 'a' } as unknown as Parameters<typeof store.save>[1]),
    ).rejects.toThrow();
    expect(folder.store.raw.prepare('SELECT count(*) AS n FROM secrets').get()).toEqual({ n: 0 });
  });
});

describe('key file written by hand', () => {
  let folder: TestFolder;
  beforeEach(() => {
    folder = testFolder();
  });
  afterEach(() => folder.close());

  it('refuses a key file that does not hold 32 bytes', async () => {
    writeFileSync(join(folder.dir, KEY_FILE_NAME), 'too-short\n', { mode: 0o600 });
    expect(await codeOf(unlockDataKey(folder.dir, [keyFileProtector(folder.dir)]))).toBe('bad_key');
  });
});
