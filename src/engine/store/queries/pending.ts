/**
 * Reads for the pending-changes view: outbox jobs of listings with each field's before → after,
 * the batch they belong to and the marketplace's answer; counts per state; the latest batches.
 *
 * "Before" is the value from before the job's batch changed it (its audit entry); a stock job has
 * no audit entry and shows what the listing shows now. "After" is what the job carries. Audit
 * entries are looked up per listing (audit_log_entity), never by scanning a large batch.
 */
import { sql } from 'kysely';
import type { Page } from '../../../shared/api/types.js';
import type {
  BatchSummary,
  ChangesSummary,
  FieldChange,
  JobStateCounts,
  PendingChangeRow,
} from '../../../shared/api/types-workbench.js';
import { OUTBOX_STATES, type OutboxState } from '../../../shared/domain.js';
import type { AccountId, ChangeBatchId, ListingId, OutboxJobId } from '../../../shared/ids.js';
import { compileRaw, qb } from '../compiler.js';
import type { Reader } from '../connection.js';
import { parseJson } from '../values.js';
import { accountFacts } from './accounts.js';

export interface PendingQuery {
  states?: OutboxState[] | undefined;
  batchIds?: number[] | undefined;
  accountIds?: number[] | undefined;
  offset: number;
  limit: number;
}

const OPEN_STATES: OutboxState[] = ['held', 'pending', 'in_flight', 'conflict'];

function filtered(input: PendingQuery) {
  let query = qb
    .selectFrom('outbox as o')
    .innerJoin('listings as l', 'l.id', 'o.listing_id')
    .where('o.kind', 'like', 'listing.%')
    .where('o.state', 'in', input.states ?? OPEN_STATES);
  if (input.batchIds?.length) query = query.where('o.batch_id', 'in', input.batchIds);
  if (input.accountIds?.length) query = query.where('o.account_id', 'in', input.accountIds);
  return query;
}

interface JobPayload {
  values?: Record<string, unknown>;
  changed?: string[];
}

interface JobResult {
  message?: unknown;
}

const CURRENT_COLUMN: Record<string, 'price_minor' | 'quantity' | 'title' | 'status'> = {
  priceMinor: 'price_minor',
  quantity: 'quantity',
  title: 'title',
  status: 'status',
};

export function listPendingChanges(r: Reader, input: PendingQuery): Page<PendingChangeRow> {
  const total = r.first(filtered(input).select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
  const rows = r.all(
    filtered(input)
      .leftJoin('change_batches as b', 'b.id', 'o.batch_id')
      .select([
        'o.id',
        'o.batch_id',
        'o.listing_id',
        'o.account_id',
        'o.kind',
        'o.source',
        'o.payload',
        'o.state',
        'o.attempts',
        'o.last_error',
        'o.result',
        'o.created_at',
        'o.updated_at',
        'l.marketplace',
        'l.sku',
        'l.title',
        'l.currency',
        'l.price_minor',
        'l.quantity',
        'l.status',
        'b.label',
      ])
      .orderBy('o.id', 'desc')
      .limit(input.limit)
      .offset(input.offset),
  );
  const befores = auditBefores(
    r,
    rows.map((row) => row.listing_id!),
  );
  const accounts = accountFacts(r);
  return {
    rows: rows.map((row) => {
      const payload = parseJson<JobPayload>(row.payload, {});
      const listingId = row.listing_id!;
      const changes: FieldChange[] = (payload.changed ?? []).map((field) => {
        const key = `${row.batch_id ?? 0}:${listingId}:${field}`;
        const column = CURRENT_COLUMN[field];
        const current = column ? row[column] : undefined;
        return {
          field,
          before: befores.has(key) ? befores.get(key) : current,
          after: payload.values?.[field],
        };
      });
      const result = parseJson<JobResult | null>(row.result, null);
      const message =
        row.state === 'done'
          ? null
          : (row.last_error ?? (typeof result?.message === 'string' ? result.message : null));
      return {
        jobId: row.id as OutboxJobId,
        batchId: row.batch_id as ChangeBatchId | null,
        batchLabel: row.label,
        listingId: listingId as ListingId,
        accountId: row.account_id as AccountId,
        accountName: accounts.get(row.account_id)?.name ?? '',
        marketplace: row.marketplace,
        sku: row.sku,
        title: row.title,
        kind: row.kind,
        source: row.source,
        currency: row.currency,
        changes,
        state: row.state,
        attempts: row.attempts,
        message,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      };
    }),
    total,
    offset: input.offset,
    limit: input.limit,
  };
}

/** `batch:listing:field` → the audit's before value, for the listings of one page. */
function auditBefores(r: Reader, listingIds: readonly number[]): Map<string, unknown> {
  const map = new Map<string, unknown>();
  const ids = [...new Set(listingIds)];
  if (ids.length === 0) return map;
  const rows = r.all(
    compileRaw(
      sql<{ batch_id: number; entity_id: number; field: string; before: string | null }>`
        SELECT batch_id, entity_id, field, "before" FROM audit_log
        WHERE entity = 'listing' AND entity_id IN (${sql.join(ids)})`,
    ),
  );
  for (const row of rows) {
    map.set(`${row.batch_id}:${row.entity_id}:${row.field}`, parseJson<unknown>(row.before, null));
  }
  return map;
}

function emptyCounts(): JobStateCounts {
  return Object.fromEntries(OUTBOX_STATES.map((state) => [state, 0])) as JobStateCounts;
}

export function changesSummary(r: Reader, limit: number): ChangesSummary {
  const jobs = emptyCounts();
  for (const row of r.all(
    qb
      .selectFrom('outbox')
      .select((eb) => ['state', eb.fn.countAll<number>().as('n')])
      .where('kind', 'like', 'listing.%')
      .groupBy('state'),
  )) {
    jobs[row.state] = row.n;
  }
  const conflicts = r.all(
    qb
      .selectFrom('listing_conflicts')
      .select((eb) => ['kind', eb.fn.countAll<number>().as('n')])
      .where('resolved_at', 'is', null)
      .groupBy('kind'),
  );
  const batches = r.all(
    qb
      .selectFrom('change_batches as b')
      .select((eb) => [
        'b.id',
        'b.label',
        'b.source',
        'b.created_at',
        'b.reverted_at',
        eb
          .selectFrom('audit_log as a')
          .select((inner) => inner.fn.countAll<number>().as('n'))
          .whereRef('a.batch_id', '=', 'b.id')
          .as('change_count'),
      ])
      // Batches with a job that still means something (waiting, sent, or answered), and imports
      // that changed only what is never pushed (customs data): they are reverted from here too.
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('outbox as o')
              .select('o.id')
              .whereRef('o.batch_id', '=', 'b.id')
              .where('o.state', '<>', 'cancelled'),
          ),
          eb.and([
            eb('b.source', '=', 'import'),
            eb.exists(
              eb.selectFrom('audit_log as i').select('i.id').whereRef('i.batch_id', '=', 'b.id'),
            ),
          ]),
        ]),
      )
      .orderBy('b.id', 'desc')
      .limit(limit),
  );
  const counts = new Map<number, JobStateCounts>();
  if (batches.length > 0) {
    for (const row of r.all(
      qb
        .selectFrom('outbox')
        .select((eb) => ['batch_id', 'state', eb.fn.countAll<number>().as('n')])
        .where(
          'batch_id',
          'in',
          batches.map((batch) => batch.id),
        )
        .groupBy(['batch_id', 'state']),
    )) {
      const entry = counts.get(row.batch_id!) ?? emptyCounts();
      entry[row.state] = row.n;
      counts.set(row.batch_id!, entry);
    }
  }
  return {
    jobs,
    openConflicts: conflicts.find((row) => row.kind === 'conflict')?.n ?? 0,
    openDrifts: conflicts.find((row) => row.kind === 'drift')?.n ?? 0,
    batches: batches.map((batch): BatchSummary => ({
      id: batch.id as ChangeBatchId,
      label: batch.label,
      source: batch.source,
      createdAt: batch.created_at,
      revertedAt: batch.reverted_at,
      changeCount: batch.change_count ?? 0,
      jobs: counts.get(batch.id) ?? emptyCounts(),
    })),
  };
}
