/**
 * What protects the data key. The data key (32 random bytes) encrypts every secret; it is stored
 * only wrapped by one of these:
 * - `environment`: a passphrase in SILKROUTE_SECRET_KEY, stretched with scrypt. Nothing on disk
 *   opens the secrets; whoever runs the CLI or `serve` must supply it each time.
 * - `key-file`: 32 random bytes in `<data>/secret.key`, created with 0600 permissions. Protects
 *   against someone who gets a backup or the database alone, not against someone who can read the
 *   whole data folder as the seller's user.
 * - `os-keychain`: Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet), implemented in
 *   src/main/ because only the Electron main process may use it.
 */
import { randomBytes, scrypt } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DATA_KEY_BYTES, open, seal } from './cipher.js';
import { SecretsError } from './errors.js';

export type ProtectorKind = 'environment' | 'key-file' | 'os-keychain';

export interface UnwrapResult {
  dataKey: Buffer;
  /** The protector asks for the key to be wrapped again (e.g. safeStorage rotated its key). */
  rewrap: boolean;
}

export interface KeyProtector {
  readonly kind: ProtectorKind;
  /** Wraps the data key into text that can be stored beside the data. */
  wrap(dataKey: Buffer): Promise<string>;
  unwrap(wrapped: string): Promise<UnwrapResult>;
}

export const SECRET_KEY_ENV = 'SILKROUTE_SECRET_KEY';
export const KEY_FILE_NAME = 'secret.key';
/** A passphrase shorter than this is refused: scrypt slows guessing, it cannot make 8 chars safe. */
export const MIN_PASSPHRASE_LENGTH = 16;

const Wrapped = z.strictObject({ salt: z.string(), sealed: z.string().min(1) });

function stretch(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      passphrase,
      salt,
      DATA_KEY_BYTES,
      { N: 1 << 15, r: 8, p: 1, maxmem: 64 << 20 },
      (e, k) => (e ? reject(e) : resolve(k)),
    ),
  );
}

/** Wraps with a key-encryption key; `label` is bound in as associated data. */
function wrapWith(kek: Buffer, salt: Buffer, dataKey: Buffer, label: string): string {
  return JSON.stringify({
    salt: salt.toString('base64'),
    sealed: seal(kek, dataKey, label).toString('base64'),
  });
}

function parseWrapped(wrapped: string): { salt: Buffer; sealed: Buffer } {
  let parsed;
  try {
    parsed = Wrapped.parse(JSON.parse(wrapped));
  } catch {
    throw new SecretsError('tampered', 'The wrapped data key is not readable');
  }
  return { salt: Buffer.from(parsed.salt, 'base64'), sealed: Buffer.from(parsed.sealed, 'base64') };
}

function unwrapWith(kek: Buffer, sealed: Buffer, label: string, what: string): Buffer {
  try {
    const dataKey = open(kek, sealed, label);
    if (dataKey.length !== DATA_KEY_BYTES) throw new Error('length');
    return dataKey;
  } catch {
    throw new SecretsError('tampered', `${what} does not open this data folder's secrets`);
  }
}

/** The data key wrapped by a passphrase given in SILKROUTE_SECRET_KEY. */
export function environmentProtector(passphrase: string): KeyProtector {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new SecretsError(
      'bad_key',
      `${SECRET_KEY_ENV} must be at least ${MIN_PASSPHRASE_LENGTH} characters (for example 32 random bytes in base64)`,
    );
  }
  const label = 'silkroute data key v1: environment';
  return {
    kind: 'environment',
    async wrap(dataKey) {
      const salt = randomBytes(16);
      return wrapWith(await stretch(passphrase, salt), salt, dataKey, label);
    },
    async unwrap(wrapped) {
      const { salt, sealed } = parseWrapped(wrapped);
      const kek = await stretch(passphrase, salt);
      return { dataKey: unwrapWith(kek, sealed, label, SECRET_KEY_ENV), rewrap: false };
    },
  };
}

/**
 * Reads `<dataDir>/secret.key`, creating it (0600, exclusive create) when missing. A file that
 * group or others may read is refused: the key beside the data is only worth as much as its mode.
 */
export function readOrCreateKeyFile(dataDir: string, platform = process.platform): Buffer {
  const path = join(dataDir, KEY_FILE_NAME);
  try {
    const descriptor = openSync(path, 'wx', 0o600);
    try {
      writeSync(descriptor, `${randomBytes(DATA_KEY_BYTES).toString('base64')}\n`);
    } finally {
      closeSync(descriptor);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // Windows has no POSIX modes: the file inherits the user-only ACL of the profile folder.
  if (platform !== 'win32') {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new SecretsError(
        'key_file_permissions',
        `${path} can be read by other users (mode ${mode.toString(8).padStart(3, '0')}): ` +
          `run \`chmod 600 ${path}\` and start again`,
      );
    }
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== DATA_KEY_BYTES) {
    throw new SecretsError('bad_key', `${path} does not hold a ${DATA_KEY_BYTES}-byte key`);
  }
  return key;
}

/** The data key wrapped by the key file in the data folder. */
export function keyFileProtector(dataDir: string, platform = process.platform): KeyProtector {
  const label = 'silkroute data key v1: key-file';
  return {
    kind: 'key-file',
    wrap(dataKey) {
      const kek = readOrCreateKeyFile(dataDir, platform);
      return Promise.resolve(wrapWith(kek, Buffer.alloc(0), dataKey, label));
    },
    unwrap(wrapped) {
      const { sealed } = parseWrapped(wrapped);
      const kek = readOrCreateKeyFile(dataDir, platform);
      return Promise.resolve({
        dataKey: unwrapWith(kek, sealed, label, `${KEY_FILE_NAME}`),
        rewrap: false,
      });
    },
  };
}
