/**
 * AES-256-GCM sealing of one secret. The associated data names where the blob belongs (for a
 * stored secret: its scope and name, e.g. the account and the kind of token), so a blob copied into
 * another row fails authentication instead of decrypting as someone else's token.
 *
 * Layout: version (1 byte) | IV (12 bytes, random per seal) | tag (16 bytes) | ciphertext.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { SecretsError } from './errors.js';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const DATA_KEY_BYTES = 32;

function checkKey(key: Buffer): void {
  if (key.length !== DATA_KEY_BYTES) {
    throw new SecretsError('bad_key', `An encryption key must be ${DATA_KEY_BYTES} bytes`);
  }
}

export function seal(key: Buffer, plaintext: Buffer, associatedData: string): Buffer {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

/** Opens a sealed blob; throws SecretsError('tampered') when the key, data or blob do not match. */
export function open(key: Buffer, sealed: Buffer, associatedData: string): Buffer {
  checkKey(key);
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION) {
    throw new SecretsError('tampered', 'The sealed secret is not in a format this Silkroute knows');
  }
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const body = sealed.subarray(1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new SecretsError(
      'tampered',
      'The secret could not be decrypted: wrong key, or the stored blob was changed or moved',
    );
  }
}

/** A short public name of a key (never the key): says which key sealed a row, without revealing it. */
export function keyId(key: Buffer): string {
  checkKey(key);
  return createHmac('sha256', key).update('silkroute key id v1').digest('hex').slice(0, 16);
}
