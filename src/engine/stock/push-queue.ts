/**
 * Queues the quantity updates a stock change causes: for every managed, not-deleted listing of the
 * changed products, the quantity its channel may show now (rules.ts) against what the channel
 * shows (listings.quantity).
 *
 * - It differs: one 'listing.quantity' job (source 'stock') carries the target, and every older
 *   not-yet-sent quantity job of the listing is cancelled as superseded, a seller's edit of the
 *   quantity included: the stock engine owns a managed listing's quantity, and two jobs for one
 *   field would race. A job already waiting with exactly the target is left as it is, so queuing
 *   twice writes nothing the second time.
 * - It is equal: waiting stock jobs are cancelled (nothing to send), unless a stock job with
 *   another value is in flight (its answer was lost, so the channel may show that value): then the
 *   target is queued to set it back.
 * The push step recomputes the target right before sending (targetQuantity), so a job never
 * sends a stale value; the value in the payload is what was true when it was queued.
 */
import { sql } from 'kysely';
import { defineStatement, qb } from '../store/compiler.js';
import type { Writer } from '../store/connection.js';
import { parseJson } from '../store/values.js';
import { effectiveRule, FULFILLED_BY_MARKETPLACE, readProductStock } from './availability.js';
import { shownQuantity, type ChannelRuleValues } from './rules.js';
import { uniqueIds } from './validation.js';

export { targetQuantity } from './availability.js';

export interface StockPushOptions {
  /** A fresh idempotency key per job (the sync engine's, so tests can fix it). */
  newKey: () => string;
}

export interface StockPushResult {
  /** Jobs written. */
  queued: number;
  /** The listings that got a job, ascending. */
  listingIds: number[];
}

const QUANTITY_KIND = 'listing.quantity';
/** Not yet sent: waiting, or held while the field is in conflict. */
const WAITING_STATES = ['pending', 'conflict'] as const;

interface ListingRow {
  id: number;
  account_id: number;
  remote_id: string;
  remote_variant_id: string;
  quantity: number;
  local_version: number;
}

const LISTING_COLUMNS = [
  'id',
  'account_id',
  'remote_id',
  'remote_variant_id',
  'quantity',
  'local_version',
] as const;

/**
 * Listings nobody can buy from and whose stock the marketplace will not take: deleted, blocked
 * by the marketplace ('error': banned) or not yet live ('draft': e.g. AliExpress products under
 * review refuse edits). An inactive (unlisted) one still gets its quantity, so that it is right
 * the moment the seller lists it again.
 */
export const UNSELLABLE = ['deleted', 'error', 'draft'] as const;

const productListings = defineStatement<{ product_id: number }, ListingRow>((a) =>
  qb
    .selectFrom('listings')
    .select(LISTING_COLUMNS)
    .where('product_id', '=', a('product_id'))
    .where('status', 'not in', UNSELLABLE)
    .where(sql<boolean>`NOT ${FULFILLED_BY_MARKETPLACE}`)
    .orderBy('id'),
);

const productListingsOnAccount = defineStatement<
  { product_id: number; account_id: number },
  ListingRow
>((a) =>
  qb
    .selectFrom('listings')
    .select(LISTING_COLUMNS)
    .where('product_id', '=', a('product_id'))
    .where('account_id', '=', a('account_id'))
    .where('status', 'not in', UNSELLABLE)
    .where(sql<boolean>`NOT ${FULFILLED_BY_MARKETPLACE}`)
    .orderBy('id'),
);

interface JobRow {
  id: number;
  source: string;
  state: string;
  payload: string;
}

const openQuantityJobs = defineStatement<{ listing_id: number }, JobRow>((a) =>
  qb
    .selectFrom('outbox')
    .select(['id', 'source', 'state', 'payload'])
    .where('listing_id', '=', a('listing_id'))
    .where('state', 'in', [...WAITING_STATES, 'in_flight'])
    .where('kind', '=', QUANTITY_KIND)
    .orderBy('id'),
);

const cancelJob = defineStatement<{ id: number; reason: string; now: string }>((a) =>
  qb
    .updateTable('outbox')
    .set({ state: 'cancelled', last_error: a('reason'), updated_at: a('now') })
    .where('id', '=', a('id')),
);

const insertJob = defineStatement<{
  account_id: number;
  listing_id: number;
  payload: string;
  key: string;
  base_version: number;
  now: string;
}>((a) =>
  qb.insertInto('outbox').values({
    account_id: a('account_id'),
    listing_id: a('listing_id'),
    batch_id: null,
    kind: QUANTITY_KIND,
    payload: a('payload'),
    idempotency_key: a('key'),
    base_version: a('base_version'),
    source: 'stock',
    created_at: a('now'),
    updated_at: a('now'),
  }),
);

function jobQuantity(job: JobRow): number | undefined {
  const payload = parseJson<{ values?: { quantity?: unknown } } | null>(job.payload, null);
  const quantity = payload?.values?.quantity;
  return typeof quantity === 'number' ? quantity : undefined;
}

const isWaiting = (job: JobRow) => job.state !== 'in_flight';

/** Brings one listing's queued quantity jobs in line with `target`; true when a job was written. */
function queueListing(
  w: Writer,
  listing: ListingRow,
  target: number,
  options: StockPushOptions,
): boolean {
  const jobs = w.rows(openQuantityJobs, { listing_id: listing.id });
  const waiting = jobs.filter(isWaiting);
  const now = w.now();
  if (target === listing.quantity) {
    const racing = jobs.some(
      (job) => job.state === 'in_flight' && job.source === 'stock' && jobQuantity(job) !== target,
    );
    if (!racing) {
      for (const job of waiting) {
        if (job.source !== 'stock') continue;
        w.exec(cancelJob, { id: job.id, reason: 'the channel already shows it', now });
      }
      return false;
    }
  }
  const [only] = waiting;
  if (
    waiting.length === 1 &&
    only!.source === 'stock' &&
    only!.state === 'pending' &&
    jobQuantity(only!) === target
  ) {
    return false;
  }
  for (const job of waiting) w.exec(cancelJob, { id: job.id, reason: 'superseded', now });
  const payload = {
    listingId: listing.id,
    remoteId: listing.remote_id,
    remoteVariantId: listing.remote_variant_id,
    values: { quantity: target },
    changed: ['quantity'],
  };
  w.exec(insertJob, {
    account_id: listing.account_id,
    listing_id: listing.id,
    payload: JSON.stringify(payload),
    key: options.newKey(),
    base_version: listing.local_version,
    now,
  });
  return true;
}

/**
 * Queues pushes for the listings of `productIds`, only those on `accountId` when it is given
 * (a rule change touches one channel). Ids are validated before anything is written.
 */
export function queueStockPushesFor(
  w: Writer,
  productIds: readonly number[],
  options: StockPushOptions & { accountId?: number },
): StockPushResult {
  const ids = uniqueIds(productIds, 'product ids');
  const listingIds: number[] = [];
  for (const productId of ids) {
    const stock = readProductStock(w, productId);
    if (!stock || stock.warehouses === 0) continue;
    const listings =
      options.accountId === undefined
        ? w.rows(productListings, { product_id: productId })
        : w.rows(productListingsOnAccount, {
            product_id: productId,
            account_id: options.accountId,
          });
    const rules = new Map<number, ChannelRuleValues | null>();
    for (const listing of listings) {
      let rule = rules.get(listing.account_id);
      if (rule === undefined) {
        rule = effectiveRule(w, listing.account_id, stock);
        rules.set(listing.account_id, rule);
      }
      const target = shownQuantity(stock.available, rule);
      if (queueListing(w, listing, target, options)) listingIds.push(listing.id);
    }
  }
  listingIds.sort((a, b) => a - b);
  return { queued: listingIds.length, listingIds };
}

/**
 * For every managed, not-deleted listing of `productIds` on every account, queues the quantity
 * its channel may show now when that differs from what it shows (see the module comment), in the
 * caller's transaction. Unknown and unmanaged products are skipped.
 */
export function queueStockPushes(
  w: Writer,
  productIds: readonly number[],
  options: StockPushOptions,
): StockPushResult {
  return queueStockPushesFor(w, productIds, { newKey: options.newKey });
}
