/**
 * bench:insights — every insights query over the 100k-order data set (bench/dataset.ts), p50/p95
 * in ms against the 50 ms target, and the Insights view's time to interactive in headless
 * Chromium against `silkroute serve` (target ≤ 1 s). Prints each figure, then a Markdown table;
 * exits non-zero only when a measurement crashes, never on a missed target. Recorded runs:
 * bench/RESULTS.md, section "Insights".
 *
 *   npm run bench:insights -- [--data <folder>] [--passes <n>] [--openings <n>] [--skip-view]
 *   (builds first; or: node --import tsx bench/insights.bench.ts … on an existing build)
 *
 * --data       where the pristine 100k data set is built once and reused; every run works on a
 *              fresh copy (rates and summaries are written into it)
 * --passes     timed passes per query (default 30)
 * --openings   warm openings of the view (default 8), each traced: when it began after the
 *              engine started, its slowest engine calls, and whether a backup was under way
 * --skip-view  measure the queries only
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore, STORE_FILE_NAME } from '../src/engine/store/index.js';
import { BENCH_NOW, ensureBenchData } from './dataset.js';
import { addDays } from '../src/engine/insights/index.js';
import { measureInsights } from './insights-queries.js';
import { measureInsightsView } from './insights-view.js';
import { formatMs, renderTable, type ResultRow } from './stats.js';

const TARGETS = { queryP95Ms: 50, interactiveMs: 1000 };

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: join(tmpdir(), 'silkroute-bench-data') },
    passes: { type: 'string', default: '30' },
    openings: { type: 'string', default: '8' },
    'skip-view': { type: 'boolean', default: false },
  },
});
const passes = Number(args.passes);
if (!Number.isInteger(passes) || passes < 1) throw new Error('--passes must be >= 1');
const openings = Number(args.openings);
if (!Number.isInteger(openings) || openings < 1) throw new Error('--openings must be >= 1');

const rows: ResultRow[] = [];
const record = (row: ResultRow) => {
  rows.push(row);
  console.log(
    `  ${row.measure}: ${row.value}  [target ${row.target}]${row.note ? `  — ${row.note}` : ''}`,
  );
};

console.log(
  `bench:insights on ${cpus().length} cores, load ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
const built = ensureBenchData(args.data);
console.log(
  built.reused ? `data set reused from ${args.data}` : `data set built in ${formatMs(built.ms)}`,
);
const copy = mkdtempSync(join(tmpdir(), 'silkroute-bench-insights-'));
for (const suffix of ['', '-wal', '-shm']) {
  const source = join(args.data, STORE_FILE_NAME + suffix);
  if (existsSync(source)) copyFileSync(source, join(copy, STORE_FILE_NAME + suffix));
}
let crashed = false;
let period = { from: '', to: '' };
try {
  const store = openStore(join(copy, STORE_FILE_NAME), { now: () => new Date(BENCH_NOW) });
  try {
    const measured = measureInsights(store, passes);
    period = { from: addDays(measured.today, -59), to: measured.today };
    record({
      measure: 'summaries built from 100k orders (once per data folder and time zone)',
      value: formatMs(measured.buildMs),
      target: '—',
      met: null,
      note: `${measured.rates} dated rates seeded; today ${measured.today}`,
    });
    for (const result of measured.results) {
      record({
        measure: `${result.name} p95`,
        value: formatMs(result.p95),
        target: `≤ ${TARGETS.queryP95Ms} ms`,
        met: result.p95 <= TARGETS.queryP95Ms,
        note: `p50 ${formatMs(result.p50)}, max ${formatMs(result.max)}, CPU p95 ${formatMs(result.cpuP95)}`,
      });
    }
  } finally {
    store.close();
  }
  if (!args['skip-view']) {
    const view = await measureInsightsView(copy, period, { repeats: openings });
    for (const opening of view.openings) {
      console.log(
        `  ${opening.settled ? 'settled ' : ''}opening at ${opening.startS.toFixed(1)} s after the engine started: ${formatMs(opening.ms)}` +
          `${opening.duringBackupCheck ? ' (a backup was being checked)' : ''}; slowest calls: ${opening.slowestCalls.join(', ')}` +
          (opening.engineLog.length ? `; engine said: ${opening.engineLog.join(' | ')}` : ''),
      );
    }
    for (const [name, ms] of view.rows) {
      record({
        measure: name,
        value: formatMs(ms),
        target: `≤ ${TARGETS.interactiveMs} ms`,
        met: ms <= TARGETS.interactiveMs,
      });
    }
  }
} catch (error) {
  crashed = true;
  console.error(error);
} finally {
  rmSync(copy, { recursive: true, force: true });
}
console.log(`\n${renderTable(rows)}`);
console.log(
  `load after: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
if (crashed) process.exitCode = 1;
