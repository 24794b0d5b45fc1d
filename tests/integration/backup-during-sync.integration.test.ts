/**
 * Issue 12: a backup taken while a sync is writing restores to a valid store. The backup is taken
 * with the online backup API on the engine's own connection in the middle of a morning run over two
 * simulated shops; restored into a fresh data folder it passes the integrity check, holds the
 * pages written so far, and the next run there starts cleanly (closing the run the backup caught
 * under way) instead of waiting for a lease nobody holds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDir, createBackup, restoreBackup } from '../../src/engine/backup/index.js';
import { openStore } from '../../src/engine/store/connection.js';
import { runMorningSync } from '../../src/engine/sync/morning.js';
import { startMarketWorld, type MarketWorld } from './sync-harness.js';

const root = mkdtempSync(join(tmpdir(), 'silkroute-backup-sync-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const count = (store: { raw: { prepare(sql: string): { get(): unknown } } }, table: string) =>
  (store.raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('backup during a running sync', () => {
  it('restores to a valid store that the next run picks up from', async () => {
    let world: MarketWorld | undefined;
    try {
      world = await startMarketWorld({
        marketplaces: ['shopee', 'wish'],
        items: 200,
        orders: 300,
        dir: join(root, 'live'),
        // Slow enough that the run is still writing when the backup is taken.
        clientRate: { requestsPerSecond: 40, burst: 2 },
      });
      const running = world.run();
      while (world.progress.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
      const backup = await createBackup(world.store, { reason: 'manual' });
      const outcome = await running;
      expect(outcome.state).not.toBe('busy');
      expect(backup.integrity).toBe('ok');

      const fresh = openStore(join(root, 'restored', 'silkroute.db'));
      try {
        await restoreBackup(fresh, { file: join(backupDir(world.dir), backup.file) });
        expect(fresh.raw.pragma('integrity_check', { simple: true })).toBe('ok');
        const caught = fresh.raw
          .prepare(`SELECT state FROM sync_runs ORDER BY id DESC LIMIT 1`)
          .get() as { state: string };
        // The copy is one moment of the run: under way, with some of its pages written.
        expect(caught.state).toBe('running');
        expect(count(fresh, 'accounts')).toBe(2);
        expect(count(fresh, 'orders') + count(fresh, 'listings')).toBeGreaterThan(0);
        // The next run there takes the lease at once and closes the run the copy caught.
        const next = await runMorningSync(
          { store: fresh, link: () => null, newKey: () => 'k', holder: 'after-restore' },
          { trigger: 'manual' },
        );
        expect(next.state).not.toBe('busy');
        expect(
          fresh.raw.prepare(`SELECT count(*) AS n FROM sync_runs WHERE state = 'running'`).get(),
        ).toEqual({ n: 0 });
      } finally {
        fresh.close();
      }
    } finally {
      await world?.close();
    }
  });
});
