import { describe, expect, it } from 'vitest';
import type { BackupManifest, BackupReason } from './manifest.js';
import { backupsToPrune, isoWeek } from './retention.js';

function entry(reason: BackupReason, createdAt: string): BackupManifest {
  return {
    version: 1,
    file: `silkroute-${createdAt.replace(/[-:.]/g, '')}-${reason}.db`,
    createdAt,
    reason,
    schemaVersion: 1,
    sizeBytes: 1,
    integrity: 'ok',
  };
}

const day = (n: number) => new Date(Date.UTC(2026, 10, 30) - n * 86_400_000).toISOString();

describe('retention', () => {
  it('numbers ISO weeks the way the standard does at year ends', () => {
    expect(isoWeek('2026-01-01T12:00:00.000Z')).toBe('2026-W01');
    expect(isoWeek('2027-01-01T12:00:00.000Z')).toBe('2026-W53');
    expect(isoWeek('2024-12-30T00:00:00.000Z')).toBe('2025-W01');
  });

  it('keeps the newest dailies, then one per week, and the newest N of every other reason', () => {
    const dailies = Array.from({ length: 60 }, (_, n) => entry('daily', day(n)));
    const pushes = Array.from({ length: 12 }, (_, n) => entry('before-push', day(n)));
    const manual = [entry('manual', day(50))];
    const pruned = new Set(
      backupsToPrune([...dailies, ...pushes, ...manual], {
        daily: 7,
        weekly: 4,
        beforePush: 10,
        beforeRestore: 5,
        manual: 20,
      }).map((e) => e.file),
    );
    const kept = [...dailies, ...pushes, ...manual].filter((e) => !pruned.has(e.file));
    const keptDailies = kept.filter((e) => e.reason === 'daily');
    expect(keptDailies.slice(0, 7)).toEqual(dailies.slice(0, 7));
    expect(keptDailies).toHaveLength(11);
    const weeks = keptDailies.slice(7).map((e) => isoWeek(e.createdAt));
    expect(new Set(weeks).size).toBe(4);
    expect(kept.filter((e) => e.reason === 'before-push')).toEqual(pushes.slice(0, 10));
    expect(kept.filter((e) => e.reason === 'manual')).toEqual(manual);
  });
});
