/**
 * A small seller for the workbench's store tests: three shops in three currencies (USD, GBP, JPY),
 * master SKUs with stock, linked and unlinked listings, all synced (each listing has its base).
 */
import type { AccountId } from '../../shared/ids.js';
import { qb } from './compiler.js';
import type { Reader, Store } from './connection.js';
import { upsertAccount, upsertListings, upsertProducts } from './ingest.js';
import { accountInput, listingInput, productInput } from './test-fixtures.js';

export interface Seller {
  amazon: AccountId;
  ebay: AccountId;
  shopee: AccountId;
}

export function seedSeller(store: Store): Seller {
  return store.write((w) => {
    const amazon = upsertAccount(w, accountInput());
    const ebay = upsertAccount(
      w,
      accountInput({
        marketplace: 'ebay',
        site: 'EBAY_GB',
        shopId: 'EB-1',
        displayName: 'Acme UK',
        currency: 'GBP',
        locale: 'en-GB',
      }),
    );
    const shopee = upsertAccount(
      w,
      accountInput({
        marketplace: 'shopee',
        site: 'JP',
        shopId: 'SP-1',
        displayName: 'Acme JP',
        currency: 'JPY',
        locale: 'ja-JP',
      }),
    );
    upsertProducts(
      w,
      Array.from({ length: 4 }, (_, n) =>
        productInput({ sku: `SKU-${n}`, stock: [{ warehouse: 'SZ', onHand: 50, reserved: 0 }] }),
      ),
    );
    upsertListings(
      w,
      amazon,
      Array.from({ length: 4 }, (_, n) =>
        listingInput({
          remoteId: `A${n}`,
          sku: `SKU-${n}`,
          title: `Garden lamp ${n}`,
          price: { amountMinor: 1000 + n * 100, currency: 'USD' },
          quantity: 50,
        }),
      ),
    );
    upsertListings(w, ebay, [
      listingInput({
        remoteId: 'E0',
        sku: 'SKU-0',
        title: 'Garden lamp solar',
        price: { amountMinor: 1250, currency: 'GBP' },
        locale: 'en-GB',
        quantity: 50,
      }),
      listingInput({
        remoteId: 'E1',
        sku: 'LOOSE-1',
        title: 'Unlinked mug',
        price: { amountMinor: 800, currency: 'GBP' },
        locale: 'en-GB',
      }),
    ]);
    upsertListings(w, shopee, [
      listingInput({
        remoteId: 'S0',
        sku: 'SKU-1',
        title: 'ガーデンランプ',
        price: { amountMinor: 1500, currency: 'JPY' },
        locale: 'ja-JP',
        quantity: 50,
      }),
    ]);
    return { amazon, ebay, shopee };
  });
}

export interface ListingValues {
  id: number;
  sku: string;
  title: string;
  price_minor: number;
  currency: string;
  quantity: number;
  status: string;
  dirty: number;
  sync_state: string;
  local_version: number;
}

/** Every listing's editable values and state, by remote id. */
export function listingsByRemoteId(r: Reader): Map<string, ListingValues> {
  return new Map(
    r
      .all(
        qb
          .selectFrom('listings')
          .select([
            'id',
            'remote_id',
            'sku',
            'title',
            'price_minor',
            'currency',
            'quantity',
            'status',
            'dirty',
            'sync_state',
            'local_version',
          ]),
      )
      .map((row) => [row.remote_id, row]),
  );
}

/** Outbox jobs with their state and batch, oldest first. */
export function outboxJobs(r: Reader) {
  return r.all(
    qb
      .selectFrom('outbox')
      .select(['id', 'listing_id', 'batch_id', 'kind', 'state', 'source', 'payload'])
      .orderBy('id'),
  );
}
