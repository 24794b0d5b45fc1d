/**
 * The conflict policy: one pure function decides, per editable field of a listing, what a remote
 * listing arriving over the stored one means (STYLE.md §10). With base = the remote value our last
 * sync saw (what the local value was made from), local = what the seller's copy holds now, and
 * remote = what the marketplace says now:
 *
 *   local = base (not edited here)
 *     remote = base          → nothing happened;
 *     remote ≠ base          → adopt the remote value; for a seller-facing field this is drift:
 *                              the listing changed on the marketplace since our last sync, and
 *                              the seller is shown base → theirs (they may restore their value);
 *   local ≠ base (edited here, waiting to be pushed)
 *     remote = local         → the edit has landed: the base moves to it;
 *     remote = base          → keep the edit, still to be pushed;
 *     remote ≠ base, ≠ local → CONFLICT: keep both — the row keeps mine, the conflict keeps base,
 *                              mine and theirs — and never settle it silently.
 *
 * Quantity never drifts: marketplaces lower it themselves with every order, and stock is kept in
 * step by the stock engine, not by the seller's reading of a channel. Currency follows the remote.
 */
import type { ListingStatus } from '../../shared/domain.js';
import type { NormalizedListing } from '../../shared/marketplace.js';
import { parseJson } from './values.js';

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

/** Fields whose change on the marketplace the seller is told of (drift). */
export const DRIFT_FIELDS: ReadonlySet<SnapshotField> = new Set([
  'title',
  'description',
  'bulletPoints',
  'keywords',
  'priceMinor',
  'status',
]);

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

/** The editable columns of a listings row, as stored. */
export interface SnapshotColumns {
  title: string;
  description: string;
  bullet_points: string;
  keywords: string;
  price_minor: number;
  currency: string;
  quantity: number;
  status: ListingStatus;
}

/** What a stored listing row holds, as the snapshot the policy compares. */
export function snapshotOfRow(row: SnapshotColumns): ListingSnapshot {
  return {
    title: row.title,
    description: row.description,
    bulletPoints: parseJson<string[]>(row.bullet_points, []),
    keywords: parseJson<string[]>(row.keywords, []),
    priceMinor: row.price_minor,
    currency: row.currency,
    quantity: row.quantity,
    status: row.status,
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

export type FieldValue = ListingSnapshot[SnapshotField];

/** Both sides changed one field differently. */
export interface FieldConflict {
  field: SnapshotField;
  base: FieldValue;
  mine: FieldValue;
  theirs: FieldValue;
}

/** The marketplace changed a field the seller had not touched; adopted, and shown. */
export interface FieldDrift {
  field: SnapshotField;
  /** The value before the marketplace's change (what the seller can restore). */
  before: FieldValue;
  theirs: FieldValue;
}

export interface MergeOutcome {
  /** What the listing row should now hold. */
  merged: ListingSnapshot;
  /** The new base snapshot. */
  base: ListingSnapshot;
  /** Local edits remain that the remote does not have (to push, or in conflict). */
  dirty: boolean;
  conflicts: FieldConflict[];
  drifts: FieldDrift[];
  /** Fields whose local edit the remote now shows (the push landed, or both made the same edit). */
  landed: SnapshotField[];
}

/**
 * Values of a field that we wrote to the marketplace and whose landing we have not seen yet (a
 * job in flight when its answer was lost, or queued again after an answer that may have landed).
 */
export type OwnWrites = Partial<Record<SnapshotField, readonly FieldValue[]>>;

export function mergeRemote(
  local: ListingSnapshot,
  base: ListingSnapshot,
  remote: ListingSnapshot,
  ownWrites: OwnWrites = {},
): MergeOutcome {
  const merged = { ...local };
  const nextBase = { ...base };
  const conflicts: FieldConflict[] = [];
  const drifts: FieldDrift[] = [];
  const landed: SnapshotField[] = [];
  let dirty = false;
  for (const field of SNAPSHOT_FIELDS) {
    const editedHere = !sameValue(local[field], base[field]);
    const changedThere = !sameValue(remote[field], base[field]);
    if (changedThere && ownWrites[field]?.some((value) => sameValue(value, remote[field]))) {
      // Our own earlier write landed: the marketplace moved to it, the seller's newer value (if
      // any) still waits to be pushed. Neither a conflict nor a drift.
      assign(nextBase, field, remote[field]);
      if (sameValue(remote[field], local[field])) landed.push(field);
      else dirty = true;
      continue;
    }
    if (!editedHere) {
      if (!changedThere) continue;
      assign(merged, field, remote[field]);
      assign(nextBase, field, remote[field]);
      if (DRIFT_FIELDS.has(field))
        drifts.push({ field, before: base[field], theirs: remote[field] });
      continue;
    }
    if (sameValue(remote[field], local[field])) {
      assign(nextBase, field, remote[field]);
      landed.push(field);
      continue;
    }
    dirty = true;
    if (changedThere) {
      conflicts.push({ field, base: base[field], mine: local[field], theirs: remote[field] });
    }
  }
  return { merged, base: nextBase, dirty, conflicts, drifts, landed };
}

function assign<K extends SnapshotField>(
  target: ListingSnapshot,
  field: K,
  value: ListingSnapshot[K],
): void {
  target[field] = value;
}
