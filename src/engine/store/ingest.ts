/**
 * The store's write path for marketplace and catalog data. Every function takes the Writer of the
 * caller's `store.write`, so a page of data is one transaction and a failure writes nothing.
 * Used by the sync engine, the demo generator, spreadsheet import and the benchmarks.
 */
export { upsertAccount } from './ingest-accounts.js';
export { upsertProducts } from './ingest-products.js';
export { upsertListings } from './ingest-listings.js';
export { upsertOrders, type UpsertOrdersResult } from './ingest-orders.js';
