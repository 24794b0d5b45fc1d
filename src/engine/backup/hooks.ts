/**
 * When backups are taken without anyone asking: before a push (the moment local edits start to
 * leave the machine) and once a day. A failed backup is logged and never stops the push: a full
 * disk must not keep a seller's stock from being sent.
 */
import { createLogger } from '../../shared/log.js';
import type { Store } from '../store/connection.js';
import { createBackup, dataDirOf } from './create.js';
import { listBackups, type BackupManifest } from './manifest.js';
import type { RetentionPolicy } from './retention.js';

const log = createLogger('engine.backup');

export interface BackupHookOptions {
  now?: () => Date;
  retention?: RetentionPolicy;
  /** A before-push backup younger than this is enough (default 10 minutes). */
  minIntervalMs?: number;
}

const ageMs = (entry: BackupManifest, now: Date) => now.getTime() - Date.parse(entry.createdAt);

/**
 * Daily backups under way, per data folder: the hourly check and a morning run's push both ask
 * for today's backup at start, and both found none (the first had not finished its copy).
 */
const dailyUnderWay = new Map<string, Promise<BackupManifest | null>>();

/**
 * Takes today's daily backup (UTC day) unless there is one; null when none was needed, or when
 * another call is taking it (this one waits for that one to end).
 */
export async function ensureDailyBackup(
  store: Store,
  options: BackupHookOptions = {},
): Promise<BackupManifest | null> {
  const dataDir = dataDirOf(store);
  const underWay = dailyUnderWay.get(dataDir);
  if (underWay) {
    await underWay.catch(() => null);
    return null;
  }
  const run = (async () => {
    const now = (options.now ?? (() => new Date()))();
    const today = now.toISOString().slice(0, 10);
    const done = listBackups(dataDir).some(
      (entry) => entry.reason === 'daily' && entry.createdAt.slice(0, 10) === today,
    );
    if (done) return null;
    return createBackup(store, { reason: 'daily', now: () => now, ...retention(options) });
  })();
  dailyUnderWay.set(dataDir, run);
  try {
    return await run;
  } finally {
    dailyUnderWay.delete(dataDir);
  }
}

/**
 * Called where a push starts: a before-push backup (unless one was taken in the last few minutes),
 * and the daily one if today has none. Never throws; returns what it made.
 */
export async function backupBeforePush(
  store: Store,
  options: BackupHookOptions = {},
): Promise<BackupManifest[]> {
  if (store.path === ':memory:') return [];
  const made: BackupManifest[] = [];
  try {
    const now = (options.now ?? (() => new Date()))();
    const recent = listBackups(dataDirOf(store)).some(
      (entry) =>
        entry.reason === 'before-push' && ageMs(entry, now) < (options.minIntervalMs ?? 600_000),
    );
    if (!recent) {
      made.push(
        await createBackup(store, { reason: 'before-push', now: () => now, ...retention(options) }),
      );
    }
    const daily = await ensureDailyBackup(store, options);
    if (daily) made.push(daily);
  } catch (error) {
    log.warn('the backup before the push failed; pushing anyway', { error });
  }
  return made;
}

function retention(options: BackupHookOptions): { retention?: RetentionPolicy } {
  return options.retention ? { retention: options.retention } : {};
}

/**
 * Keeps a daily backup while an engine runs: one check now and then every hour (cheap: a folder
 * listing). Returns the stop function. Timers are unref'd, so they never keep a process alive.
 */
export function scheduleDailyBackups(
  store: Store,
  options: BackupHookOptions & { intervalMs?: number } = {},
): () => void {
  if (store.path === ':memory:') return () => undefined;
  let stopped = false;
  const tick = () => {
    if (stopped || !store.raw.open) return;
    ensureDailyBackup(store, options).catch((error: unknown) =>
      log.warn('the daily backup failed', { error }),
    );
  };
  const first = setTimeout(tick, 5_000);
  const every = setInterval(tick, options.intervalMs ?? 3_600_000);
  first.unref();
  every.unref();
  return () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(every);
  };
}
