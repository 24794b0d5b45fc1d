/**
 * The benchmark data set: the demo seller scaled to 100k listings and 100k orders, written into a
 * data folder by `fillDemo` (the store's own write path). A folder given with `--data` is reused
 * when it already holds exactly that data set, so reruns skip the minute it takes to build.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { fillDemo, type DemoSize } from '../src/engine/demo/index.js';
import { STORE_FILE_NAME } from '../src/engine/store/index.js';

export const BENCH_SEED = 20_240_601;
/** Fixed so that every run measures the same rows. */
export const BENCH_NOW = '2025-06-01T12:00:00.000Z';
export const BENCH_SIZE: DemoSize = { masterSkus: 12_000, listings: 100_000, orders: 100_000 };

function holdsBenchData(dataDir: string): boolean {
  const path = join(dataDir, STORE_FILE_NAME);
  if (!existsSync(path)) return false;
  const database = new Sqlite(path, { readonly: true });
  try {
    const count = (table: string) =>
      (database.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return count('listings') === BENCH_SIZE.listings && count('orders') === BENCH_SIZE.orders;
  } catch {
    return false;
  } finally {
    database.close();
  }
}

/** Fills `dataDir` with the benchmark data set unless it already holds it; returns the ms spent. */
export function ensureBenchData(dataDir: string): { reused: boolean; ms: number } {
  if (holdsBenchData(dataDir)) return { reused: true, ms: 0 };
  const start = performance.now();
  fillDemo(dataDir, { seed: BENCH_SEED, now: BENCH_NOW, scale: BENCH_SIZE, pageSize: 500 });
  return { reused: false, ms: performance.now() - start };
}
