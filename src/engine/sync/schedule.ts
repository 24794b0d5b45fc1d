/**
 * The sync schedule: runs `runner.sync({ trigger: 'schedule' })` at each time the seller's cron
 * expression (settings.syncSchedule, in the local time zone) names.
 *
 * Croner is used only to compute fire times; the timers are our own, through an injectable clock,
 * so tests are deterministic and so a wall-clock jump can be handled:
 * - Node's timers run on a monotonic clock that stands still while the machine sleeps, so a timer
 *   armed for 07:30 at 23:00 would fire hours late after a night's sleep. A wake-check interval
 *   notices a gap between its ticks well beyond its period, re-arms the fire timer from the new
 *   wall-clock time, and looks for a missed run.
 * - A fire timer is armed for at most an hour and re-checks the wall clock when it fires, so a
 *   clock set back (or a timer that fires a little early) never runs a sync before its time.
 *
 * Missed run (on start and on wake): if the most recent fire time at or before now is later than
 * the start of the last run of any trigger (or there never was a run) and not more than 24 h ago,
 * one run starts now. Several missed fires still give one run.
 *
 * At most one scheduled run is under way in this process: a fire meanwhile is skipped (and
 * logged). Runs from other triggers or processes are kept apart by the runner's lease.
 */
import { Cron } from 'croner';
import { createLogger } from '../../shared/log.js';
import { qb } from '../store/compiler.js';
import type { Reader, Store } from '../store/connection.js';
import { defaultSettings, readSettings } from '../store/queries/settings.js';
import type { SyncOutcome, SyncRunner } from './types.js';

const log = createLogger('engine.sync.schedule');

/** A missed fire older than this is not caught up: the next scheduled one comes soon enough. */
export const MISSED_RUN_WINDOW_MS = 24 * 60 * 60 * 1000;
/** The longest a fire timer waits before it re-reads the wall clock. */
const MAX_TIMER_MS = 60 * 60 * 1000;
const DEFAULT_WAKE_CHECK_MS = 60_000;

/** Wall-clock time and timers; the scheduler's only contact with time. */
export interface SchedulerClock {
  /** Wall-clock time, epoch ms. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/**
 * The process's clock. Timers are unref'd: the scheduler never keeps a process alive by itself
 * (the engine's host does, and a scheduled run under way holds its own sockets).
 */
export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  setInterval: (callback, ms) => setInterval(callback, ms).unref(),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

export class ScheduleError extends Error {
  override readonly name = 'ScheduleError';
}

export interface SyncSchedulerOptions {
  store: Store;
  runner: SyncRunner;
  /**
   * IANA zone the expression is read in. Default: the seller's setting (settings.timeZone, read
   * again on reload), so "07:00" means seven in their zone wherever the computer's clock is set.
   */
  timeZone?: string;
  clock?: SchedulerClock;
  /** Period of the wake check (default 60 s); a gap over twice this between ticks is a wake. */
  wakeCheckEveryMs?: number;
}

/** Parses a cron expression, or throws ScheduleError saying what is wrong with it. */
export function parseSchedule(expression: string, timeZone?: string): Cron {
  try {
    return new Cron(expression, { paused: true, ...(timeZone ? { timezone: timeZone } : {}) });
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern:\s*/, '') : '';
    throw new ScheduleError(`'${expression}' is not a valid cron schedule: ${reason}`);
  }
}

/**
 * The fire time a run is owed for, or null: the most recent fire at or before `now`, if it is
 * later than the last run's start (or there was none) and at most MISSED_RUN_WINDOW_MS ago.
 */
export function missedFire(cron: Cron, now: number, lastRunStart: number | null): Date | null {
  // previousRuns excludes a fire exactly at its reference; one ms later includes it.
  const [previous] = cron.previousRuns(1, new Date(now + 1));
  if (!previous) return null;
  const fireTime = previous.getTime();
  if (now - fireTime > MISSED_RUN_WINDOW_MS) return null;
  if (lastRunStart !== null && fireTime <= lastRunStart) return null;
  return previous;
}

/** Start of the most recent sync run of any trigger, epoch ms; null when there never was one. */
export function lastRunStart(r: Reader): number | null {
  const row = r.first(
    qb.selectFrom('sync_runs').select('started_at').orderBy('started_at', 'desc').limit(1),
  );
  if (!row) return null;
  const time = Date.parse(row.started_at);
  return Number.isNaN(time) ? null : time;
}

export class SyncScheduler {
  private readonly clock: SchedulerClock;
  private readonly wakeCheckEveryMs: number;
  private cron: Cron;
  private zone: string | undefined;
  private fireTimer: unknown = null;
  private wakeTimer: unknown = null;
  private target: number | null = null;
  private lastTick = 0;
  private state: 'new' | 'started' | 'stopped' = 'new';
  private current: Promise<void> | null = null;
  private controller: AbortController | null = null;

  constructor(private readonly options: SyncSchedulerOptions) {
    this.clock = options.clock ?? systemClock;
    this.wakeCheckEveryMs = options.wakeCheckEveryMs ?? DEFAULT_WAKE_CHECK_MS;
    if (!(this.wakeCheckEveryMs > 0)) throw new RangeError('wakeCheckEveryMs must be above 0');
    this.zone = options.timeZone;
    this.cron = parseSchedule(defaultSettings().syncSchedule, this.zone);
  }

  /** The cron expression in force. */
  get expression(): string {
    return this.cron.getPattern() ?? '';
  }

  /** When the next scheduled run fires; null before start, after stop, or if it never fires. */
  get nextFireAt(): Date | null {
    return this.target === null ? null : new Date(this.target);
  }

  /** True while a run this scheduler started is under way. */
  get running(): boolean {
    return this.current !== null;
  }

  /**
   * Reads the schedule from the settings, arms the timers and catches up a missed run. A stored
   * expression that does not parse is logged and the default used, so the morning sync still runs.
   */
  start(): void {
    if (this.state === 'stopped') throw new Error('A stopped SyncScheduler cannot start again');
    if (this.state === 'started') return;
    this.state = 'started';
    this.loadFromSettings();
    this.lastTick = this.clock.now();
    this.wakeTimer = this.clock.setInterval(() => this.onWakeCheck(), this.wakeCheckEveryMs);
    this.arm();
    this.catchUp('start');
  }

  /**
   * Switches to a new expression (e.g. when the seller changed the setting). An invalid one throws
   * ScheduleError and the schedule in force is kept. No missed run is caught up: moving the time
   * earlier than now must not start a sync at once.
   */
  reschedule(expression: string): void {
    const cron = parseSchedule(expression, this.zone);
    this.cron = cron;
    if (this.state === 'started') this.arm();
    log.info('Sync schedule changed', { expression, nextFireAt: this.nextFireAt?.toISOString() });
  }

  /** Re-reads settings.syncSchedule and reschedules when it changed; an invalid one is logged. */
  reload(): void {
    const { syncSchedule, timeZone } = this.options.store.read(readSettings);
    const zone = this.options.timeZone ?? timeZone;
    if (syncSchedule === this.expression && zone === this.zone) return;
    const previousZone = this.zone;
    this.zone = zone;
    try {
      this.reschedule(syncSchedule);
    } catch (error) {
      this.zone = previousZone;
      log.error('The stored sync schedule is invalid; keeping the one in force', error);
    }
  }

  /** Stops the timers, cancels a scheduled run under way, and waits for it to end. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    this.clearFireTimer();
    this.target = null;
    if (this.wakeTimer !== null) this.clock.clearInterval(this.wakeTimer);
    this.wakeTimer = null;
    this.controller?.abort(new Error('The sync schedule was stopped'));
    await this.current;
  }

  private loadFromSettings(): void {
    const { syncSchedule, timeZone } = this.options.store.read(readSettings);
    this.zone = this.options.timeZone ?? timeZone;
    try {
      this.cron = parseSchedule(syncSchedule, this.zone);
    } catch (error) {
      log.error('The stored sync schedule is invalid; using the default', error);
      this.cron = parseSchedule(defaultSettings().syncSchedule, this.zone);
    }
  }

  private clearFireTimer(): void {
    if (this.fireTimer !== null) this.clock.clearTimeout(this.fireTimer);
    this.fireTimer = null;
  }

  /** Arms the fire timer for the first fire after now. */
  private arm(): void {
    const next = this.cron.nextRun(new Date(this.clock.now()));
    this.target = next ? next.getTime() : null;
    if (this.target === null) {
      this.clearFireTimer();
      log.warn('The sync schedule never fires again', { expression: this.expression });
      return;
    }
    this.armFor(this.target);
  }

  private armFor(target: number): void {
    this.clearFireTimer();
    const delay = Math.min(Math.max(target - this.clock.now(), 1), MAX_TIMER_MS);
    this.fireTimer = this.clock.setTimeout(() => this.onFireTimer(), delay);
  }

  private onFireTimer(): void {
    this.fireTimer = null;
    if (this.state !== 'started' || this.target === null) return;
    if (this.clock.now() < this.target) {
      this.armFor(this.target);
      return;
    }
    this.fire(`scheduled for ${new Date(this.target).toISOString()}`);
    this.arm();
  }

  private onWakeCheck(): void {
    const now = this.clock.now();
    const gap = now - this.lastTick;
    this.lastTick = now;
    if (gap >= 0 && gap <= this.wakeCheckEveryMs * 2) return;
    log.info('The wall clock jumped (wake from sleep or a clock change)', { gapMs: gap });
    this.arm();
    if (gap > 0) this.catchUp('wake');
  }

  private catchUp(reason: 'start' | 'wake'): void {
    let due: Date | null;
    try {
      const now = this.clock.now();
      due = missedFire(this.cron, now, this.options.store.read(lastRunStart));
    } catch (error) {
      log.error('Could not check for a missed sync run', error);
      return;
    }
    if (due) this.fire(`missed at ${due.toISOString()}, caught up on ${reason}`);
  }

  private fire(why: string): void {
    if (this.current) {
      log.info(`Skipped a scheduled sync (${why}): a scheduled run is still under way`);
      return;
    }
    log.info(`Starting a scheduled sync (${why})`);
    const controller = new AbortController();
    this.controller = controller;
    this.current = this.options.runner
      .sync({ trigger: 'schedule', signal: controller.signal })
      .then(
        (outcome) => logOutcome(outcome),
        (error: unknown) => log.error('The scheduled sync failed', error),
      )
      .finally(() => {
        this.current = null;
        this.controller = null;
      });
  }
}

function logOutcome(outcome: SyncOutcome): void {
  if (outcome.state === 'busy') {
    log.info('Scheduled sync skipped: another run holds the lease', outcome.heldBy);
  } else if (outcome.state === 'failed' || outcome.state === 'partial') {
    log.warn(`Scheduled sync ended: ${outcome.state}`, { runId: outcome.runId });
  } else {
    log.info(`Scheduled sync ended: ${outcome.state}`, { runId: outcome.runId });
  }
}
