/**
 * The engine's bulk price change on 10,000 listings of the 100k bench data set (issue 8's
 * "5 % on 10k selected rows"), in process: `applyBulkEdit` in one transaction, rolled back, against
 * the store floor (the same rows as bare prepared statements, bench/ui-floor.ts) run in the same
 * process on the same file. The engine runs twice per repeat: listing rows written with the batch,
 * and the batch alone with its rows written after it (deferred-rows.ts), which is what the seller
 * waits for. Prints each time and the ratios to the floor; the browser figures
 * (notice and diff painted) are bench/ui.bench.ts's.
 *
 *   node --import tsx bench/bulk-edit.bench.ts [--data DIR] [--count N] [--repeats N]
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BulkEditInput } from '../src/shared/api/contract-workbench.js';
import { applyBulkEdit } from '../src/engine/store/bulk-edit.js';
import { qb } from '../src/engine/store/compiler.js';
import { openStore, STORE_FILE_NAME } from '../src/engine/store/connection.js';
import { writeBatchRows } from '../src/engine/store/deferred-rows.js';
import { ensureBenchData } from './dataset.js';
import { storeFloor } from './ui-floor.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: join(tmpdir(), 'silkroute-bench-ui-data') },
    count: { type: 'string', default: '10000' },
    repeats: { type: 'string', default: '5' },
  },
});
const count = Number(values.count);
const repeats = Number(values.repeats);

const prepared = ensureBenchData(values.data);
console.log(`data: ${values.data} (${prepared.reused ? 'reused' : `built in ${prepared.ms} ms`})`);
const work = mkdtempSync(join(tmpdir(), 'silkroute-bench-bulk-'));
const path = join(work, STORE_FILE_NAME);
copyFileSync(join(values.data, STORE_FILE_NAME), path);

class RolledBack extends Error {}

interface EngineTimes {
  /** The answer the seller waits for: the change batch (its rows deferred when large). */
  batch: number;
  /** The listing rows written after it, in the store's steps (0 when written with the batch). */
  rows: number;
}

function engineRun(deferRowsFrom: number): EngineTimes {
  const store = openStore(path);
  try {
    const ids = store.read((r) =>
      r.all(qb.selectFrom('listings').select('id').orderBy('id').limit(count)),
    );
    const input = BulkEditInput.parse({
      selection: { ids: ids.map((row) => row.id) },
      operation: { kind: 'adjustPrice', by: 'percent', value: '5' },
      expectedCount: ids.length,
    });
    let keys = 0;
    const times: EngineTimes = { batch: 0, rows: 0 };
    try {
      store.write((w) => {
        let started = performance.now();
        const outcome = applyBulkEdit(w, input, () => `bench-${++keys}`, { deferRowsFrom });
        if (!outcome.applied || outcome.batchId === null)
          throw new Error('the bulk edit was refused');
        times.batch = performance.now() - started;
        // The steps run as their own transactions in the app; here inside this one, to roll back.
        started = performance.now();
        let after: number | null = 0;
        if (outcome.rowsDue) {
          while (after !== null) after = writeBatchRows(w, outcome.batchId, after);
        }
        times.rows = performance.now() - started;
        throw new RolledBack();
      });
    } catch (error) {
      if (!(error instanceof RolledBack)) throw error;
    }
    return times;
  } finally {
    store.close();
  }
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const list = (values: number[]) => `[${values.map((ms) => ms.toFixed(0)).join(', ')}]`;
const whole: number[] = [];
const batch: number[] = [];
const rows: number[] = [];
const floor: number[] = [];
for (let run = 0; run < repeats; run++) {
  whole.push(engineRun(Number.POSITIVE_INFINITY).batch);
  const split = engineRun(1);
  batch.push(split.batch);
  rows.push(split.rows);
  floor.push(storeFloor(path, count).totalMs);
}
const floorMs = median(floor);
console.log(`load average ${loadavg()[0]!.toFixed(2)}`);
console.log(`bulk price +5 % on ${count} listings, median of ${repeats} (rolled back):`);
console.log(`  engine, rows with the batch: ${median(whole).toFixed(0)} ms  ${list(whole)}`);
console.log(`  engine, batch (the answer):  ${median(batch).toFixed(0)} ms  ${list(batch)}`);
console.log(`  engine, rows after it:       ${median(rows).toFixed(0)} ms  ${list(rows)}`);
console.log(`  store floor (bare SQL):      ${floorMs.toFixed(0)} ms  ${list(floor)}`);
console.log(`  ratio rows-with-batch / floor: ${(median(whole) / floorMs).toFixed(2)}`);
console.log(`  ratio answer / floor:          ${(median(batch) / floorMs).toFixed(2)}`);
rmSync(work, { recursive: true, force: true });
