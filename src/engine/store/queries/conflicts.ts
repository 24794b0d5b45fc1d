/** The open conflicts and drifts, for the Conflicts view (newest first). */
import type { ConflictRow, Page } from '../../../shared/api/types.js';
import type { AccountId, ListingId } from '../../../shared/ids.js';
import { qb } from '../compiler.js';
import type { Reader } from '../connection.js';
import { parseJson } from '../values.js';

export interface ConflictsQuery {
  kind?: 'conflict' | 'drift' | undefined;
  accountId?: number | undefined;
  offset: number;
  limit: number;
}

export function listConflicts(r: Reader, input: ConflictsQuery): Page<ConflictRow> {
  let query = qb
    .selectFrom('listing_conflicts as c')
    .innerJoin('listings as l', 'l.id', 'c.listing_id')
    .where('c.resolved_at', 'is', null);
  if (input.kind) query = query.where('c.kind', '=', input.kind);
  if (input.accountId !== undefined) query = query.where('l.account_id', '=', input.accountId);
  const total = r.first(query.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
  const rows = r.all(
    query
      .select([
        'c.id',
        'c.kind',
        'c.field',
        'c.base',
        'c.mine',
        'c.theirs',
        'c.detected_at',
        'l.id as listing_id',
        'l.account_id',
        'l.marketplace',
        'l.sku',
        'l.title',
      ])
      // Conflicts first: they hold edits back; drift is information.
      .orderBy((eb) => eb.case().when('c.kind', '=', 'conflict').then(0).else(1).end())
      .orderBy('c.detected_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(input.limit)
      .offset(input.offset),
  );
  return {
    rows: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      listingId: row.listing_id as ListingId,
      accountId: row.account_id as AccountId,
      marketplace: row.marketplace,
      sku: row.sku,
      title: row.title,
      field: row.field,
      base: parseJson<unknown>(row.base, null),
      mine: parseJson<unknown>(row.mine, null),
      theirs: parseJson<unknown>(row.theirs, null),
      detectedAt: row.detected_at,
    })),
    total,
    offset: input.offset,
    limit: input.limit,
  };
}
