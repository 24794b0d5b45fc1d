/**
 * The statements of a listing edit (edits.ts), each compiled once: a bulk edit of 10,000 listings
 * runs that path 10,000 times in one transaction, and building and compiling Kysely queries per
 * call was half of its time.
 */
import { sql, type Selectable, type Updateable } from 'kysely';
import type { OutboxState, SyncState } from '../../shared/domain.js';
import { defineStatement, qb, type StatementDef } from './compiler.js';
import type { ListingChangeSet } from './edits.js';
import type { ListingsTable, OutboxSource } from './schema.js';

type Field = keyof ListingChangeSet;

type EditedRow = Pick<
  Selectable<ListingsTable>,
  | 'account_id'
  | 'remote_id'
  | 'remote_variant_id'
  | 'sku'
  | 'title'
  | 'description'
  | 'bullet_points'
  | 'keywords'
  | 'price_minor'
  | 'currency'
  | 'quantity'
  | 'status'
  | 'local_version'
>;

export const readListing = defineStatement<{ id: number }, EditedRow>((argument) =>
  qb
    .selectFrom('listings')
    .select([
      'account_id',
      'remote_id',
      'remote_variant_id',
      'sku',
      'title',
      'description',
      'bullet_points',
      'keywords',
      'price_minor',
      'currency',
      'quantity',
      'status',
      'local_version',
    ])
    .where('id', '=', argument('id')),
);

/** The states of a job not yet sent, which a newer job of its group replaces. */
export const OPEN_STATES = ['pending', 'held', 'conflict'] as const;

export const readGroupJobs = defineStatement<
  { listingId: number; kind: string },
  { payload: string }
>((argument) =>
  qb
    .selectFrom('outbox')
    .select('payload')
    .where('listing_id', '=', argument('listingId'))
    .where('kind', '=', argument('kind'))
    .where('state', 'in', OPEN_STATES),
);

export const insertJob = defineStatement<
  {
    accountId: number;
    listingId: number;
    batchId: number | null;
    kind: string;
    payload: string;
    key: string;
    baseVersion: number;
    source: OutboxSource;
    state: OutboxState;
    now: string;
  },
  { id: number }
>((argument) =>
  qb
    .insertInto('outbox')
    .values({
      account_id: argument('accountId'),
      listing_id: argument('listingId'),
      batch_id: argument('batchId'),
      kind: argument('kind'),
      payload: argument('payload'),
      idempotency_key: argument('key'),
      base_version: argument('baseVersion'),
      source: argument('source'),
      state: argument('state'),
      created_at: argument('now'),
      updated_at: argument('now'),
    })
    .returning('id'),
);

export const cancelJobs = defineStatement<{
  listingId: number;
  kind: string;
  reason: string;
  now: string;
}>((argument) =>
  qb
    .updateTable('outbox')
    .set({ state: 'cancelled', updated_at: argument('now'), last_error: argument('reason') })
    .where('listing_id', '=', argument('listingId'))
    .where('kind', '=', argument('kind'))
    .where('state', 'in', OPEN_STATES),
);

/** The listing columns an edit can change, by the field that changes them. */
export const COLUMN_OF = {
  title: 'title',
  description: 'description',
  bulletPoints: 'bullet_points',
  keywords: 'keywords',
  priceMinor: 'price_minor',
  quantity: 'quantity',
  status: 'status',
} as const satisfies Record<Field, keyof ListingsTable>;
export type EditColumn = (typeof COLUMN_OF)[Field];
export type UpdateArgs = { id: number; baseVersion: number; now: string } & Partial<
  Record<EditColumn, string | number>
>;

/**
 * How an update finds the listing at the version the edit was made from: `exact` (an edit now),
 * or `orNext` (a deferred row, deferred-rows.ts: a second job of the same listing and batch finds
 * it one version on, and writing a job again rewrites the same values).
 */
export type VersionMatch = 'exact' | 'orNext';

/** One compiled update per set of changed columns and match (a handful in practice). */
const updateStatements = new Map<string, StatementDef<UpdateArgs, unknown>>();

/**
 * The listing row of an edit: its columns, the version after the edit's, dirty, and pending
 * unless it is in conflict or drift (the seller still has to settle those).
 */
export function updateListing(
  columns: readonly EditColumn[],
  match: VersionMatch = 'exact',
): StatementDef<UpdateArgs, unknown> {
  const key = `${match}:${columns.join(',')}`;
  let statement = updateStatements.get(key);
  if (!statement) {
    statement = defineStatement<UpdateArgs>((argument) =>
      qb
        .updateTable('listings')
        .set({
          ...(Object.fromEntries(
            columns.map((column) => [column, argument(column)]),
          ) as Updateable<ListingsTable>),
          local_version: sql<number>`${argument('baseVersion')} + 1`,
          dirty: 1,
          sync_state: sql<SyncState>`CASE WHEN sync_state IN ('conflict', 'drift') THEN sync_state ELSE 'pending' END`,
          updated_at: argument('now'),
        })
        .where('id', '=', argument('id'))
        .where((eb) =>
          match === 'exact'
            ? eb('local_version', '=', argument('baseVersion'))
            : eb.or([
                eb('local_version', '=', argument('baseVersion')),
                eb('local_version', '=', sql<number>`${argument('baseVersion')} + 1`),
              ]),
        ),
    );
    updateStatements.set(key, statement);
  }
  return statement;
}

export const insertBatch = defineStatement<
  { label: string; source: OutboxSource; now: string },
  { id: number }
>((argument) =>
  qb
    .insertInto('change_batches')
    .values({ label: argument('label'), source: argument('source'), created_at: argument('now') })
    .returning('id'),
);

export const insertAudit = defineStatement<{
  batchId: number;
  listingId: number;
  field: string;
  before: string;
  after: string;
  now: string;
}>((argument) =>
  qb.insertInto('audit_log').values({
    batch_id: argument('batchId'),
    entity: 'listing',
    entity_id: argument('listingId'),
    field: argument('field'),
    before: argument('before'),
    after: argument('after'),
    at: argument('now'),
  }),
);
