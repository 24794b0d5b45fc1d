/**
 * conflicts.review: the open conflicts and drifts (queries/conflicts.ts) with what their review
 * needs besides: the listing's currency (prices are minor units), its shop's name and its version.
 */
import type { Page } from '../../../shared/api/types.js';
import type { ConflictReviewRow } from '../../../shared/api/types-workbench.js';
import { qb } from '../compiler.js';
import type { Reader } from '../connection.js';
import { accountFacts } from './accounts.js';
import { listConflicts, type ConflictsQuery } from './conflicts.js';

export function reviewConflicts(r: Reader, input: ConflictsQuery): Page<ConflictReviewRow> {
  const page = listConflicts(r, input);
  const ids = [...new Set(page.rows.map((row) => row.listingId))];
  const listings = new Map(
    (ids.length
      ? r.all(
          qb
            .selectFrom('listings')
            .select(['id', 'currency', 'local_version'])
            .where('id', 'in', ids),
        )
      : []
    ).map((row) => [row.id, row]),
  );
  const accounts = accountFacts(r);
  return {
    ...page,
    rows: page.rows.map((row) => ({
      ...row,
      accountName: accounts.get(row.accountId)?.name ?? '',
      currency: listings.get(row.listingId)?.currency ?? '',
      localVersion: listings.get(row.listingId)?.local_version ?? 0,
    })),
  };
}
