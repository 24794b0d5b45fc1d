/**
 * Sending a claimed round of outbox jobs in the marketplace's shapes (stock and price batches,
 * item writes one call each) and recording one result per job in one transaction.
 */
import { setImmediate } from 'node:timers/promises';
import type {
  Connector,
  ItemResult,
  ListingChangesInput,
  PriceUpdate,
  StockUpdate,
} from '../../connectors/index.js';
import { ConnectorError, NeedsUserError } from '../../connectors/index.js';
import { JobLanguages } from '../translate/publish-languages.js';
import type { Claimed, JobPayload, PushOptions, PushOutcome } from './push.js';
import { record, type JobResult } from './push-results.js';

function errorResult(error: unknown): JobResult {
  if (error instanceof ConnectorError) {
    return {
      ok: false,
      kind: error.kind,
      message: error.marketplaceMessage ?? error.message,
      code: error.marketplaceCode,
      requestId: error.requestId,
      maybeApplied: error.maybeApplied,
      until: error.until,
      ...(error instanceof NeedsUserError ? { reason: error.reason } : {}),
    };
  }
  if (error instanceof Error && error.name === 'AbortError') throw error;
  const message = error instanceof Error ? error.message : String(error);
  return {
    ok: false,
    kind: 'permanent',
    message,
    code: null,
    requestId: null,
    maybeApplied: false,
  };
}

function itemResult(result: ItemResult | undefined): JobResult {
  if (!result) {
    return {
      ok: false,
      kind: 'retryable',
      message: 'the marketplace gave no result for this item',
      code: null,
      requestId: null,
      maybeApplied: true,
    };
  }
  if (result.ok) return { ok: true };
  // An item the marketplace answered "try again" for may be one whose reply was lost after it
  // applied (connectors report a cut reply per item this way): it waits for the next pull to
  // show whether it landed rather than being sent twice. A stock job is simply sent again.
  return { ...result, maybeApplied: result.kind === 'retryable' };
}

export async function send(
  claimed: Claimed[],
  options: PushOptions,
  outcome: PushOutcome,
): Promise<void> {
  const { connector } = options;
  const byKind = (kind: string) =>
    claimed.filter((entry) => entry.payload && entry.job.kind === kind);
  const results = new Map<number, JobResult>();

  const batchCall = async <U>(
    entries: Claimed[],
    toUpdate: (entry: Claimed) => U,
    call: (updates: U[]) => Promise<ItemResult[]>,
  ) => {
    if (entries.length === 0) return;
    outcome.sent += entries.length;
    try {
      const answers = await call(entries.map(toUpdate));
      entries.forEach((entry, index) => results.set(entry.job.id, itemResult(answers[index])));
    } catch (error) {
      const result = errorResult(error);
      for (const entry of entries) results.set(entry.job.id, result);
    }
  };

  const sendContent = async (entry: Claimed) => {
    options.signal?.throwIfAborted();
    outcome.sent++;
    const changes = listingChanges(entry.payload, connector);
    if ('unsupported' in changes) {
      results.set(entry.job.id, {
        ok: false,
        kind: 'permanent',
        message: changes.unsupported,
        code: 'unsupported_field',
        requestId: null,
        maybeApplied: false,
      });
      return;
    }
    try {
      await connector.updateListing(entry.payload.remoteId, changes);
      results.set(entry.job.id, { ok: true });
    } catch (error) {
      results.set(entry.job.id, errorResult(error));
    }
  };
  // Item-level writes of one item go one after the other (the last made lands last); different
  // items, and the stock and price batches, go out side by side within the rate limiter.
  const contentByItem = new Map<string, Claimed[]>();
  for (const entry of [...byKind('listing.content'), ...byKind('listing.status')]) {
    const list = contentByItem.get(entry.payload.remoteId) ?? [];
    list.push(entry);
    contentByItem.set(entry.payload.remoteId, list);
  }
  await Promise.all([
    batchCall<StockUpdate>(
      byKind('listing.quantity'),
      ({ payload }) => ({
        remoteId: payload.remoteId,
        remoteVariantId: payload.remoteVariantId,
        quantity: Number(payload.values.quantity),
      }),
      (updates) => connector.updateStock(updates),
    ),
    batchCall<PriceUpdate>(
      byKind('listing.price'),
      ({ payload }) => ({
        remoteId: payload.remoteId,
        remoteVariantId: payload.remoteVariantId,
        price: {
          amountMinor: Number(payload.values.priceMinor),
          currency: String(payload.values.currency),
        },
      }),
      (updates) => connector.updatePrices(updates),
    ),
    ...[...contentByItem.values()].map(async (entries) => {
      for (const entry of entries) await sendContent(entry);
    }),
  ]);
  for (const entry of claimed) {
    if (!results.has(entry.job.id)) {
      results.set(entry.job.id, {
        ok: false,
        kind: 'permanent',
        message: `unknown job kind ${entry.job.kind}`,
        code: null,
        requestId: null,
        maybeApplied: false,
      });
    }
  }
  // Each job's result is its own: recorded in short transactions, the event loop free between
  // them, so the other shops' calls are not held up behind a long one.
  for (let start = 0; start < claimed.length; start += RECORD_CHUNK) {
    const chunk = claimed.slice(start, start + RECORD_CHUNK);
    options.store.write((w) => {
      for (const entry of chunk) record(w, entry, results.get(entry.job.id)!, outcome);
    });
    if (start + RECORD_CHUNK < claimed.length) await setImmediate();
  }
}

/** Results recorded per transaction. */
const RECORD_CHUNK = 50;

function listingChanges(
  payload: JobPayload,
  connector: Connector,
): ListingChangesInput | { unsupported: string } {
  const updatable = new Set<string>(connector.capabilities.listings.updatableFields);
  const changes: ListingChangesInput = {};
  for (const field of payload.changed) {
    const value = payload.values[field];
    if (field === 'title' && updatable.has('title')) changes.title = String(value);
    else if (field === 'description' && updatable.has('description'))
      changes.description = String(value);
    else if (field === 'languages' && updatable.has('languages')) {
      // Written by translate/publish-languages.ts; re-validated as every loaded job is.
      const languages = JobLanguages.safeParse(value);
      if (!languages.success) return { unsupported: 'the job carries unreadable language texts' };
      changes.languages = languages.data;
    } else if (
      field === 'status' &&
      updatable.has('status') &&
      (value === 'active' || value === 'inactive')
    )
      changes.status = value;
    else return { unsupported: `${connector.marketplace} cannot update ${field} of a listing` };
  }
  return changes;
}
