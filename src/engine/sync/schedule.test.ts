import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLogSink, type LogRecord } from '../../shared/log.js';
import { writeSettings } from '../store/queries/settings.js';
import { temporaryStore, type TemporaryStore } from '../store/test-fixtures.js';
import { startRun } from './runs.js';
import {
  MISSED_RUN_WINDOW_MS,
  missedFire,
  parseSchedule,
  ScheduleError,
  SyncScheduler,
  type SchedulerClock,
} from './schedule.js';
import type { SyncOutcome, SyncRequest, SyncRunner } from './types.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (iso: string) => Date.parse(iso);

/**
 * A wall clock and timers driven by hand. `advance` moves both clocks, running timers as they fall
 * due; `sleep` moves only the wall clock, as a suspended machine does (Node's timers are monotonic).
 */
class FakeClock implements SchedulerClock {
  private monotonic = 0;
  private nextId = 1;
  private readonly timers = new Map<
    number,
    { due: number; callback: () => void; every: number | null }
  >();

  constructor(public wall: number) {}

  now(): number {
    return this.wall;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    return this.add(callback, ms, null);
  }
  setInterval(callback: () => void, ms: number): unknown {
    return this.add(callback, ms, ms);
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  clearInterval(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  get pending(): number {
    return this.timers.size;
  }

  advance(ms: number): void {
    const end = this.monotonic + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, timer]) => timer.due <= end)
        .sort(([a, x], [b, y]) => x.due - y.due || a - b)[0];
      if (!due) break;
      const [id, timer] = due;
      this.wall += timer.due - this.monotonic;
      this.monotonic = timer.due;
      if (timer.every === null) this.timers.delete(id);
      else timer.due += timer.every;
      timer.callback();
    }
    this.wall += end - this.monotonic;
    this.monotonic = end;
  }

  sleep(ms: number): void {
    this.wall += ms;
  }

  private add(callback: () => void, ms: number, every: number | null): number {
    const id = this.nextId++;
    this.timers.set(id, { due: this.monotonic + Math.max(ms, 1), callback, every });
    return id;
  }
}

/** A runner whose runs end when the test says. */
class FakeRunner implements SyncRunner {
  readonly requests: SyncRequest[] = [];
  private finishers: ((outcome: SyncOutcome) => void)[] = [];

  constructor(private readonly onStart: () => void = () => {}) {}

  sync(request: SyncRequest): Promise<SyncOutcome> {
    this.requests.push(request);
    this.onStart();
    return new Promise((resolve) => {
      this.finishers.push(resolve);
      request.signal?.addEventListener('abort', () =>
        resolve({ state: 'cancelled', runId: null, report: null }),
      );
    });
  }

  async finishAll(): Promise<void> {
    for (const finish of this.finishers.splice(0))
      finish({ state: 'succeeded', runId: null, report: null });
    await settle();
  }
}

/** Lets promise callbacks (a run's end) run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

let temporary: TemporaryStore;
let clock: FakeClock;
let logs: LogRecord[];
let scheduler: SyncScheduler | undefined;

function setUp(nowIso: string): void {
  clock = new FakeClock(at(nowIso));
  temporary = temporaryStore({ now: () => new Date(clock.now()) });
}

/** Records a run (of any trigger) as started at `iso`. */
function recordRun(iso: string): void {
  const saved = clock.wall;
  clock.wall = at(iso);
  temporary.store.write((w) => startRun(w, 'manual'));
  clock.wall = saved;
}

function schedulerWith(runner: SyncRunner): SyncScheduler {
  scheduler = new SyncScheduler({ store: temporary.store, runner, clock, timeZone: 'UTC' });
  return scheduler;
}

beforeEach(() => {
  logs = [];
  setLogSink((record) => logs.push(record), 'debug');
});

describe('missedFire', () => {
  const daily = parseSchedule('30 7 * * *', 'UTC');

  it('owes a run for a fire exactly at now when there never was a run', () => {
    expect(missedFire(daily, at('2026-03-10T07:30:00Z'), null)?.toISOString()).toBe(
      '2026-03-10T07:30:00.000Z',
    );
  });

  it('owes none once a run started at or after the fire', () => {
    const now = at('2026-03-10T09:00:00Z');
    expect(missedFire(daily, now, at('2026-03-10T07:30:00Z'))).toBeNull();
    expect(missedFire(daily, now, at('2026-03-10T07:29:59Z'))?.toISOString()).toBe(
      '2026-03-10T07:30:00.000Z',
    );
  });

  it('owes none for a fire more than 24 h ago', () => {
    const weekly = parseSchedule('30 7 * * 1', 'UTC'); // Mondays; 2026-03-09 is one
    const fire = at('2026-03-09T07:30:00Z');
    expect(missedFire(weekly, fire + MISSED_RUN_WINDOW_MS, null)).not.toBeNull();
    expect(missedFire(weekly, fire + MISSED_RUN_WINDOW_MS + 1, null)).toBeNull();
  });

  it('reads the expression in the given time zone', () => {
    const tokyo = parseSchedule('30 7 * * *', 'Asia/Tokyo');
    expect(missedFire(tokyo, at('2026-03-10T00:00:00Z'), null)?.toISOString()).toBe(
      '2026-03-09T22:30:00.000Z',
    );
  });
});

describe('parseSchedule', () => {
  it('says what is wrong with an invalid expression', () => {
    expect(() => parseSchedule('61 7 * * *')).toThrow(ScheduleError);
    expect(() => parseSchedule('61 7 * * *')).toThrow(
      "'61 7 * * *' is not a valid cron schedule: Invalid value for minute: 61",
    );
  });
});

describe('SyncScheduler', () => {
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
    temporary.dispose();
  });

  it('uses the default schedule when none is set, and fires at each time with trigger schedule', () => {
    setUp('2026-03-10T06:00:00Z');
    recordRun('2026-03-09T08:00:00Z');
    const runner = new FakeRunner();
    const schedule = schedulerWith(runner);
    schedule.start();
    expect(schedule.expression).toBe('30 7 * * *');
    expect(runner.requests).toHaveLength(0);
    expect(schedule.nextFireAt?.toISOString()).toBe('2026-03-10T07:30:00.000Z');

    clock.advance(90 * MINUTE - 1);
    expect(runner.requests).toHaveLength(0);
    clock.advance(1);
    expect(runner.requests.map((request) => request.trigger)).toEqual(['schedule']);
    expect(schedule.nextFireAt?.toISOString()).toBe('2026-03-11T07:30:00.000Z');
  });

  it('reads the schedule from the settings', () => {
    setUp('2026-03-10T06:00:00Z');
    recordRun('2026-03-10T05:00:00Z');
    temporary.store.write((w) => writeSettings(w, { syncSchedule: '0 */2 * * *' }));
    const schedule = schedulerWith(new FakeRunner());
    schedule.start();
    expect(schedule.nextFireAt?.toISOString()).toBe('2026-03-10T08:00:00.000Z');
  });

  it('falls back to the default when the stored expression is invalid, and says so', () => {
    setUp('2026-03-10T06:00:00Z');
    recordRun('2026-03-10T05:00:00Z');
    temporary.store.write((w) => writeSettings(w, { syncSchedule: 'every morning' }));
    const schedule = schedulerWith(new FakeRunner());
    schedule.start();
    expect(schedule.expression).toBe('30 7 * * *');
    expect(logs.some((record) => record.level === 'error' && /invalid/.test(record.message))).toBe(
      true,
    );
  });

  it('runs a missed run once on start when there never was a run', () => {
    setUp('2026-03-10T09:00:00Z');
    const runner = new FakeRunner();
    schedulerWith(runner).start();
    expect(runner.requests.map((request) => request.trigger)).toEqual(['schedule']);
  });

  it('runs no missed run on start when a run started after the last fire', () => {
    setUp('2026-03-10T09:00:00Z');
    recordRun('2026-03-10T08:15:00Z');
    const runner = new FakeRunner();
    schedulerWith(runner).start();
    expect(runner.requests).toHaveLength(0);
  });

  it('catches up on wake: a sleep across a fire time runs once, then the schedule goes on', () => {
    setUp('2026-03-10T06:00:00Z');
    recordRun('2026-03-10T05:00:00Z');
    const runner = new FakeRunner();
    const schedule = schedulerWith(runner);
    schedule.start();
    clock.advance(5 * MINUTE);
    clock.sleep(3 * HOUR); // 06:05 → 09:05, no timer moves while asleep
    expect(runner.requests).toHaveLength(0);
    clock.advance(MINUTE); // the wake check's next tick sees a 3 h gap
    expect(runner.requests).toHaveLength(1);
    expect(schedule.nextFireAt?.toISOString()).toBe('2026-03-11T07:30:00.000Z');
    // The fire timer armed before the sleep must not fire the 07:30 run a second time.
    clock.advance(2 * HOUR);
    expect(runner.requests).toHaveLength(1);
  });

  it('does not catch up on wake when nothing was missed', () => {
    setUp('2026-03-10T08:00:00Z');
    recordRun('2026-03-10T07:30:00Z');
    const runner = new FakeRunner();
    schedulerWith(runner).start();
    clock.sleep(2 * HOUR);
    clock.advance(MINUTE);
    expect(runner.requests).toHaveLength(0);
  });

  it('never fires early when the wall clock is set back', () => {
    setUp('2026-03-10T07:00:00Z');
    recordRun('2026-03-10T06:00:00Z');
    const runner = new FakeRunner();
    const schedule = schedulerWith(runner);
    schedule.start();
    clock.sleep(-HOUR); // now 06:00 on the wall; the timer still has 30 min on its own clock
    clock.advance(30 * MINUTE);
    expect(runner.requests).toHaveLength(0);
    expect(schedule.nextFireAt?.toISOString()).toBe('2026-03-10T07:30:00.000Z');
    clock.advance(60 * MINUTE);
    expect(runner.requests).toHaveLength(1);
  });

  it('skips a fire while its run is under way, and logs it', async () => {
    setUp('2026-03-10T06:00:00Z');
    recordRun('2026-03-10T05:00:00Z');
    temporary.store.write((w) => writeSettings(w, { syncSchedule: '*/10 * * * *' }));
    const runner = new FakeRunner();
    const schedule = schedulerWith(runner);
    schedule.start();
    clock.advance(10 * MINUTE);
    expect(schedule.running).toBe(true);
    clock.advance(10 * MINUTE);
    expect(runner.requests).toHaveLength(1);
    expect(logs.some((record) => record.message.startsWith('Skipped a scheduled sync'))).toBe(true);
    await runner.finishAll();
    expect(schedule.running).toBe(false);
    clock.advance(10 * MINUTE);
    expect(runner.requests).toHaveLength(2);
  });

  it('reschedules to a valid expression, and keeps the old one on an invalid one', () => {
    setUp('2026-03-10T06:00:00Z');
    recordRun('2026-03-10T05:00:00Z');
    const runner = new FakeRunner();
    const schedule = schedulerWith(runner);
    schedule.start();
    schedule.reschedule('0 12 * * *');
    expect(schedule.nextFireAt?.toISOString()).toBe('2026-03-10T12:00:00.000Z');
    expect(() => schedule.reschedule('0 25 * * *')).toThrow(
      "'0 25 * * *' is not a valid cron schedule: Invalid value for hour: 25",
    );
    expect(schedule.expression).toBe('0 12 * * *');
    clock.advance(2 * HOUR); // past the old 07:30
    expect(runner.requests).toHaveLength(0);
    clock.advance(4 * HOUR);
    expect(runner.requests).toHaveLength(1);
  });

  it('reload picks up a changed setting and does not run a missed run for it', () => {
    setUp('2026-03-10T06:00:00Z');
    recordRun('2026-03-10T05:00:00Z');
    const runner = new FakeRunner();
    const schedule = schedulerWith(runner);
    schedule.start();
    temporary.store.write((w) => writeSettings(w, { syncSchedule: '0 5 * * *' }));
    schedule.reload();
    expect(schedule.expression).toBe('0 5 * * *');
    expect(schedule.nextFireAt?.toISOString()).toBe('2026-03-11T05:00:00.000Z');
    expect(runner.requests).toHaveLength(0);
  });

  it("reads the schedule in the seller's time zone setting, and follows a change of it", () => {
    setUp('2026-03-10T06:00:00Z');
    recordRun('2026-03-10T05:00:00Z');
    temporary.store.write((w) =>
      writeSettings(w, { syncSchedule: '0 7 * * *', timeZone: 'Asia/Shanghai' }),
    );
    const runner = new FakeRunner();
    scheduler = new SyncScheduler({ store: temporary.store, runner, clock });
    scheduler.start();
    // 07:00 in Shanghai (UTC+8) is 23:00 UTC the day before.
    expect(scheduler.nextFireAt?.toISOString()).toBe('2026-03-10T23:00:00.000Z');
    temporary.store.write((w) => writeSettings(w, { timeZone: 'Europe/Berlin' }));
    scheduler.reload();
    expect(scheduler.nextFireAt?.toISOString()).toBe('2026-03-11T06:00:00.000Z');
    expect(runner.requests).toHaveLength(0);
  });

  it('stop clears its timers, cancels its run under way and waits for it', async () => {
    setUp('2026-03-10T09:00:00Z');
    const runner = new FakeRunner();
    const schedule = schedulerWith(runner);
    schedule.start();
    expect(runner.requests).toHaveLength(1);
    await schedule.stop();
    expect(runner.requests[0]?.signal?.aborted).toBe(true);
    expect(schedule.running).toBe(false);
    expect(schedule.nextFireAt).toBeNull();
    expect(clock.pending).toBe(0);
    clock.advance(48 * HOUR);
    expect(runner.requests).toHaveLength(1);
    expect(() => schedule.start()).toThrow(/cannot start again/);
  });
});
