/** Output types of the listings workbench's methods (contract-workbench.ts). */
import type { Marketplace, OutboxState } from '../domain.js';
import type { AccountId, ChangeBatchId, ListingId, OutboxJobId } from '../ids.js';
import type { SavedViewState } from './contract-workbench.js';
import type { ConflictRow, ListingRow, SyncStartResult } from './types.js';

export interface WorkbenchListingRow extends ListingRow {
  /** The marketplace's message when it refused the last push (sync state 'rejected'). */
  lastError: string | null;
}

export interface ListingIdRange {
  ids: ListingId[];
  /** Rows matching the filter now. */
  total: number;
}

/**
 * Why a listing refuses a bulk edit's result. The renderer words each code; `params` fill the
 * wording (a limit, a currency) and `message` is the English fallback.
 */
export const BULK_REFUSALS = [
  'price_not_positive',
  'price_too_large',
  'price_decimals',
  'title_empty',
  'title_too_long',
  'not_linked',
  'different_currency',
  'source_missing',
  'status_not_settable',
] as const;
export type BulkRefusalCode = (typeof BULK_REFUSALS)[number];

export interface BulkRefusal {
  listingId: ListingId;
  sku: string;
  marketplace: Marketplace;
  code: BulkRefusalCode;
  params: Record<string, string | number>;
  message: string;
}

/** One field's value before and after; prices carry the listing's currency. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface BulkSample {
  listingId: ListingId;
  sku: string;
  marketplace: Marketplace;
  title: string;
  currency: string;
  changes: FieldChange[];
}

export interface BulkPreview {
  /** Listings the selection resolved to. */
  selected: number;
  /** Listings the operation would change. */
  changed: number;
  /** Listings already showing the result. */
  unchanged: number;
  /** Listings left out: deleted on the marketplace. */
  skipped: number;
  refusalCount: number;
  /** The first refusals (up to 100). */
  refusals: BulkRefusal[];
  samples: BulkSample[];
}

export type BulkEditOutcome =
  | {
      applied: true;
      batchId: ChangeBatchId | null;
      selected: number;
      changed: number;
      unchanged: number;
      skipped: number;
      /** Outbox jobs written, all held. */
      jobs: number;
    }
  | {
      applied: false;
      selected: number;
      refusalCount: number;
      refusals: BulkRefusal[];
    };

export interface PendingChangeRow {
  jobId: OutboxJobId;
  batchId: ChangeBatchId | null;
  batchLabel: string | null;
  listingId: ListingId;
  accountId: AccountId;
  accountName: string;
  marketplace: Marketplace;
  sku: string;
  title: string;
  /** listing.price, listing.quantity, listing.content, listing.status. */
  kind: string;
  /** Where the job came from: edit, stock, revert, resolve. */
  source: string;
  currency: string;
  changes: FieldChange[];
  state: OutboxState;
  attempts: number;
  /** The marketplace's (or the engine's) last word on the job. */
  message: string | null;
  createdAt: string;
  updatedAt: string;
}

export type JobStateCounts = Record<OutboxState, number>;

export interface BatchSummary {
  id: ChangeBatchId;
  label: string;
  source: string;
  createdAt: string;
  revertedAt: string | null;
  /** Field changes recorded in the batch. */
  changeCount: number;
  jobs: JobStateCounts;
}

export interface ChangesSummary {
  /** Jobs per state over the whole outbox (listing jobs only). */
  jobs: JobStateCounts;
  openConflicts: number;
  openDrifts: number;
  /** The latest batches that have outbox jobs, newest first. */
  batches: BatchSummary[];
}

export interface PushOutcome {
  /** Held jobs released to be pushed. */
  released: number;
  /** Jobs in scope the push run will send: the released ones and those already queued. */
  queued: number;
  accountIds: AccountId[];
  /** The push run, or null when nothing was waiting. */
  run: SyncStartResult | null;
}

export interface DiscardOutcome {
  /** Jobs cancelled. */
  discarded: number;
  /** Listing fields (and channel rules) put back. */
  restored: number;
  /** The batch recording the discard, null when nothing was discarded. */
  batchId: ChangeBatchId | null;
}

export interface UndoOutcome {
  /** The new batch holding the undo (undo it again to redo), null when nothing was undone. */
  batchId: ChangeBatchId | null;
  restored: number;
  /** Changes not undone; listingId is null for a stock rule. */
  skipped: { listingId: ListingId | null; field: string; reason: string }[];
}

export interface ConflictReviewRow extends ConflictRow {
  accountName: string;
  currency: string;
  localVersion: number;
}

export interface SavedView {
  name: string;
  state: SavedViewState;
  updatedAt: string;
}
