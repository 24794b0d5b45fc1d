/**
 * Spreadsheet round-trip benchmark (issue 10): export and import-preview of the 100k-listing
 * bench data set, in XLSX and CSV, each timed end to end as the engine runs it (store read,
 * file write; file read, parse, validate, compare with the store). Targets: each ≤ 10 s. Also
 * checks the untouched round-trip changes nothing. Exits non-zero only when a measurement
 * crashes, never on a missed target.
 *
 *   node --import tsx bench/sheets.bench.ts [--data <folder>] [--keep] [--runs <n>]
 *
 * --data   reuse (or build once) the 100k data set in <folder> instead of a temporary one
 * --keep   leave the temporary folder behind (its path is printed)
 * --runs   timed runs of each measure (default 2; the median is reported)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { exportSheet, SheetImports } from '../src/engine/sheets/index.js';
import { openStore, STORE_FILE_NAME } from '../src/engine/store/index.js';
import { BENCH_SIZE, ensureBenchData } from './dataset.js';
import { formatMs, percentile, renderTable, type ResultRow } from './stats.js';

const TARGET_MS = 10_000;

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    keep: { type: 'boolean', default: false },
    runs: { type: 'string', default: '2' },
  },
});
const runs = Number(args.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');

const cpuList = cpus();
const loadAtStart = loadavg()[0]!;
console.log(
  `Silkroute sheets benchmark — ${cpuList.length} × ${cpuList[0]?.model ?? 'unknown CPU'}, ` +
    `${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
);

const workDir = mkdtempSync(join(tmpdir(), 'silkroute-sheets-bench-'));
const dataDir = args.data ?? join(workDir, 'data');
const rows: ResultRow[] = [];
let crashed = false;

interface Timing {
  median: number;
  all: number[];
  /** CPU time (user + system) of each run: what the work costs when the machine is shared. */
  cpu: number[];
}

async function median(fn: () => Promise<void>): Promise<Timing> {
  const all: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const used = process.cpuUsage();
    await fn();
    const spent = process.cpuUsage(used);
    all.push(performance.now() - start);
    cpu.push((spent.user + spent.system) / 1000);
  }
  return { median: percentile(all, 50), all, cpu };
}

const runsNote = (timing: Timing) =>
  `wall ${timing.all.map(formatMs).join(', ')}; CPU ${timing.cpu.map(formatMs).join(', ')}`;

try {
  const built = ensureBenchData(dataDir);
  console.log(
    built.reused
      ? `data set reused from ${dataDir}`
      : `data set built in ${(built.ms / 1000).toFixed(1)} s`,
  );
  const store = openStore(join(dataDir, STORE_FILE_NAME));
  const imports = new SheetImports(store, () => 'bench-key');
  try {
    for (const format of ['xlsx', 'csv'] as const) {
      const fileName = `listings.${format}`;
      let exportedRows = 0;
      try {
        const exported = await median(async () => {
          const result = await exportSheet(
            store,
            { kind: 'listings', format, filter: {}, returnFile: false, locale: 'en', fileName },
            workDir,
          );
          exportedRows = result.rows;
        });
        rows.push({
          measure: `export ${format.toUpperCase()} (${exportedRows} listings)`,
          value: formatMs(exported.median),
          target: `≤ ${TARGET_MS / 1000} s`,
          met: exported.median <= TARGET_MS,
          note: runsNote(exported),
        });
        let changed = -1;
        let errors = -1;
        const previewed = await median(async () => {
          const preview = await imports.preview({
            kind: 'listings',
            path: join(workDir, fileName),
          });
          changed = preview.changedCount;
          errors = preview.errorCount;
          imports.discard(preview.previewId);
        });
        rows.push({
          measure: `import preview ${format.toUpperCase()} (${exportedRows} rows)`,
          value: formatMs(previewed.median),
          target: `≤ ${TARGET_MS / 1000} s`,
          met: previewed.median <= TARGET_MS,
          note: `untouched file: ${changed} changed, ${errors} errors; ${runsNote(previewed)}`,
        });
        if (changed !== 0 || errors !== 0) {
          crashed = true;
          console.error(
            `  the untouched ${format} file did not round-trip: ${changed} changed, ${errors} errors`,
          );
        }
      } catch (error) {
        crashed = true;
        console.error(
          `  ${format} CRASHED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        rows.push({ measure: `${format} round-trip`, value: 'crashed', target: '', met: false });
      }
    }
  } finally {
    store.close();
  }
  console.log(
    `\n${BENCH_SIZE.listings} listings, median of ${runs} run(s); load average ` +
      `${loadAtStart.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at end:\n`,
  );
  console.log(renderTable(rows));
} finally {
  if (args.keep) console.log(`\nkept ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
}
process.exitCode = crashed ? 1 : 0;
