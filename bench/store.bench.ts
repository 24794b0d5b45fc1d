/**
 * Foundation benchmarks of the store and the engine on the demo seller scaled to 100k listings
 * and 100k orders, in one process (cold starts in child processes). Prints each figure as it is
 * measured, then a table. Exits non-zero only when a measurement crashes, never on a missed
 * target. Method and targets: bench/README.md; recorded runs: bench/RESULTS.md.
 *
 *   node --import tsx bench/store.bench.ts [--data <folder>] [--keep] [--passes <n>]
 *
 * --data   reuse (or build once) the 100k data set in <folder> instead of a temporary one
 * --keep   leave the temporary folder behind (its path is printed)
 * --passes timed passes over each read query set (default 3)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemo } from '../src/engine/demo/index.js';
import { openEngine } from '../src/engine/service/engine.js';
import { openStore, STORE_FILE_NAME } from '../src/engine/store/index.js';
import { bareNodeMs, bundleChild, coldStartsExisting, coldStartsFresh } from './cold-start.js';
import { BENCH_NOW, BENCH_SEED, BENCH_SIZE, ensureBenchData } from './dataset.js';
import { benchIngest } from './ingest.js';
import { listingsQueries, searchQueries } from './queries.js';
import { benchListingsPage, benchSearch, type LatencyResult } from './reads.js';
import { formatMs, percentile, renderTable, type ResultRow } from './stats.js';

const TARGETS = {
  ingestRatio: 0.5,
  searchP95Ms: 10,
  listingsP95Ms: 15,
  coldStartMs: 300,
};
const INGEST_PAGE_SIZE = 100;
const COLD_RUNS = 7;

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    keep: { type: 'boolean', default: false },
    passes: { type: 'string', default: '3' },
  },
});
const passes = Number(args.passes);
if (!Number.isInteger(passes) || passes < 1) throw new Error('--passes must be a positive integer');

const rows: ResultRow[] = [];
let crashed = false;

function record(row: ResultRow): void {
  rows.push(row);
  const met = row.met === null ? '' : row.met ? '  (target met)' : '  (target MISSED)';
  console.log(
    `  ${row.measure}: ${row.value}  [target ${row.target}]${met}${row.note ? `  — ${row.note}` : ''}`,
  );
}

async function section(title: string, body: () => Promise<void> | void): Promise<void> {
  console.log(`\n▸ ${title}`);
  try {
    await body();
  } catch (error) {
    crashed = true;
    console.error(
      `  CRASHED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    rows.push({ measure: title, value: 'crashed', target: '', met: false });
  }
}

function printSlowest(result: LatencyResult): void {
  for (const slow of result.slowest) console.log(`    slow: ${formatMs(slow.ms)}  ${slow.query}`);
}

const cpuList = cpus();
const machine =
  `${cpuList.length} × ${cpuList[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
  `Node ${process.version}, ${process.platform}/${process.arch}`;
console.log(`Silkroute store benchmarks — ${machine}`);
console.log(
  `load average at start: ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`,
);

const workDir = mkdtempSync(join(tmpdir(), 'silkroute-bench-'));
const dataDir = args.data ?? join(workDir, 'data');
const demoOptions = { seed: BENCH_SEED, now: BENCH_NOW, scale: BENCH_SIZE };

try {
  await section(
    `data set (${BENCH_SIZE.listings} listings, ${BENCH_SIZE.orders} orders) in ${dataDir}`,
    () => {
      const { reused, ms } = ensureBenchData(dataDir);
      console.log(
        reused
          ? '  reused the existing data set'
          : `  built with fillDemo in ${(ms / 1000).toFixed(1)} s`,
      );
    },
  );

  await section('ingest: 100k orders, store upsert path ÷ raw prepared INSERT', () => {
    const result = benchIngest(workDir, generateDemo(demoOptions), INGEST_PAGE_SIZE);
    const perSecond = (ms: number) =>
      Math.round(result.orders / (ms / 1000)).toLocaleString('en-US');
    record({
      measure: 'ingest throughput ratio (store ÷ raw)',
      value: result.ratio.toFixed(2),
      target: `≥ ${TARGETS.ingestRatio}`,
      met: result.ratio >= TARGETS.ingestRatio,
      note: `store ${perSecond(result.storeMs)} orders/s, raw ${perSecond(result.rawMs)} orders/s; ${result.orders} orders, ${result.lines} lines, ${result.pageSize}/transaction`,
    });
  });

  await section('FTS search over 100k listings (queryListings, as listings.query calls it)', () => {
    const store = openStore(join(dataDir, STORE_FILE_NAME));
    try {
      const queries = searchQueries(store.raw);
      const result = benchSearch(store, queries, passes);
      const kinds = new Set(queries.map((query) => query.kind));
      const empty = result.hits.filter((hits) => hits === 0).length;
      const note = `${result.queries} queries (${[...kinds].join(', ')}) × ${passes} passes; ${empty} found nothing; max ${formatMs(result.max)}`;
      record({ measure: 'search p50', value: formatMs(result.p50), target: '—', met: null });
      record({
        measure: 'search p95',
        value: formatMs(result.p95),
        target: `≤ ${TARGETS.searchP95Ms} ms`,
        met: result.p95 <= TARGETS.searchP95Ms,
        note,
      });
      printSlowest(result);
    } finally {
      store.close();
    }
  });

  await section('listings page (filter + sort + 200 rows) through Engine.handle', async () => {
    const engine = openEngine({ dataDir });
    try {
      const store = openStore(join(dataDir, STORE_FILE_NAME));
      const accountIds = (
        store.raw.prepare('SELECT id FROM accounts ORDER BY id').all() as { id: number }[]
      ).map((row) => row.id);
      store.close();
      const result = await benchListingsPage(engine, listingsQueries(accountIds, 150), passes);
      record({ measure: 'listings page p50', value: formatMs(result.p50), target: '—', met: null });
      record({
        measure: 'listings page p95',
        value: formatMs(result.p95),
        target: `≤ ${TARGETS.listingsP95Ms} ms`,
        met: result.p95 <= TARGETS.listingsP95Ms,
        note: `${result.queries} inputs × ${passes} passes; max ${formatMs(result.max)}`,
      });
      printSlowest(result);
    } finally {
      engine.close();
    }
  });

  await section(
    `engine cold start: open + migrate + first query, fresh Node process ×${COLD_RUNS}`,
    async () => {
      const bundle = await bundleChild(workDir);
      const bare = Array.from({ length: 5 }, bareNodeMs);
      const fresh = coldStartsFresh(bundle, workDir, COLD_RUNS);
      const existing = coldStartsExisting(bundle, dataDir, COLD_RUNS);
      const median = (values: number[]) => percentile(values, 50);
      for (const [label, runs] of [
        ['fresh data folder', fresh],
        ['existing 100k data folder', existing],
      ] as const) {
        const firstQuery = runs.map((run) => run.firstQueryMs);
        record({
          measure: `cold start, ${label} (median)`,
          value: formatMs(median(firstQuery)),
          target: `≤ ${TARGETS.coldStartMs} ms`,
          met: median(firstQuery) <= TARGETS.coldStartMs,
          note:
            `worst ${formatMs(Math.max(...firstQuery))}; modules loaded at ${formatMs(median(runs.map((run) => run.loadedMs)))}, ` +
            `store open at ${formatMs(median(runs.map((run) => run.openedMs)))}, spawn-to-exit ${formatMs(median(runs.map((run) => run.wallMs)))}`,
        });
      }
      record({
        measure: 'bare `node -e ""` spawn-to-exit (median)',
        value: formatMs(median(bare)),
        target: '—',
        met: null,
      });
    },
  );
} finally {
  console.log(
    `\nload average at end: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
  console.log(`\n${renderTable(rows)}\n`);
  if (args.keep) console.log(`kept ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
}

if (crashed) process.exitCode = 1;
