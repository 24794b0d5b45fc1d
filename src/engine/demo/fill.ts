/**
 * `fillDemo` writes the demo seller into a data folder through the store's own write path, one
 * transaction per page, as a sync would. Options are validated before the store is opened, so bad
 * input writes nothing; a failure part-way leaves the pages already committed (each is whole) and
 * a rerun with the same options completes the rest, since every write is an upsert.
 */
import { join } from 'node:path';
import type { AccountId } from '../../shared/ids.js';
import { createLogger } from '../../shared/log.js';
import {
  openStore,
  STORE_FILE_NAME,
  upsertAccount,
  upsertListings,
  upsertOrders,
  upsertProducts,
} from '../store/index.js';
import { generateDemo, parseDemoOptions, type DemoCounts, type DemoOptions } from './generate.js';

const log = createLogger('demo');

/** The seed `silkroute demo` uses unless told otherwise. */
export const DEFAULT_DEMO_SEED = 20_240_601;

export type DemoPhase = 'accounts' | 'products' | 'listings' | 'orders';

export interface FillDemoOptions extends Partial<DemoOptions> {
  /** Called after each committed page; `done` counts items of the phase written so far. */
  onProgress?: (progress: { phase: DemoPhase; done: number; total: number }) => void;
}

/** How many items of each kind went through the store's write path. */
export interface FillDemoResult extends DemoCounts {
  /** The database file written. */
  path: string;
}

/**
 * Opens (creating if needed) the store in `dataDir` and writes the demo data into it. `now`
 * defaults to the current time — read here, never inside the generator — and `seed` to
 * DEFAULT_DEMO_SEED.
 */
export function fillDemo(dataDir: string, options: FillDemoOptions = {}): FillDemoResult {
  if (typeof dataDir !== 'string' || dataDir.trim() === '') {
    throw new RangeError('fillDemo needs a data folder path');
  }
  const { onProgress, ...demoOptions } = options;
  const parsed = parseDemoOptions({ seed: DEFAULT_DEMO_SEED, now: new Date(), ...demoOptions });
  const demo = generateDemo(parsed);
  const report = onProgress ?? (() => undefined);
  const store = openStore(join(dataDir, STORE_FILE_NAME));
  try {
    const accountIds: AccountId[] = store.write((w) =>
      demo.accounts.map((account) => upsertAccount(w, account)),
    );
    report({ phase: 'accounts', done: accountIds.length, total: demo.counts.accounts });

    let products = 0;
    for (const page of demo.productPages()) {
      store.write((w) => upsertProducts(w, page));
      products += page.length;
      report({ phase: 'products', done: products, total: demo.counts.products });
    }

    let listings = 0;
    for (const page of demo.listingPages()) {
      const accountId = accountIdAt(accountIds, page.account);
      store.write((w) => upsertListings(w, accountId, page.items));
      listings += page.items.length;
      report({ phase: 'listings', done: listings, total: demo.counts.listings });
    }

    let orders = 0;
    for (const page of demo.orderPages()) {
      const accountId = accountIdAt(accountIds, page.account);
      store.write((w) => upsertOrders(w, accountId, page.items));
      orders += page.items.length;
      report({ phase: 'orders', done: orders, total: demo.counts.orders });
    }

    const result: FillDemoResult = {
      path: store.path,
      accounts: accountIds.length,
      products,
      listings,
      orders,
    };
    log.debug('demo data written', result);
    return result;
  } finally {
    // Closing also refreshes the planner's statistics, so the first queries on the new rows plan well.
    store.close();
  }
}

function accountIdAt(accountIds: readonly AccountId[], index: number): AccountId {
  const id = accountIds[index];
  if (id === undefined)
    throw new RangeError(`Demo page names account ${index}, which was not written`);
  return id;
}
