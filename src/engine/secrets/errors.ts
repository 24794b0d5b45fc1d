/** Errors of the secrets module; `code` says what the seller (or the test) can act on. */

export type SecretsErrorCode =
  /** The key material has the wrong length or encoding. */
  | 'bad_key'
  /** The key file is readable by group or others: refused rather than trusted. */
  | 'key_file_permissions'
  /** The data key is protected by a different protector than the one this process has. */
  | 'locked'
  /** The key at hand does not open this data key or secret (changed key, or tampered blob). */
  | 'tampered'
  /** The secret was sealed under another data key than the one unlocked. */
  | 'key_mismatch'
  /** A scope or name that cannot be stored. */
  | 'invalid_name';

export class SecretsError extends Error {
  override readonly name = 'SecretsError';
  constructor(
    readonly code: SecretsErrorCode,
    message: string,
  ) {
    super(message);
  }
}
