/**
 * Prices on the 100k bench data set (bench/dataset.ts), in process: the margins of one grid page
 * (200 and 500 listings, the `margin.listings` call the grid makes), and a price rule over every
 * listing of the largest shop previewed and applied (in one transaction, rolled back). Rates for
 * every currency in the data are stored first (EUR→X, dated the bench's day), and every shop gets
 * an account rule pricing from cost.
 *
 *   node --import tsx bench/prices.bench.ts [--data DIR] [--repeats N]
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  applyPriceRule,
  listingMargins,
  previewPriceRule,
  saveRates,
  saveRule,
} from '../src/engine/money/index.js';
import { qb } from '../src/engine/store/compiler.js';
import { openStore, STORE_FILE_NAME } from '../src/engine/store/connection.js';
import { BENCH_NOW, ensureBenchData } from './dataset.js';
import { formatMs, percentile } from './stats.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: join(tmpdir(), 'silkroute-bench-ui-data') },
    repeats: { type: 'string', default: '5' },
  },
});
const repeats = Number(values.repeats);
const prepared = ensureBenchData(values.data);
console.log(`data: ${values.data} (${prepared.reused ? 'reused' : `built in ${prepared.ms} ms`})`);
const work = mkdtempSync(join(tmpdir(), 'silkroute-bench-prices-'));
const path = join(work, STORE_FILE_NAME);
copyFileSync(join(values.data, STORE_FILE_NAME), path);
const store = openStore(path, { now: () => new Date(BENCH_NOW) });
const day = BENCH_NOW.slice(0, 10);

class RolledBack extends Error {}

const currencies = store
  .read((r) => [
    ...new Set([
      ...r.all(qb.selectFrom('listings').select('currency').distinct()).map((row) => row.currency),
      ...r
        .all(qb.selectFrom('products').select('cost_currency').distinct())
        .map((row) => row.cost_currency),
      'USD',
    ]),
  ])
  .filter((code): code is string => code !== null && code !== 'EUR');
store.write((w) => {
  saveRates(
    w,
    currencies.map((quote, index) => ({
      base: 'EUR',
      quote,
      date: day,
      rate: `${1 + index}.2345`,
      source: 'ecb',
    })),
  );
});
const accounts = store.read((r) =>
  r.all(
    qb
      .selectFrom('listings')
      .select(['account_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('account_id')
      .orderBy('n', 'desc'),
  ),
);
const rules = store.write((w) =>
  accounts.map((account) =>
    saveRule(w, {
      name: `Bench ${account.account_id}`,
      scope: { kind: 'account', accountId: account.account_id },
      baseSource: 'cost',
      markupBp: 6_000,
      addonsCurrency: 'USD',
      shippingMinor: 350,
      packagingMinor: 50,
      feeBp: 1_500,
      fixedFeeMinor: 30,
      fixedFeeCurrency: 'USD',
      ending: 'charm',
      minMarginBp: 500,
    }),
  ),
);
const largest = { rule: rules[0]!, listings: accounts[0]!.n };
const ids = store
  .read((r) => r.all(qb.selectFrom('listings').select('id').orderBy('id').limit(500)))
  .map((row) => row.id);

function measure(label: string, run: () => void): void {
  run();
  const samples: number[] = [];
  for (let index = 0; index < repeats; index += 1) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  console.log(
    `${label.padEnd(58)} median ${formatMs(percentile(samples, 50))}  max ${formatMs(Math.max(...samples))}`,
  );
}

measure('margins of a grid page (200 listings)', () =>
  store.read((r) => listingMargins(r, ids.slice(0, 200))),
);
measure('margins of 500 listings', () => store.read((r) => listingMargins(r, ids)));
measure(`preview of a rule over ${largest.listings} listings`, () =>
  store.read((r) => previewPriceRule(r, { ruleId: largest.rule.id, limit: 100 })),
);
let changed = 0;
measure(`apply of that rule (one held batch, rolled back)`, () => {
  let keys = 0;
  try {
    store.write((w) => {
      changed = applyPriceRule(w, { ruleId: largest.rule.id }, () => `bench-${++keys}`).changed;
      throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
});
console.log(`(the apply changed ${changed} listing prices each time)`);
store.close();
rmSync(work, { recursive: true, force: true });
