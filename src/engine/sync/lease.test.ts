import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, STORE_FILE_NAME, type Store } from '../store/connection.js';
import { temporaryDir } from '../store/test-fixtures.js';
import {
  acquireLease,
  holdLease,
  newHolderId,
  readLease,
  releaseLease,
  renewLease,
  type IntervalTimers,
} from './lease.js';

const START = Date.parse('2026-03-10T07:30:00.000Z');
const TTL = 60_000;

/** Interval timers driven by hand: `tick()` runs every live interval once. */
class ManualIntervals implements IntervalTimers {
  private readonly live = new Map<number, () => void>();
  private next = 1;
  setInterval(callback: () => void): unknown {
    const id = this.next++;
    this.live.set(id, callback);
    return id;
  }
  clearInterval(handle: unknown): void {
    this.live.delete(handle as number);
  }
  get count(): number {
    return this.live.size;
  }
  tick(): void {
    for (const callback of [...this.live.values()]) callback();
  }
}

let clock = START;
let dispose: () => void;
let app: Store;
let cli: Store;

beforeEach(() => {
  clock = START;
  const dir = temporaryDir();
  dispose = dir.dispose;
  const path = join(dir.dir, STORE_FILE_NAME);
  // Two connections on one file, as the app and `silkroute sync` would have.
  app = openStore(path, { now: () => new Date(clock) });
  cli = openStore(path, { now: () => new Date(clock) });
});

afterEach(() => {
  app.close();
  cli.close();
  dispose();
});

const acquire = (store: Store, holder: string, ttlMs = TTL) =>
  store.write((w) => acquireLease(w, { holder, ttlMs }));

describe('acquireLease', () => {
  it('gives the lease to one of two contending connections and tells the other who has it', () => {
    expect(acquire(app, 'app:1:a')).toEqual({ ok: true, expiresAt: '2026-03-10T07:31:00.000Z' });
    expect(acquire(cli, 'cli:2:b')).toEqual({
      ok: false,
      holder: 'app:1:a',
      expiresAt: '2026-03-10T07:31:00.000Z',
    });
    expect(cli.read(readLease)).toMatchObject({ holder: 'app:1:a', expired: false });
  });

  it('lets a second holder in once the first has expired', () => {
    acquire(app, 'app:1:a');
    clock += TTL - 1;
    expect(acquire(cli, 'cli:2:b').ok).toBe(false);
    clock += 1;
    expect(app.read(readLease)?.expired).toBe(true);
    expect(acquire(cli, 'cli:2:b')).toEqual({ ok: true, expiresAt: '2026-03-10T07:32:00.000Z' });
    expect(app.read(readLease)).toMatchObject({
      holder: 'cli:2:b',
      acquiredAt: '2026-03-10T07:31:00.000Z',
    });
  });

  it('extends the lease when its own holder acquires again', () => {
    acquire(app, 'app:1:a');
    clock += 10_000;
    expect(acquire(app, 'app:1:a')).toEqual({ ok: true, expiresAt: '2026-03-10T07:31:10.000Z' });
  });

  it('rejects an empty holder and a non-positive time-to-live without writing', () => {
    expect(() => acquire(app, ' ')).toThrow(/holder id/);
    expect(() => acquire(app, 'app:1:a', 0)).toThrow(/time-to-live/);
    expect(app.read(readLease)).toBeNull();
  });
});

describe('releaseLease', () => {
  it('frees the lease for anyone', () => {
    acquire(app, 'app:1:a');
    app.write((w) => releaseLease(w, 'app:1:a'));
    expect(cli.read(readLease)).toBeNull();
    expect(acquire(cli, 'cli:2:b').ok).toBe(true);
  });

  it("does nothing to another holder's lease", () => {
    acquire(app, 'app:1:a');
    cli.write((w) => releaseLease(w, 'cli:2:b'));
    expect(acquire(cli, 'cli:2:b').ok).toBe(false);
  });
});

describe('renewLease', () => {
  it('extends its own lease from now', () => {
    acquire(app, 'app:1:a');
    clock += 20_000;
    expect(app.write((w) => renewLease(w, 'app:1:a', TTL))).toBe(true);
    expect(cli.read(readLease)?.expiresAt).toBe('2026-03-10T07:31:20.000Z');
  });

  it('fails once another holder has taken the expired lease', () => {
    acquire(app, 'app:1:a');
    clock += TTL;
    acquire(cli, 'cli:2:b');
    expect(app.write((w) => renewLease(w, 'app:1:a', TTL))).toBe(false);
    expect(cli.read(readLease)?.holder).toBe('cli:2:b');
  });

  it('fails after release', () => {
    acquire(app, 'app:1:a');
    app.write((w) => releaseLease(w, 'app:1:a'));
    expect(app.write((w) => renewLease(w, 'app:1:a', TTL))).toBe(false);
    expect(app.read(readLease)).toBeNull();
  });

  it('renews an expired lease that nobody took', () => {
    acquire(app, 'app:1:a');
    clock += TTL * 5;
    expect(app.write((w) => renewLease(w, 'app:1:a', TTL))).toBe(true);
    expect(acquire(cli, 'cli:2:b').ok).toBe(false);
  });
});

describe('holdLease', () => {
  it('renews on its timer, keeping a contender out past the first expiry, then releases', () => {
    const timers = new ManualIntervals();
    const held = holdLease(app, { holder: 'app:1:a', ttlMs: TTL, renewEveryMs: 20_000, timers });
    if (!held.ok) throw new Error('expected the lease');
    for (let step = 0; step < 6; step++) {
      clock += 20_000;
      timers.tick();
    }
    expect(held.lease.expiresAt).toBe('2026-03-10T07:33:00.000Z');
    expect(acquire(cli, 'cli:2:b').ok).toBe(false);
    held.lease.release();
    expect(timers.count).toBe(0);
    expect(acquire(cli, 'cli:2:b').ok).toBe(true);
  });

  it('reports who holds the lease when it is taken', () => {
    acquire(cli, 'cli:2:b');
    expect(
      holdLease(app, {
        holder: 'app:1:a',
        ttlMs: TTL,
        renewEveryMs: 20_000,
        timers: new ManualIntervals(),
      }),
    ).toEqual({ ok: false, holder: 'cli:2:b', expiresAt: '2026-03-10T07:31:00.000Z' });
  });

  it('reports loss once, aborts its signal, stops renewing, and leaves the new holder alone', () => {
    const timers = new ManualIntervals();
    const lost: string[] = [];
    const held = holdLease(app, {
      holder: 'app:1:a',
      ttlMs: TTL,
      renewEveryMs: 20_000,
      timers,
      onLost: (holder) => lost.push(holder),
    });
    if (!held.ok) throw new Error('expected the lease');
    // The holder stalls past its expiry (no ticks) and another process takes over.
    clock += TTL;
    acquire(cli, 'cli:2:b');
    timers.tick();
    timers.tick();
    expect(lost).toEqual(['app:1:a']);
    expect(held.lease.lost).toBe(true);
    expect(held.lease.signal.aborted).toBe(true);
    expect(timers.count).toBe(0);
    held.lease.release();
    expect(cli.read(readLease)?.holder).toBe('cli:2:b');
  });

  it('refuses a renewal period that is not below the time-to-live', () => {
    expect(() =>
      holdLease(app, {
        holder: 'app:1:a',
        ttlMs: TTL,
        renewEveryMs: TTL,
        timers: new ManualIntervals(),
      }),
    ).toThrow(/renewEveryMs/);
    expect(app.read(readLease)).toBeNull();
  });
});

describe('newHolderId', () => {
  it('names the role and this process, and differs per call', () => {
    const first = newHolderId('cli');
    expect(first).toMatch(new RegExp(`^cli:${process.pid}:[0-9a-f]{8}$`));
    expect(newHolderId('cli')).not.toBe(first);
  });
});
