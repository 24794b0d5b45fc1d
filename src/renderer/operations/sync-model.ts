/** The sync view's pure pieces: progress events kept per shop and stream, schedule presets. */
import type { EventPayload } from '../../shared/api/index.js';

type Progress = EventPayload<'sync.progress'>;

/** The latest event per (run, shop, stream); events of older runs are dropped. */
export function latestProgress(events: readonly Progress[]): Progress[] {
  const newestRun = Math.max(...events.map((event) => event.runId));
  const latest = new Map<string, Progress>();
  for (const event of events) {
    if (event.runId === newestRun) latest.set(`${event.accountId}:${event.stream}`, event);
  }
  return [...latest.values()].sort(
    (a, b) => a.accountId - b.accountId || a.stream.localeCompare(b.stream),
  );
}

export const SCHEDULE_PRESETS = {
  morning: '30 7 * * *',
  twiceDaily: '0 7,16 * * *',
  workingHours: '0 8-20/2 * * *',
  hourly: '0 * * * *',
  weekdays: '30 7 * * 1-5',
} as const;
export type Preset = keyof typeof SCHEDULE_PRESETS | 'custom';

export function presetOf(schedule: string): Preset {
  const found = Object.entries(SCHEDULE_PRESETS).find(([, value]) => value === schedule.trim());
  return found ? (found[0] as Preset) : 'custom';
}
