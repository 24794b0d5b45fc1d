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
export {
  compileRaw,
  defineRawStatement,
  defineStatement,
  qb,
  type StatementDef,
} from './compiler.js';
export { migrate, readSchemaVersion, type MigrateOptions } from './migrate.js';
export { LATEST_SCHEMA_VERSION, migrations } from './migrations/index.js';
export * from './errors.js';
export * from './ingest.js';
export {
  applyListingEdit,
  type ListingChangeSet,
  type ListingEdit,
  type ListingEditResult,
} from './edits.js';
export { indexListings, indexProducts, reindexListing } from './fts.js';
export { listAccounts, countEverything } from './queries/accounts.js';
export { getSku, listSkus } from './queries/catalog.js';
export { listChangeBatches, listSyncRuns } from './queries/history.js';
export { getListing, queryListings } from './queries/listings.js';
export { getOrder, queryOrders } from './queries/orders.js';
export { defaultSettings, readSettings, writeSettings } from './queries/settings.js';
export { queryTranslations } from './queries/translations.js';
export type { AccountInput, ProductInput } from './inputs.js';
export type { Database } from './schema.js';
