/**
 * Helpers of the morning run's acceptance test (sync-morning.integration.test.ts): what each
 * connector declares, the seller's catalogue adopted from the shops, listings to edit, local edits,
 * and the oversell danger a run should have prevented.
 */
import { expect } from 'vitest';
import { adoptUnlinkedListings, queueStockPushes } from '../../src/engine/stock/index.js';
import { qb } from '../../src/engine/store/compiler.js';
import { applyListingEdit, type ListingChangeSet } from '../../src/engine/store/edits.js';
import type { Marketplace } from '../../src/shared/domain.js';
import type { MarketWorld } from './sync-harness.js';
import type { UnitRef } from './sync-markets/index.js';

/**
 * What each connector declares it can do (its issue, from the marketplace's documentation):
 * AliExpress and eBay cannot list products changed since a time, so every pull reads them whole;
 * AliExpress and Wish listings are not created from the app; the status of an Amazon or AliExpress
 * listing is not changed through the app. Pinned here so a change of capability is a decision.
 */
export const DECLARED: Record<
  Marketplace,
  { changedSince: boolean; create: boolean; updatable: string[] }
> = {
  shopee: {
    changedSince: true,
    create: true,
    updatable: ['description', 'sku', 'status', 'title'],
  },
  aliexpress: { changedSince: false, create: false, updatable: ['description', 'title'] },
  amazon: { changedSince: true, create: true, updatable: ['description', 'languages', 'title'] },
  ebay: { changedSince: false, create: true, updatable: ['description', 'status', 'title'] },
  wish: { changedSince: true, create: false, updatable: ['description', 'status', 'title'] },
};

/** The seller's catalogue is built from the shops' listings; quantities then follow stock. */
export function adopt(w: MarketWorld): void {
  w.store.write((writer) => {
    adoptUnlinkedListings(writer, { newKey: () => `adopt-${Math.random()}` });
    const ids = writer.all(qb.selectFrom('products').select('id')).map((row) => row.id);
    queueStockPushes(writer, ids, { newKey: () => `stock-${Math.random()}` });
  });
}

export type ListingRow = {
  id: number;
  remote_id: string;
  remote_variant_id: string;
  local_version: number;
  title: string;
  price_minor: number;
};

/** Active listings that are their item's only unit (a title edit touches nothing else). */
export function singleUnitListings(w: MarketWorld, shop: number, count: number): ListingRow[] {
  const { accountId } = w.shops[shop]!;
  const rows = w.store.read((r) =>
    r.all(
      qb
        .selectFrom('listings')
        .select(['id', 'remote_id', 'remote_variant_id', 'local_version', 'title', 'price_minor'])
        .where('account_id', '=', accountId)
        .where('status', '=', 'active')
        .where((eb) =>
          eb(
            'remote_id',
            'in',
            eb
              .selectFrom('listings')
              .select('remote_id')
              .where('account_id', '=', accountId)
              .groupBy('remote_id')
              .having((h) => h.fn.countAll(), '=', 1),
          ),
        )
        .orderBy('id')
        .limit(count),
    ),
  );
  expect(rows).toHaveLength(count);
  return rows;
}

export const unitOf = (row: ListingRow): UnitRef => ({
  remoteId: row.remote_id,
  remoteVariantId: row.remote_variant_id,
});

let editKeys = 0;
export function edit(w: MarketWorld, row: ListingRow, changes: ListingChangeSet): void {
  w.store.write((writer) => {
    const { local_version: version } = writer.first(
      qb.selectFrom('listings').select('local_version').where('id', '=', row.id),
    )!;
    applyListingEdit(
      writer,
      { id: row.id, baseVersion: version, changes },
      () => `edit-${++editKeys}`,
    );
  });
}

/**
 * Oversell danger the run should have prevented: on listings whose quantity the marketplace took.
 * A listing the marketplace refuses to update (an AliExpress product under review) stays in danger
 * and is shown to the seller as rejected: that is the engine telling the truth, not a failure.
 */
export function unexplainedDanger(w: MarketWorld, danger: readonly { listingId: number | null }[]) {
  return danger.filter((entry) => {
    if (entry.listingId === null) return true;
    const listing = w.store.read((r) =>
      r.first(qb.selectFrom('listings').select('sync_state').where('id', '=', entry.listingId!)),
    );
    return listing?.sync_state !== 'rejected';
  });
}

export function orderKeys(w: MarketWorld): string[] {
  return w.store
    .read((r) => r.all(qb.selectFrom('orders').select(['account_id', 'remote_id'])))
    .map((row) => `${row.account_id}/${row.remote_id}`);
}
