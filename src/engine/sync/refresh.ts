import { setImmediate } from 'node:timers/promises';
import type { AccountId, SyncRunId } from '../../shared/ids.js';
import { queueStockPushesFor } from '../stock/index.js';
import { qb } from '../store/compiler.js';
import { upsertListings } from '../store/ingest.js';
import { inLists } from '../store/values.js';
import type { AccountWork, MorningDeps } from './morning.js';

/**
 * Re-reads the unmanaged listings this run's orders sold from. A marketplace lowers a listing's
 * quantity with every order, and not every one marks the listing as updated for a changed-since
 * query; a managed listing needs no re-read, as its quantity is pushed from stock anyway.
 */
export async function refreshSold(
  deps: MorningDeps,
  account: AccountWork,
  runId: SyncRunId,
  orderIds: number[],
  signal: AbortSignal | undefined,
): Promise<number> {
  const remoteIds = new Set<string>();
  for (const chunk of inLists(orderIds)) {
    const rows = deps.store.read((r) =>
      r.all(
        qb
          .selectFrom('order_lines as ol')
          .innerJoin('listings as l', (join) =>
            join
              .onRef('l.remote_id', '=', 'ol.remote_listing_id')
              .on('l.account_id', '=', account.accountId),
          )
          .leftJoin('stock as s', 's.product_id', 'l.product_id')
          .select('l.remote_id')
          .distinct()
          .where('ol.order_id', 'in', chunk)
          .where('s.product_id', 'is', null),
      ),
    );
    for (const row of rows) remoteIds.add(row.remote_id);
  }
  let refreshed = 0;
  for (const remoteId of remoteIds) {
    if (signal?.aborted) break;
    try {
      const page = await account.link.connector.getListing(remoteId);
      deps.store.write((w) => upsertListings(w, account.accountId, page.items, { runId }));
      refreshed += page.items.length;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      account.attention.push({
        kind: 'stream_failed',
        message: `listing ${remoteId} could not be re-read after its orders: ${message}`,
        accountId: account.accountId,
      });
    }
  }
  return refreshed;
}

/** Products requeued per transaction: each is short, so the shops' calls keep flowing. */
const REQUEUE_CHUNK = 250;

/**
 * A quantity changed on the marketplace by hand (its seller centre) is set back to what stock
 * allows: every linked product of the account is queued; the run's last stock pass sends it.
 * Products are independent, so they go in short transactions with the event loop free between.
 */
export async function requeueStock(deps: MorningDeps, accountId: AccountId): Promise<void> {
  const productIds = deps.store.read((r) =>
    r
      .all(
        qb
          .selectFrom('listings')
          .select('product_id')
          .distinct()
          .where('account_id', '=', accountId)
          .where('product_id', 'is not', null),
      )
      .flatMap((row) => (row.product_id === null ? [] : [row.product_id])),
  );
  for (let start = 0; start < productIds.length; start += REQUEUE_CHUNK) {
    const chunk = productIds.slice(start, start + REQUEUE_CHUNK);
    deps.store.write((w) => {
      // A product removed since the read has nothing to queue.
      const present = w
        .all(qb.selectFrom('products').select('id').where('id', 'in', chunk))
        .map((row) => row.id);
      if (present.length > 0) {
        queueStockPushesFor(w, present, { newKey: deps.newKey, accountId });
      }
    });
    await setImmediate();
  }
}

/**
 * Starts requeueStock while the caller goes on (the account's push); returns the wait for it,
 * which rethrows its failure. The failure is held until then: a rejection nobody awaits yet would
 * take the process down.
 */
export function requeueStockAlongside(
  deps: MorningDeps,
  accountId: AccountId,
): () => Promise<void> {
  const done = requeueStock(deps, accountId).then(
    () => null,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  return async () => {
    const failure = await done;
    if (failure) throw failure;
  };
}
