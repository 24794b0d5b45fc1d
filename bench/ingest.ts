/**
 * Order ingest: the store's upsert path against the floor of what SQLite can do — plain prepared
 * INSERTs of the same rows through better-sqlite3, into a second fresh database migrated by the
 * same code (so the same tables, indexes and triggers), over a connection opened the same way.
 *
 * Both sides get the same pages, one transaction per page, alternating which goes first so that
 * neither always meets a warmer cache. Only the write is timed: generating a page is not.
 */
import { join } from 'node:path';
import type Sqlite from 'better-sqlite3';
import type { DemoData } from '../src/engine/demo/index.js';
import type { NormalizedOrder } from '../src/shared/marketplace.js';
import type { AccountId } from '../src/shared/ids.js';
import {
  openStore,
  STORE_FILE_NAME,
  upsertAccount,
  upsertOrders,
  upsertProducts,
  type Store,
} from '../src/engine/store/index.js';

export interface IngestResult {
  orders: number;
  lines: number;
  pageSize: number;
  storeMs: number;
  rawMs: number;
  /** Throughput of the store path ÷ throughput of raw inserts (1 = as fast as raw). */
  ratio: number;
}

/** Accounts and the catalogue are set up untimed and identically on both sides. */
function seedCatalogue(store: Store, demo: DemoData): AccountId[] {
  const ids = store.write((w) => demo.accounts.map((account) => upsertAccount(w, account)));
  for (const page of demo.productPages()) store.write((w) => upsertProducts(w, page));
  return ids;
}

function rawInserter(database: Sqlite.Database) {
  const insertOrder = database.prepare(
    `INSERT INTO orders (account_id, marketplace, remote_id, raw_status, status, placed_at, updated_at,
       ship_by, buyer_country, total_minor, currency, raw, ingested_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertLine = database.prepare(
    `INSERT INTO order_lines (order_id, line_id, sku, product_id, remote_listing_id, remote_variant_id,
       title, quantity, unit_price_minor, currency)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const productIds = new Map(
    (database.prepare('SELECT id, sku FROM products').all() as { id: number; sku: string }[]).map(
      (row) => [row.sku, row.id],
    ),
  );
  return database.transaction(
    (accountId: number, marketplace: string, orders: NormalizedOrder[]) => {
      const now = new Date().toISOString();
      for (const order of orders) {
        const { lastInsertRowid } = insertOrder.run(
          accountId,
          marketplace,
          order.remoteId,
          order.rawStatus,
          order.status,
          order.placedAt,
          order.updatedAt,
          order.shipBy,
          order.buyerCountry,
          order.total.amountMinor,
          order.total.currency,
          JSON.stringify(order.raw),
          now,
        );
        for (const line of order.lines) {
          insertLine.run(
            lastInsertRowid,
            line.lineId,
            line.sku,
            productIds.get(line.sku) ?? null,
            line.remoteListingId,
            line.remoteVariantId,
            line.title,
            line.quantity,
            line.unitPrice.amountMinor,
            line.unitPrice.currency,
          );
        }
      }
    },
  );
}

function count(database: Sqlite.Database, table: string): number {
  return (database.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

export function benchIngest(workDir: string, demo: DemoData, pageSize: number): IngestResult {
  const storeSide = openStore(join(workDir, 'ingest-store', STORE_FILE_NAME));
  const rawSide = openStore(join(workDir, 'ingest-raw', STORE_FILE_NAME));
  try {
    const storeAccounts = seedCatalogue(storeSide, demo);
    const rawAccounts = seedCatalogue(rawSide, demo);
    const insertRaw = rawInserter(rawSide.raw);
    let storeMs = 0;
    let rawMs = 0;
    let pageNumber = 0;
    for (const page of demo.orderPages(pageSize)) {
      const account = demo.accounts[page.account]!;
      const runStore = () => {
        const start = performance.now();
        storeSide.write((w) => upsertOrders(w, storeAccounts[page.account]!, page.items));
        storeMs += performance.now() - start;
      };
      const runRaw = () => {
        const start = performance.now();
        insertRaw(rawAccounts[page.account]!, account.marketplace, page.items);
        rawMs += performance.now() - start;
      };
      if (pageNumber % 2 === 0) {
        runStore();
        runRaw();
      } else {
        runRaw();
        runStore();
      }
      pageNumber += 1;
    }
    const orders = count(storeSide.raw, 'orders');
    const lines = count(storeSide.raw, 'order_lines');
    if (orders !== count(rawSide.raw, 'orders') || lines !== count(rawSide.raw, 'order_lines')) {
      throw new Error('Ingest benchmark: the two sides did not write the same rows');
    }
    return { orders, lines, pageSize, storeMs, rawMs, ratio: rawMs / storeMs };
  } finally {
    storeSide.close();
    rawSide.close();
  }
}
