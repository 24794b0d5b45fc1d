/**
 * The data key: 32 random bytes made once per data folder, kept only wrapped, one file per
 * protector (`data-key.<kind>.json`, 0600). The first protector in the list that has a wrapped copy
 * opens it; with no copy at all, a new key is made and wrapped by the first protector. Creation is
 * exclusive (write a temporary file, then hard-link it into place), so the app and the CLI starting
 * together cannot make two different keys.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DATA_KEY_BYTES, keyId } from './cipher.js';
import { SecretsError } from './errors.js';
import type { KeyProtector, ProtectorKind } from './protectors.js';

const PROTECTOR_KINDS: readonly ProtectorKind[] = ['os-keychain', 'environment', 'key-file'];

const DESCRIBE: Record<ProtectorKind, string> = {
  'os-keychain': "the desktop app's OS keychain (open the folder with the app)",
  environment: 'a passphrase in SILKROUTE_SECRET_KEY (set it to the same value)',
  'key-file': 'the key file secret.key in the data folder (put it back)',
};

const DataKeyFile = z.strictObject({
  version: z.literal(1),
  kind: z.enum(['os-keychain', 'environment', 'key-file']),
  keyId: z.string(),
  wrapped: z.string(),
});

export function dataKeyPath(dataDir: string, kind: ProtectorKind): string {
  return join(dataDir, `data-key.${kind}.json`);
}

export interface UnlockedKey {
  key: Buffer;
  id: string;
  protector: ProtectorKind;
}

async function writeWrapped(
  dataDir: string,
  protector: KeyProtector,
  key: Buffer,
  exclusive: boolean,
): Promise<boolean> {
  const path = dataKeyPath(dataDir, protector.kind);
  const body = JSON.stringify({
    version: 1,
    kind: protector.kind,
    keyId: keyId(key),
    wrapped: await protector.wrap(key),
  });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, `${body}\n`, { mode: 0o600 });
  try {
    if (!exclusive) {
      renameSync(temporary, path);
      return true;
    }
    try {
      linkSync(temporary, path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  } finally {
    rmSync(temporary, { force: true });
  }
}

async function unwrapFile(dataDir: string, protector: KeyProtector): Promise<UnlockedKey> {
  const path = dataKeyPath(dataDir, protector.kind);
  let parsed;
  try {
    parsed = DataKeyFile.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    throw new SecretsError('tampered', `${path} is not a readable data key file`);
  }
  const { dataKey, rewrap } = await protector.unwrap(parsed.wrapped);
  if (dataKey.length !== DATA_KEY_BYTES || keyId(dataKey) !== parsed.keyId) {
    throw new SecretsError('tampered', `${path} holds a different key than it names`);
  }
  if (rewrap) await writeWrapped(dataDir, protector, dataKey, false);
  return { key: dataKey, id: parsed.keyId, protector: protector.kind };
}

/**
 * Opens (or makes) the folder's data key with the first protector that can. Throws
 * SecretsError('locked') naming what protects it when none of `protectors` has a copy.
 */
export async function unlockDataKey(
  dataDir: string,
  protectors: readonly KeyProtector[],
): Promise<UnlockedKey> {
  if (protectors.length === 0) throw new SecretsError('locked', 'No key protector was given');
  for (const protector of protectors) {
    if (existsSync(dataKeyPath(dataDir, protector.kind))) return unwrapFile(dataDir, protector);
  }
  const others = PROTECTOR_KINDS.filter((kind) => existsSync(dataKeyPath(dataDir, kind)));
  if (others.length > 0) {
    throw new SecretsError(
      'locked',
      `The stored secrets in ${dataDir} are protected by ${others.map((kind) => DESCRIBE[kind]).join(' or ')}`,
    );
  }
  const first = protectors[0]!;
  const key = randomBytes(DATA_KEY_BYTES);
  // Someone else may have made the key meanwhile: then theirs is the key.
  if (!(await writeWrapped(dataDir, first, key, true))) return unwrapFile(dataDir, first);
  return { key, id: keyId(key), protector: first.kind };
}
