/** The store's public surface. */
export {
  openStore,
  STORE_FILE_NAME,
  type OpenStoreOptions,
  type Reader,
  type RunResult,
  type Store,
  type Writer,
} from './connection.js';
export { qb, defineStatement, type StatementDef } from './compiler.js';
export { migrate, readSchemaVersion, type MigrateOptions } from './migrate.js';
export { LATEST_SCHEMA_VERSION, migrations } from './migrations/index.js';
export * from './errors.js';
export * from './ingest.js';
export type { AccountInput, ProductInput } from './inputs.js';
export type { Database } from './schema.js';
