/**
 * The engine's bulk price change on 10,000 listings of the 100k bench data set (issue 8's
 * "5 % on 10k selected rows"), in process: `applyBulkEdit` in one transaction, rolled back, against
 * the store floor (the same rows as bare prepared statements, bench/ui-floor.ts) run in the same
 * process on the same file. Prints each time and the ratio engine / floor; the browser figures
 * (notice and diff painted) are bench/ui.bench.ts's.
 *
 *   node --import tsx bench/bulk-edit.bench.ts [--data DIR] [--count N] [--repeats N]
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BulkEditInput } from '../src/shared/api/contract-workbench.js';
import { applyBulkEdit } from '../src/engine/store/bulk-edit.js';
import { qb } from '../src/engine/store/compiler.js';
import { openStore, STORE_FILE_NAME } from '../src/engine/store/connection.js';
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

function engineRun(): number {
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
    const started = performance.now();
    let elapsed = 0;
    try {
      store.write((w) => {
        const outcome = applyBulkEdit(w, input, () => `bench-${++keys}`);
        if (!outcome.applied) throw new Error('the bulk edit was refused');
        elapsed = performance.now() - started;
        throw new RolledBack();
      });
    } catch (error) {
      if (!(error instanceof RolledBack)) throw error;
    }
    return elapsed;
  } finally {
    store.close();
  }
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const engine: number[] = [];
const floor: number[] = [];
for (let run = 0; run < repeats; run++) {
  engine.push(engineRun());
  floor.push(storeFloor(path, count).totalMs);
}
const engineMs = median(engine);
const floorMs = median(floor);
console.log(`bulk price +5 % on ${count} listings, median of ${repeats} (rolled back):`);
console.log(
  `  engine applyBulkEdit: ${engineMs.toFixed(0)} ms  [${engine.map((ms) => ms.toFixed(0)).join(', ')}]`,
);
console.log(
  `  store floor (bare SQL): ${floorMs.toFixed(0)} ms  [${floor.map((ms) => ms.toFixed(0)).join(', ')}]`,
);
console.log(`  ratio engine / floor: ${(engineMs / floorMs).toFixed(2)}`);
rmSync(work, { recursive: true, force: true });
