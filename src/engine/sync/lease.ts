/**
 * The sync lease: one row in `sync_lease` (id = 1) naming the one sync run allowed to proceed, so
 * the app, its schedule and `silkroute sync` never run two syncs at once on one database file, even
 * from different processes.
 *
 * Invariants:
 * - Every check-and-set happens inside one `store.write`, which is a BEGIN IMMEDIATE transaction:
 *   SQLite's write lock makes it atomic across connections and processes.
 * - A lease expires at `expires_at`; a holder that dies without releasing blocks others only until
 *   then. A live holder renews well before that (LeaseKeeper).
 * - Time is the store's clock (`Writer.now()`), so tests move it without sleeping.
 */
import { randomBytes } from 'node:crypto';
import { createLogger } from '../../shared/log.js';
import { qb } from '../store/compiler.js';
import type { Reader, Store, Writer } from '../store/connection.js';

const log = createLogger('engine.sync.lease');

export interface LeaseState {
  holder: string;
  acquiredAt: string;
  expiresAt: string;
  /** True when `expiresAt` has passed: anyone may take the lease. */
  expired: boolean;
}

export type AcquireResult =
  { ok: true; expiresAt: string } | { ok: false; holder: string; expiresAt: string };

export interface AcquireOptions {
  /** Names the process and the run, e.g. `cli:4711:9f2c1ab0` (see newHolderId). */
  holder: string;
  /** How long the lease lasts unless renewed, in milliseconds. */
  ttlMs: number;
  /** Runs in the transaction that takes the lease (e.g. closing runs a dead holder left open). */
  onAcquired?: (w: Writer) => void;
}

/** The run's lease lasts this long unless renewed (a quarter of it apart). */
export const LEASE_TTL_MS = 60_000;

/** A holder id naming this process: `<role>:<pid>:<random>`, unique per call. */
export function newHolderId(role: string): string {
  return `${role}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

function checkHolder(holder: string): void {
  if (holder.trim() === '' || holder.length > 200)
    throw new RangeError('A lease holder id must be 1 to 200 characters');
}

function checkTtl(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0)
    throw new RangeError(`A lease time-to-live must be a whole number of ms above 0, not ${ttlMs}`);
}

function plus(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

/**
 * Reads the lease, expired or not; null when nobody has held it since it was last released.
 * `expired` compares with the transaction's clock. Times are parsed rather than compared as text
 * so a row written by hand in another ISO form still reads right.
 */
export function readLease(r: Reader): LeaseState | null {
  const row = r.first(
    qb.selectFrom('sync_lease').select(['holder', 'acquired_at', 'expires_at']).where('id', '=', 1),
  );
  if (!row) return null;
  return {
    holder: row.holder,
    acquiredAt: row.acquired_at,
    expiresAt: row.expires_at,
    expired: !(Date.parse(row.expires_at) > Date.parse(r.now())),
  };
}

/**
 * Takes the lease if it is free, expired, or already this holder's (then it is extended).
 * Otherwise reports who holds it and until when, and changes nothing.
 */
export function acquireLease(w: Writer, options: AcquireOptions): AcquireResult {
  checkHolder(options.holder);
  checkTtl(options.ttlMs);
  const current = readLease(w);
  if (current && !current.expired && current.holder !== options.holder) {
    return { ok: false, holder: current.holder, expiresAt: current.expiresAt };
  }
  const now = w.now();
  const expiresAt = plus(now, options.ttlMs);
  w.run(
    qb
      .insertInto('sync_lease')
      .values({ id: 1, holder: options.holder, acquired_at: now, expires_at: expiresAt })
      .onConflict((conflict) =>
        conflict.column('id').doUpdateSet({
          holder: options.holder,
          acquired_at: now,
          expires_at: expiresAt,
        }),
      ),
  );
  options.onAcquired?.(w);
  return { ok: true, expiresAt };
}

/**
 * Extends the holder's lease to now + ttl. False when the lease is no longer this holder's
 * (released, or taken by another after it expired). A lease that expired but that nobody took is
 * renewed: no other run can have started in between, so nothing was lost (a laptop that slept
 * through its renewals carries on after waking).
 */
export function renewLease(w: Writer, holder: string, ttlMs: number): boolean {
  checkTtl(ttlMs);
  const result = w.run(
    qb
      .updateTable('sync_lease')
      .set({ expires_at: plus(w.now(), ttlMs) })
      .where('id', '=', 1)
      .where('holder', '=', holder),
  );
  return result.changes === 1;
}

/** Frees the lease if (and only if) this holder has it; releasing another's lease does nothing. */
export function releaseLease(w: Writer, holder: string): void {
  w.run(qb.deleteFrom('sync_lease').where('id', '=', 1).where('holder', '=', holder));
}

/** Timer functions, injectable so tests drive renewals without waiting. */
export interface IntervalTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const systemTimers: IntervalTimers = {
  setInterval(callback, ms) {
    // A renewal timer must never be what keeps a process alive: its run is.
    return setInterval(callback, ms).unref();
  },
  clearInterval(handle) {
    clearInterval(handle as ReturnType<typeof setInterval>);
  },
};

export interface HoldLeaseOptions extends AcquireOptions {
  /** How often to renew; must be below ttlMs (a third of it leaves room for two misses). */
  renewEveryMs: number;
  /** Called once if the lease is lost (another holder has it); the run should stop. */
  onLost?: (holder: string) => void;
  timers?: IntervalTimers;
}

/** A lease this process holds; keeps itself renewed until released or lost. */
export interface HeldLease {
  readonly holder: string;
  /** When the lease runs out unless renewed again. */
  readonly expiresAt: string;
  /** Aborted when the lease is lost. */
  readonly signal: AbortSignal;
  readonly lost: boolean;
  /** Stops renewing and frees the lease (unless lost). Safe to call more than once. */
  release(): void;
}

export type HoldResult =
  { ok: true; lease: HeldLease } | { ok: false; holder: string; expiresAt: string };

class LeaseKeeper implements HeldLease {
  private readonly controller = new AbortController();
  private timer: unknown;
  private done = false;

  constructor(
    private readonly store: Store,
    private readonly options: HoldLeaseOptions,
    public expiresAt: string,
    private readonly timers: IntervalTimers,
  ) {
    this.timer = timers.setInterval(() => this.renew(), options.renewEveryMs);
  }

  get holder(): string {
    return this.options.holder;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get lost(): boolean {
    return this.controller.signal.aborted;
  }

  private renew(): void {
    if (this.done) return;
    let renewed: boolean;
    try {
      renewed = this.store.write((w) => {
        const ok = renewLease(w, this.holder, this.options.ttlMs);
        if (ok) this.expiresAt = plus(w.now(), this.options.ttlMs);
        return ok;
      });
    } catch (error) {
      // A busy or briefly unavailable database is not a loss: the next tick tries again, and
      // renewLease still succeeds then unless another holder took the lease meanwhile.
      log.warn('Could not renew the sync lease; will retry', error);
      return;
    }
    if (renewed) return;
    this.stop();
    log.warn('The sync lease was lost to another holder', { holder: this.holder });
    this.controller.abort(new Error('The sync lease was lost to another holder'));
    this.options.onLost?.(this.holder);
  }

  private stop(): void {
    if (this.done) return;
    this.done = true;
    this.timers.clearInterval(this.timer);
  }

  release(): void {
    if (this.done) return;
    this.stop();
    try {
      this.store.write((w) => releaseLease(w, this.holder));
    } catch (error) {
      // Not fatal: the lease expires by itself at expiresAt.
      log.warn('Could not release the sync lease; it expires by itself', error);
    }
  }
}

/**
 * Acquires the lease and keeps it renewed on an unref'd timer until `release()`; reports loss
 * through `onLost` and the lease's `signal`. When someone else holds it, says who and until when.
 */
export function holdLease(store: Store, options: HoldLeaseOptions): HoldResult {
  checkHolder(options.holder);
  checkTtl(options.ttlMs);
  if (!(options.renewEveryMs > 0 && options.renewEveryMs < options.ttlMs)) {
    throw new RangeError(
      `renewEveryMs (${options.renewEveryMs}) must be above 0 and below ttlMs (${options.ttlMs})`,
    );
  }
  const acquired = store.write((w) => acquireLease(w, options));
  if (!acquired.ok) return acquired;
  const keeper = new LeaseKeeper(
    store,
    options,
    acquired.expiresAt,
    options.timers ?? systemTimers,
  );
  return { ok: true, lease: keeper };
}
