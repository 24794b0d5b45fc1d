/**
 * The small pure policy for a remote listing arriving over a locally edited one (STYLE.md §10).
 * Per editable field, with base = the remote value the local edit started from:
 *   - not edited locally         → take the remote value (and it becomes the new base);
 *   - edited, remote now agrees  → the edit has landed: keep it, the base moves to it;
 *   - edited, remote unchanged   → keep the edit (it is still waiting to be pushed);
 *   - edited, remote changed too → keep the edit and the old base, and report drift: the seller
 *     must see both sides; the remote's value is never silently dropped (it stays in `raw`), and the
 *     local edit is never silently overwritten.
 */
import type { ListingStatus } from '../../shared/domain.js';
import type { NormalizedListing } from '../../shared/marketplace.js';

/** The fields a seller can edit and push: the unit of the three-way comparison. */
export interface ListingSnapshot {
  title: string;
  description: string;
  bulletPoints: string[];
  keywords: string[];
  priceMinor: number;
  currency: string;
  quantity: number;
  status: ListingStatus;
}

export const SNAPSHOT_FIELDS = [
  'title',
  'description',
  'bulletPoints',
  'keywords',
  'priceMinor',
  'currency',
  'quantity',
  'status',
] as const satisfies readonly (keyof ListingSnapshot)[];

export type SnapshotField = (typeof SNAPSHOT_FIELDS)[number];

export function snapshotOf(listing: NormalizedListing): ListingSnapshot {
  return {
    title: listing.title,
    description: listing.description,
    bulletPoints: listing.bulletPoints,
    keywords: listing.keywords,
    priceMinor: listing.price.amountMinor,
    currency: listing.price.currency,
    quantity: listing.quantity,
    status: listing.status,
  };
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => item === b[index]);
  }
  return a === b;
}

export function sameSnapshot(a: ListingSnapshot, b: ListingSnapshot): boolean {
  return SNAPSHOT_FIELDS.every((field) => sameValue(a[field], b[field]));
}

export interface MergeOutcome {
  /** What the listing row should now hold. */
  merged: ListingSnapshot;
  /** The new base snapshot. */
  base: ListingSnapshot;
  /** Local edits remain that the remote does not have. */
  dirty: boolean;
  /** The remote changed a field the seller had edited to something else. */
  drift: boolean;
  driftFields: SnapshotField[];
}

export function mergeRemote(
  local: ListingSnapshot,
  base: ListingSnapshot,
  remote: ListingSnapshot,
): MergeOutcome {
  const merged = { ...local };
  const nextBase = { ...base };
  const driftFields: SnapshotField[] = [];
  let dirty = false;
  for (const field of SNAPSHOT_FIELDS) {
    const edited = !sameValue(local[field], base[field]);
    if (!edited || sameValue(remote[field], local[field])) {
      assign(merged, field, remote[field]);
      assign(nextBase, field, remote[field]);
      continue;
    }
    dirty = true;
    if (!sameValue(remote[field], base[field])) driftFields.push(field);
  }
  return { merged, base: nextBase, dirty, drift: driftFields.length > 0, driftFields };
}

function assign<K extends SnapshotField>(
  target: ListingSnapshot,
  field: K,
  value: ListingSnapshot[K],
): void {
  target[field] = value;
}
