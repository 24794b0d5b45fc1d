/**
 * The morning run's public shape: what a caller (the app's button, the schedule, `silkroute sync`)
 * asks for and what it gets back. The run itself is in morning.ts; the lease that keeps it to one
 * at a time across processes in lease.ts.
 */
import type { SyncRunReport } from '../../shared/api/types.js';
import type { AccountId, SyncRunId } from '../../shared/ids.js';
import type { SyncTrigger } from '../store/schema.js';

import { SYNC_STEPS } from '../../shared/api/contract.js';

export { SYNC_STEPS };
export type SyncStep = (typeof SYNC_STEPS)[number];

export interface SyncRequest {
  trigger: SyncTrigger;
  /** Only these accounts (default: every connected account). */
  accountIds?: readonly AccountId[];
  /** Only these steps (default: all). 'push' drains the outbox (stock first, then edits). */
  steps?: readonly SyncStep[];
  /** Aborting cancels the run: pages under way finish, nothing further starts. */
  signal?: AbortSignal;
  /** Told the run's id once it holds the lease and is recorded. */
  onStarted?: (runId: SyncRunId) => void;
}

/**
 * How a run ended:
 * - succeeded: every account and step completed and nothing needs the seller;
 * - attention: completed, but something needs the seller (conflicts, rejected edits, unlinked SKUs,
 *   oversell danger, an account to re-authorise soon);
 * - partial: some accounts or steps failed, others completed;
 * - failed: nothing completed;
 * - cancelled: stopped on request;
 * - busy: another run holds the lease; nothing was done.
 */
export type SyncOutcomeState =
  'succeeded' | 'attention' | 'partial' | 'failed' | 'cancelled' | 'busy';

export interface SyncOutcome {
  state: SyncOutcomeState;
  /** null when the run never started (busy). */
  runId: SyncRunId | null;
  report: SyncRunReport | null;
  /** Who holds the lease, when busy. */
  heldBy?: { holder: string; expiresAt: string };
}

/** What runs a sync; LocalEngine implements it. */
export interface SyncRunner {
  sync(request: SyncRequest): Promise<SyncOutcome>;
}
