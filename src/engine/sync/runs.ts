/**
 * Rows of `sync_runs`: one is written as 'running' when a run starts (so the Sync view shows it at
 * once) and finished with its state and report. The report is the seller's account of the run:
 * counts per account, and what needs attention (problems the connectors reported, failures).
 */
import type { SyncRunReport } from '../../shared/api/types.js';
import type { SyncRunState } from '../../shared/domain.js';
import type { AccountId, SyncRunId } from '../../shared/ids.js';
import { qb } from '../store/compiler.js';
import type { Writer } from '../store/connection.js';
import type { SyncTrigger } from '../store/schema.js';

export function startRun(w: Writer, trigger: SyncTrigger): SyncRunId {
  const result = w.run(
    qb.insertInto('sync_runs').values({ trigger, state: 'running', started_at: w.now() }),
  );
  return result.lastInsertRowid as SyncRunId;
}

export function finishRun(
  w: Writer,
  runId: SyncRunId,
  state: Exclude<SyncRunState, 'running'>,
  report: SyncRunReport,
): void {
  w.expectOne(
    w.run(
      qb
        .updateTable('sync_runs')
        .set({ state, finished_at: w.now(), report: JSON.stringify(report) })
        .where('id', '=', runId),
    ),
    `sync run ${runId}`,
  );
}

/**
 * Closes runs left 'running' by a process that died (killed, crashed, powered off). Called by the
 * new holder of the sync lease in the transaction that takes it: every run holds the lease, so
 * while it is free no live run exists. Their report stays empty; their data stays, as every page
 * was committed with its checkpoint.
 */
export function closeInterruptedRuns(w: Writer): number {
  return w.run(
    qb
      .updateTable('sync_runs')
      .set({ state: 'failed', finished_at: w.now() })
      .where('state', '=', 'running'),
  ).changes;
}

/** Records that an account's data was brought up to date now. */
export function markAccountSynced(w: Writer, accountId: AccountId): void {
  w.expectOne(
    w.run(
      qb
        .updateTable('accounts')
        .set({ last_sync_at: w.now(), updated_at: w.now() })
        .where('id', '=', accountId),
    ),
    `account ${accountId}`,
  );
}
