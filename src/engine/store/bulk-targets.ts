/**
 * What a bulk edit works on (bulk-edit.ts): the selection resolved to listing ids (explicit ids,
 * or the grid's filter minus the rows unticked), the rows the operations read, and which of them
 * have a job waiting that the edit replaces. Ids are read in chunks to keep statements small.
 */
import type { z } from 'zod';
import type { ListingSelection } from '../../shared/api/contract-workbench.js';
import type { TargetRow } from './bulk-operations.js';
import { qb } from './compiler.js';
import type { Reader } from './connection.js';
import { OPEN_STATES } from './edit-statements.js';
import { RecordNotFound } from './errors.js';
import { matchingListingIds } from './queries/listings.js';

type Selection = z.output<typeof ListingSelection>;

const CHUNK = 500;

/** The selected listing ids, ascending and unique. Unknown explicit ids are an error. */
export function resolveSelection(r: Reader, selection: Selection): number[] {
  if ('ids' in selection) {
    const ids = [...new Set(selection.ids)].sort((a, b) => a - b);
    const found = new Set<number>();
    for (let index = 0; index < ids.length; index += CHUNK) {
      const chunk = ids.slice(index, index + CHUNK);
      for (const row of r.all(qb.selectFrom('listings').select('id').where('id', 'in', chunk))) {
        found.add(row.id);
      }
    }
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw new RecordNotFound(
        `${missing.length} selected listing(s) no longer exist (first: ${missing[0]}); reload and select again`,
      );
    }
    return ids;
  }
  const except = new Set(selection.exceptIds);
  return matchingListingIds(r, selection.filter).filter((id) => !except.has(id));
}

/** The selected rows with what the operations read, in id order. */
export function readTargets(r: Reader, ids: readonly number[]): TargetRow[] {
  const rows: TargetRow[] = [];
  for (let index = 0; index < ids.length; index += CHUNK) {
    rows.push(
      ...r.all(
        qb
          .selectFrom('listings')
          .select([
            'id',
            'account_id',
            'remote_id',
            'remote_variant_id',
            'marketplace',
            'sku',
            'product_id',
            'title',
            'price_minor',
            'currency',
            'quantity',
            'status',
            'local_version',
          ])
          .where('id', 'in', ids.slice(index, index + CHUNK))
          .orderBy('id'),
      ),
    );
  }
  return rows;
}

/** Listings with a job not yet sent (pending, held or conflict): a bulk edit replaces those. */
export function listingsWithOpenJobs(r: Reader): Set<number> {
  const rows = r.all(
    qb
      .selectFrom('outbox')
      .select('listing_id')
      .distinct()
      .where('state', 'in', OPEN_STATES)
      .where('listing_id', 'is not', null),
  );
  return new Set(rows.map((row) => row.listing_id!));
}
