/** Change batches (the undo history) and sync runs, newest first. */
import type {
  ChangeBatchSummary,
  SyncRunReport,
  SyncRunSummary,
} from '../../../shared/api/types.js';
import type { ChangeBatchId, SyncRunId } from '../../../shared/ids.js';
import { qb } from '../compiler.js';
import type { Reader } from '../connection.js';
import { parseJson } from '../values.js';

export function listChangeBatches(r: Reader, limit: number): ChangeBatchSummary[] {
  const rows = r.all(
    qb
      .selectFrom('change_batches as b')
      .select((eb) => [
        'b.id',
        'b.label',
        'b.created_at',
        'b.reverted_at',
        eb
          .selectFrom('audit_log as a')
          .select((inner) => inner.fn.countAll<number>().as('count'))
          .whereRef('a.batch_id', '=', 'b.id')
          .as('change_count'),
      ])
      .orderBy('b.created_at', 'desc')
      .orderBy('b.id', 'desc')
      .limit(limit),
  );
  return rows.map((row) => ({
    id: row.id as ChangeBatchId,
    label: row.label,
    createdAt: row.created_at,
    changeCount: row.change_count ?? 0,
    reverted: row.reverted_at !== null,
  }));
}

export function listSyncRuns(r: Reader, limit: number): SyncRunSummary[] {
  const rows = r.all(
    qb
      .selectFrom('sync_runs')
      .select(['id', 'trigger', 'state', 'started_at', 'finished_at', 'report'])
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit),
  );
  return rows.map((row) => ({
    id: row.id as SyncRunId,
    trigger: row.trigger,
    state: row.state,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    report: parseJson<SyncRunReport | null>(row.report, null),
  }));
}
