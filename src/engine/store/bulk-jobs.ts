/**
 * A large bulk edit's change batch in three statements instead of three per listing. For edits
 * of one single-field group (a price, a quantity, a status) on listings with no job waiting, the
 * batch is exactly what `applyListingEdit` with `deferRow` writes: one audit row and one held job
 * per listing, the job carrying its group's value (`jobPayload`). The rows are staged in a
 * temporary table and copied with INSERT … SELECT: for 10,000 listings that is one pass over each
 * index instead of 10,000 statements each. The listing rows follow later (deferred-rows.ts).
 */
import { CompiledQuery } from 'kysely';
import type { Writer } from './connection.js';
import { COLUMN_OF } from './edit-statements.js';
import { GROUPS, jobPayload, type ListingChangeSet } from './edits.js';

type SingleField = 'priceMinor' | 'quantity' | 'status';

/** The group a field makes alone (a price, a quantity, a status), from GROUPS; null otherwise. */
function singleFieldKind(field: string): string | null {
  const found = Object.entries(GROUPS).find(
    ([, fields]) => fields.length === 1 && fields[0] === field,
  );
  return found?.[0] ?? null;
}

export interface StagedListing {
  id: number;
  account_id: number;
  remote_id: string;
  remote_variant_id: string;
  currency: string;
  local_version: number;
  price_minor: number;
  quantity: number;
  status: string;
}

export interface SingleFieldEdit {
  listing: StagedListing;
  field: SingleField;
  after: number | string;
}

/** The edit when it changes exactly one single-field group's field; null otherwise. */
export function singleFieldEdit(
  listing: StagedListing,
  changes: ListingChangeSet,
): SingleFieldEdit | null {
  const fields = Object.keys(changes).filter(
    (field) => changes[field as keyof ListingChangeSet] !== undefined,
  );
  if (fields.length !== 1 || singleFieldKind(fields[0]!) === null) return null;
  const field = fields[0] as SingleField;
  const after = changes[field];
  return after === undefined ? null : { listing, field, after };
}

const STAGE = CompiledQuery.raw(`
CREATE TEMP TABLE IF NOT EXISTS bulk_jobs (
  listing_id    INTEGER PRIMARY KEY,
  account_id    INTEGER NOT NULL,
  base_version  INTEGER NOT NULL,
  kind          TEXT NOT NULL,
  field         TEXT NOT NULL,
  payload       TEXT NOT NULL,
  key           TEXT NOT NULL,
  "before"      TEXT NOT NULL,
  "after"       TEXT NOT NULL
)`);
const CLEAR = CompiledQuery.raw('DELETE FROM temp.bulk_jobs');
const STAGE_ROW_SQL = `INSERT INTO temp.bulk_jobs
  (listing_id, account_id, base_version, kind, field, payload, key, "before", "after")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Writes the audit rows and held jobs of `edits` into batch `batchId`, in listing order (the
 * order the per-listing path writes them). The listings must have no job waiting to be sent.
 * Returns the number of jobs written.
 */
export function writeSingleFieldJobs(
  w: Writer,
  batchId: number,
  edits: readonly SingleFieldEdit[],
  newKey: () => string,
): number {
  if (edits.length === 0) return 0;
  const now = w.now();
  w.run(STAGE);
  w.run(CLEAR);
  for (const { listing, field, after } of edits) {
    const kind = singleFieldKind(field)!;
    const payload = jobPayload(
      {
        id: listing.id,
        accountId: listing.account_id,
        remoteId: listing.remote_id,
        remoteVariantId: listing.remote_variant_id,
        currency: listing.currency,
      },
      kind,
      { [field]: after },
      [field],
    );
    w.run(
      CompiledQuery.raw(STAGE_ROW_SQL, [
        listing.id,
        listing.account_id,
        listing.local_version,
        kind,
        field,
        JSON.stringify(payload),
        newKey(),
        JSON.stringify(listing[COLUMN_OF[field]]),
        JSON.stringify(after),
      ]),
    );
  }
  w.run(
    CompiledQuery.raw(
      `INSERT INTO audit_log (batch_id, entity, entity_id, field, "before", "after", at)
       SELECT ?, 'listing', listing_id, field, "before", "after", ? FROM temp.bulk_jobs
       ORDER BY listing_id`,
      [batchId, now],
    ),
  );
  const written = w.run(
    CompiledQuery.raw(
      `INSERT INTO outbox (account_id, listing_id, batch_id, kind, payload, idempotency_key,
         base_version, source, state, created_at, updated_at)
       SELECT account_id, listing_id, ?, kind, payload, key, base_version, 'edit', 'held', ?, ?
       FROM temp.bulk_jobs ORDER BY listing_id`,
      [batchId, now, now],
    ),
  ).changes;
  w.run(CLEAR);
  return written;
}
