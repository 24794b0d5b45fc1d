/** Secrets at rest: see secret-store.ts (the API), protectors.ts (what protects the data key). */
export { seal, open, keyId, DATA_KEY_BYTES } from './cipher.js';
export { SecretsError, type SecretsErrorCode } from './errors.js';
export {
  environmentProtector,
  keyFileProtector,
  readOrCreateKeyFile,
  KEY_FILE_NAME,
  SECRET_KEY_ENV,
  MIN_PASSPHRASE_LENGTH,
  type KeyProtector,
  type ProtectorKind,
  type UnwrapResult,
} from './protectors.js';
export { unlockDataKey, dataKeyPath, type UnlockedKey } from './data-key.js';
export {
  SecretStore,
  SECRET_SCOPES,
  type SecretRef,
  type SecretEntry,
  type SecretStoreOptions,
} from './secret-store.js';
export { SecretTokenStore } from './token-store.js';
export { ENGINE_DATA_KEY_ENV, secretStoreFor, unlockFromEnvironment } from './environment.js';
