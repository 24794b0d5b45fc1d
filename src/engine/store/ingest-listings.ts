/**
 * Listing ingest: upsert by (account, remote id, remote variant id). A new listing is linked to
 * the master SKU with the same SKU, keeps the marketplace's payload in `raw`, and records its
 * editable fields as the base snapshot of later three-way merges. An existing listing goes through
 * the conflict policy (listing-merge.ts): local edits are kept, a field changed on both sides
 * becomes a conflict and a seller-facing field changed only on the marketplace is adopted and
 * shown as drift (conflicts.ts records both).
 *
 * `local_version` counts changes to what the seller sees, from either side, so an edit made on a
 * screen that was loaded before a sync brought new values is refused as stale (listings.update).
 * Data older than what is stored (by remote_updated_at) is ignored.
 */
import type { ListingStatus, Marketplace, SyncState } from '../../shared/domain.js';
import type { AccountId } from '../../shared/ids.js';
import type { NormalizedListing } from '../../shared/marketplace.js';
import { defineStatement, qb, type ArgumentFn } from './compiler.js';
import type { Writer } from './connection.js';
import { indexListings, listingTextChanged, type ListingSearchText } from './fts.js';
import { requireAccount } from './ingest-accounts.js';
import { recordMerge, syncStateOf } from './conflicts.js';
import {
  mergeRemote,
  snapshotOfRow,
  sameSnapshot,
  snapshotOf,
  SNAPSHOT_FIELDS,
  type FieldValue,
  type ListingSnapshot,
  type OwnWrites,
  type SnapshotField,
} from './listing-merge.js';
import { jsonOrNull, parseJson, requireCurrency, toUtcIsoOrNull } from './values.js';

interface StoredListing {
  id: number;
  sku: string;
  title: string;
  description: string;
  bullet_points: string;
  keywords: string;
  attributes: string;
  price_minor: number;
  currency: string;
  quantity: number;
  status: ListingStatus;
  locale: string;
  remote_updated_at: string | null;
  remote_version: number;
  base: string | null;
  local_version: number;
  dirty: 0 | 1;
  sync_state: SyncState;
}

const findListing = defineStatement<
  { account_id: number; remote_id: string; remote_variant_id: string },
  StoredListing
>((a) =>
  qb
    .selectFrom('listings')
    .select([
      'id',
      'sku',
      'title',
      'description',
      'bullet_points',
      'keywords',
      'attributes',
      'price_minor',
      'currency',
      'quantity',
      'status',
      'locale',
      'remote_updated_at',
      'remote_version',
      'base',
      'local_version',
      'dirty',
      'sync_state',
    ])
    .where('account_id', '=', a('account_id'))
    .where('remote_id', '=', a('remote_id'))
    .where('remote_variant_id', '=', a('remote_variant_id')),
);

interface ContentArgs {
  sku: string;
  title: string;
  description: string;
  bullet_points: string;
  keywords: string;
  attributes: string;
  price_minor: number;
  currency: string;
  quantity: number;
  status: ListingStatus;
  locale: string;
  raw: string | null;
  remote_updated_at: string | null;
  base: string;
}

/** What the marketplace said of a listing: set on insert, replaced on update (one list for both). */
const listingContent = (a: ArgumentFn<ContentArgs>) => ({
  sku: a('sku'),
  title: a('title'),
  description: a('description'),
  bullet_points: a('bullet_points'),
  keywords: a('keywords'),
  attributes: a('attributes'),
  price_minor: a('price_minor'),
  currency: a('currency'),
  quantity: a('quantity'),
  status: a('status'),
  locale: a('locale'),
  raw: a('raw'),
  remote_updated_at: a('remote_updated_at'),
  base: a('base'),
});

const insertListing = defineStatement<
  ContentArgs & {
    account_id: number;
    marketplace: Marketplace;
    remote_id: string;
    remote_variant_id: string;
    now: string;
  },
  { id: number }
>((a) =>
  qb
    .insertInto('listings')
    .values((eb) => ({
      account_id: a('account_id'),
      marketplace: a('marketplace'),
      remote_id: a('remote_id'),
      remote_variant_id: a('remote_variant_id'),
      product_id: eb.selectFrom('products').select('id').where('sku', '=', a('sku')),
      ...listingContent(a),
      created_at: a('now'),
      updated_at: a('now'),
    }))
    .returning('id'),
);

const updateListing = defineStatement<
  ContentArgs & {
    id: number;
    remote_version: number;
    local_version: number;
    dirty: 0 | 1;
    sync_state: SyncState;
    /** NULL keeps updated_at: nothing the seller sees changed. */
    touched_at: string | null;
  }
>((a) =>
  qb
    .updateTable('listings')
    .set((eb) => ({
      // A link made by hand (or earlier) is kept; an unlinked listing is linked by its SKU.
      product_id: eb.fn.coalesce(
        'product_id',
        eb.selectFrom('products').select('id').where('sku', '=', a('sku')),
      ),
      ...listingContent(a),
      remote_version: a('remote_version'),
      local_version: a('local_version'),
      dirty: a('dirty'),
      sync_state: a('sync_state'),
      updated_at: eb.fn.coalesce(eb.val(a('touched_at')), 'updated_at'),
    }))
    .where('id', '=', a('id')),
);

/** Upserts one page of an account's listings; see the module comment for the merge rules. */
export function upsertListings(
  w: Writer,
  accountId: AccountId,
  listings: NormalizedListing[],
  options: { runId?: number } = {},
): { inserted: number; updated: number } {
  const account = requireAccount(w, accountId);
  const now = w.now();
  let inserted = 0;
  let updated = 0;
  const fresh: ListingSearchText[] = [];
  const changed: ListingSearchText[] = [];
  for (const listing of listings) {
    const label = `listing ${listing.remoteId}/${listing.remoteVariantId}`;
    requireCurrency(listing.price.currency, `${label} price currency`);
    const remote = snapshotOf(listing);
    const remoteUpdatedAt = toUtcIsoOrNull(listing.remoteUpdatedAt, `${label} remoteUpdatedAt`);
    const attributes = JSON.stringify(listing.attributes);
    const key = {
      account_id: accountId,
      remote_id: listing.remoteId,
      remote_variant_id: listing.remoteVariantId,
    };
    const existing = w.row(findListing, key);
    if (!existing) {
      const args = contentArgs(remote, listing, attributes, remoteUpdatedAt, remote);
      const row = w.row(insertListing, { ...key, marketplace: account.marketplace, ...args, now })!;
      fresh.push(searchText(row.id, listing, args));
      inserted++;
      continue;
    }
    if (
      remoteUpdatedAt &&
      existing.remote_updated_at &&
      remoteUpdatedAt < existing.remote_updated_at
    )
      continue;

    const local = snapshotOfRow(existing);
    const base = parseJson<ListingSnapshot | null>(existing.base, null) ?? local;
    const remoteMoved = !sameSnapshot(remote, base);
    let outcome = mergeRemote(local, base, remote);
    if (outcome.conflicts.length > 0 || outcome.drifts.length > 0) {
      // Before calling it theirs, check it is not our own write whose answer we never saw.
      const own = ownWritesOf(w, existing.id);
      if (Object.keys(own).length > 0) outcome = mergeRemote(local, base, remote, own);
    }
    const content = outcome.merged;
    const nextBase = outcome.base;
    const dirty: 0 | 1 = outcome.dirty ? 1 : 0;
    // The conflict table is read only when there is something to record or settle.
    const settle =
      outcome.conflicts.length > 0 ||
      outcome.drifts.length > 0 ||
      (outcome.landed.length > 0 && existing.sync_state === 'conflict') ||
      existing.sync_state === 'conflict' ||
      existing.sync_state === 'drift';
    const syncState: SyncState = settle
      ? recordMerge(w, existing.id, outcome, existing.sync_state, options.runId ?? null)
      : syncStateOf([], outcome.dirty, existing.sync_state);
    const visibleChange =
      !sameSnapshot(content, local) ||
      existing.sku !== listing.sku ||
      existing.attributes !== attributes ||
      existing.locale !== listing.locale;
    const args = contentArgs(content, listing, attributes, remoteUpdatedAt, nextBase);
    const after = searchText(existing.id, listing, args);
    const before = {
      ...after,
      sku: existing.sku,
      title: existing.title,
      keywords: existing.keywords,
    };
    if (listingTextChanged(before, after)) changed.push(after);
    const result = w.exec(updateListing, {
      id: existing.id,
      ...args,
      touched_at: visibleChange ? now : null,
      remote_version: existing.remote_version + (remoteMoved ? 1 : 0),
      local_version: existing.local_version + (visibleChange ? 1 : 0),
      dirty,
      sync_state: syncState,
    });
    w.expectOne(result, `listing ${existing.id}`);
    updated++;
  }
  indexListings(w, fresh, changed);
  return { inserted, updated };
}

/**
 * The values of a listing's jobs that were sent and not settled (in flight with a lost answer, or
 * due again after one that may have landed): a pull showing one of them sees our own write.
 */
function ownWritesOf(w: Writer, listingId: number): OwnWrites {
  const rows = w.all(
    qb
      .selectFrom('outbox')
      .select('payload')
      .where('listing_id', '=', listingId)
      .where('state', 'in', ['in_flight', 'pending', 'conflict'])
      .where('sent_at', 'is not', null),
  );
  const own: Partial<Record<SnapshotField, FieldValue[]>> = {};
  for (const row of rows) {
    const payload = parseJson<{ values?: Record<string, unknown>; changed?: unknown } | null>(
      row.payload,
      null,
    );
    if (!payload?.values || !Array.isArray(payload.changed)) continue;
    for (const field of payload.changed) {
      if (!(SNAPSHOT_FIELDS as readonly unknown[]).includes(field)) continue;
      const key = field as SnapshotField;
      (own[key] ??= []).push(payload.values[key] as FieldValue);
    }
  }
  return own;
}

function searchText(id: number, listing: NormalizedListing, args: ContentArgs): ListingSearchText {
  return {
    id,
    title: args.title,
    sku: args.sku,
    remoteId: listing.remoteId,
    remoteVariantId: listing.remoteVariantId,
    keywords: args.keywords,
  };
}

function contentArgs(
  content: ListingSnapshot,
  listing: NormalizedListing,
  attributes: string,
  remoteUpdatedAt: string | null,
  base: ListingSnapshot,
): ContentArgs {
  return {
    sku: listing.sku,
    title: content.title,
    description: content.description,
    bullet_points: JSON.stringify(content.bulletPoints),
    keywords: JSON.stringify(content.keywords),
    attributes,
    price_minor: content.priceMinor,
    currency: content.currency,
    quantity: content.quantity,
    status: content.status,
    locale: listing.locale,
    raw: jsonOrNull(listing.raw),
    remote_updated_at: remoteUpdatedAt,
    base: JSON.stringify(base),
  };
}
