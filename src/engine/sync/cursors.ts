/**
 * Per-account sync checkpoints in `sync_cursors`, one row per (account, stream), JSON in `cursor`.
 * A checkpoint is written in the same transaction as the page it follows, so after a crash the
 * store never claims a page it does not hold. Stored values are validated when read: one that does
 * not parse (written by another version, or by hand) reads as "no checkpoint", which means a full
 * pull — slower, never wrong, as ingest is an idempotent upsert.
 */
import { z } from 'zod';
import type { AccountId } from '../../shared/ids.js';
import { qb } from '../store/compiler.js';
import type { Reader, Writer } from '../store/connection.js';

const IsoTime = z.iso.datetime({ offset: true });

/** Where the listings pull of an account stands. */
export const ListingsCheckpoint = z.object({
  /** The connector's cursor of the next page of an unfinished pull; null when none is under way. */
  next: z.string().nullable(),
  /** `changedSince` of the pull under way (it must be resumed with the same filter). */
  changedSince: IsoTime.nullable(),
  /**
   * When the pull under way first started (marketplace clock): a resumed pull completes as of
   * then, since what changed after it on pages already walked may not have been seen.
   */
  pullStartedAt: IsoTime.nullable().optional(),
  /** When the last completed pull started: everything changed before it is in the store. */
  syncedThrough: IsoTime.nullable(),
});
export type ListingsCheckpoint = z.infer<typeof ListingsCheckpoint>;

/** Where the orders pull of an account stands. */
export const OrdersCheckpoint = z.object({
  /** The update-time window of the pull under way, and the connector's checkpoint inside it. */
  window: z.object({ from: IsoTime, to: IsoTime }).nullable(),
  checkpoint: z.string().nullable(),
  /** End of the last completed window. */
  syncedThrough: IsoTime.nullable(),
});
export type OrdersCheckpoint = z.infer<typeof OrdersCheckpoint>;

/** Identity of an account's built-in sandbox shop (seed and origin), so a restart rebuilds it. */
export const SandboxOrigin = z.object({
  seed: z.number().int(),
  origin: z.number().int().nonnegative(),
});
export type SandboxOrigin = z.infer<typeof SandboxOrigin>;

const STREAMS = {
  listings: ListingsCheckpoint,
  orders: OrdersCheckpoint,
  sandbox: SandboxOrigin,
} as const;
export type Stream = keyof typeof STREAMS;
export type CheckpointOf<S extends Stream> = z.infer<(typeof STREAMS)[S]>;

export function readCheckpoint<S extends Stream>(
  r: Reader,
  accountId: AccountId,
  stream: S,
): CheckpointOf<S> | null {
  const row = r.first(
    qb
      .selectFrom('sync_cursors')
      .select('cursor')
      .where('account_id', '=', accountId)
      .where('stream', '=', stream),
  );
  if (!row) return null;
  let value: unknown;
  try {
    value = JSON.parse(row.cursor);
  } catch {
    return null;
  }
  const parsed = STREAMS[stream].safeParse(value);
  return parsed.success ? (parsed.data as CheckpointOf<S>) : null;
}

export function writeCheckpoint<S extends Stream>(
  w: Writer,
  accountId: AccountId,
  stream: S,
  value: CheckpointOf<S>,
): void {
  w.run(
    qb
      .insertInto('sync_cursors')
      .values({
        account_id: accountId,
        stream,
        cursor: JSON.stringify(STREAMS[stream].parse(value)),
        updated_at: w.now(),
      })
      .onConflict((conflict) =>
        conflict.columns(['account_id', 'stream']).doUpdateSet((eb) => ({
          cursor: eb.ref('excluded.cursor'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      ),
  );
}
