/**
 * Which backups to delete, as a pure function of the list and the policy. Each reason keeps its own
 * newest N; daily backups additionally keep one per ISO week (the week's newest) for `weekly` weeks
 * beyond the newest `daily`, so a problem noticed late still has an older copy to go back to.
 */
import type { BackupManifest, BackupReason } from './manifest.js';

export interface RetentionPolicy {
  daily: number;
  weekly: number;
  beforePush: number;
  beforeRestore: number;
  manual: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  daily: 7,
  weekly: 4,
  beforePush: 10,
  beforeRestore: 5,
  manual: 20,
};

/** ISO-8601 week of a UTC instant, as `YYYY-Www`. */
export function isoWeek(iso: string): string {
  const date = new Date(iso);
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the week's Thursday decides its year
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

const KEEP: Record<Exclude<BackupReason, 'daily'>, keyof RetentionPolicy> = {
  'before-push': 'beforePush',
  'before-restore': 'beforeRestore',
  manual: 'manual',
};

export function backupsToPrune(
  entries: readonly BackupManifest[],
  policy: RetentionPolicy = DEFAULT_RETENTION,
): BackupManifest[] {
  const newestFirst = [...entries].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const prune: BackupManifest[] = [];
  for (const [reason, key] of Object.entries(KEEP) as [BackupReason, keyof RetentionPolicy][]) {
    prune.push(...newestFirst.filter((entry) => entry.reason === reason).slice(policy[key]));
  }
  const daily = newestFirst.filter((entry) => entry.reason === 'daily');
  const keptWeeks = new Set(daily.slice(0, policy.daily).map((entry) => isoWeek(entry.createdAt)));
  let weeklyKept = 0;
  for (const entry of daily.slice(policy.daily)) {
    const week = isoWeek(entry.createdAt);
    if (!keptWeeks.has(week) && weeklyKept < policy.weekly) {
      keptWeeks.add(week);
      weeklyKept += 1;
    } else prune.push(entry);
  }
  return prune;
}
