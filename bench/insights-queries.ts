/**
 * The insights part of bench:insights, in process: every insights query over the 100k-order data
 * set, through the same functions the handlers call, each input validated by the contract's
 * schema as the service does. The data set has no rates, so a year of dated EUR→X rates (ECB
 * style, weekdays only) is written first; then the summaries are built once (timed apart: it
 * happens once per data folder and time zone) and each query runs a warm-up and `passes` times.
 */
import type { InputOf, MethodName } from '../src/shared/api/index.js';
import { contract } from '../src/shared/api/contract.js';
import {
  addDays,
  localDay,
  marginInsight,
  refreshSummaries,
  returnsInsight,
  salesInsight,
  skuInsight,
  stockCoverInsight,
} from '../src/engine/insights/index.js';
import { qb } from '../src/engine/store/compiler.js';
import type { Store } from '../src/engine/store/connection.js';
import { saveRates, saveRule, type RateSnapshot } from '../src/engine/money/index.js';
import { writeSettings } from '../src/engine/store/queries/settings.js';
import { percentile, timed } from './stats.js';

export const INSIGHTS_ZONE = 'Europe/Berlin';
export const INSIGHTS_HOME = 'USD';

/** EUR→X around their 2025 levels, stepped a little each day so every day has its own rate. */
const EUR_RATES: Record<string, number> = {
  USD: 1.08,
  GBP: 0.85,
  JPY: 162.5,
  BRL: 6.1,
  SGD: 1.45,
  THB: 37.2,
  CNY: 7.8,
};

export function seedRates(store: Store, lastDay: string): number {
  const snapshots: RateSnapshot[] = [];
  for (let back = 0; back < 400; back++) {
    const date = addDays(lastDay, -back);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (const [quote, level] of Object.entries(EUR_RATES)) {
      const value = level * (1 + ((back % 17) - 8) / 1000);
      snapshots.push({
        base: 'EUR',
        quote,
        date,
        rate: value.toFixed(quote === 'JPY' ? 2 : 4),
        source: 'bench',
      });
    }
  }
  return store.write((w) => saveRates(w, snapshots));
}

/**
 * Price rules on every other shop (fee share, fixed fee per order, per-unit add-ons), so the
 * margin's fees are computed for some shops and named unknown for the others, as for a seller who
 * has set rules for part of their shops.
 */
export function seedRules(store: Store): number {
  const accounts = store.read((r) =>
    r.all(qb.selectFrom('accounts').select(['id', 'currency']).orderBy('id')),
  );
  const ruled = accounts.filter((_, index) => index % 2 === 0);
  store.write((w) => {
    for (const account of ruled) {
      saveRule(w, {
        name: `Bench fees ${account.id}`,
        scope: { kind: 'account', accountId: account.id },
        baseSource: 'cost',
        markupBp: 3000,
        addonsCurrency: 'EUR',
        shippingMinor: 120,
        packagingMinor: 30,
        ending: 'none',
        minMarginBp: null,
        feeBp: 1200,
        fixedFeeMinor: 30,
        fixedFeeCurrency: account.currency,
      });
    }
  });
  return ruled.length;
}

export interface QueryCase {
  name: string;
  method: MethodName;
  run: () => unknown;
}

export function insightCases(store: Store, today: string): QueryCase[] {
  const scope = { timeZone: INSIGHTS_ZONE, homeCurrency: INSIGHTS_HOME };
  const month = { from: addDays(today, -59), to: today };
  const week = { from: addDays(today, -6), to: today };
  const parse = <M extends MethodName>(method: M, input: InputOf<M>) =>
    contract[method].input.parse(input) as never;
  const cases: QueryCase[] = [];
  const add = <M extends MethodName>(
    name: string,
    method: M,
    input: InputOf<M>,
    answer: (parsed: never) => unknown,
  ) => cases.push({ name, method, run: () => store.read(() => answer(parse(method, input))) });

  for (const grain of ['day', 'week', 'month'] as const) {
    for (const split of ['total', 'marketplace', 'account', 'country', 'sku'] as const) {
      add(
        `sales 60 days by ${grain}, ${split}`,
        'insights.sales',
        { ...month, grain, split },
        (input) => store.read((r) => salesInsight(r, scope, input)),
      );
    }
  }
  add(
    'sales 7 days by day, sku, amazon only',
    'insights.sales',
    { ...week, split: 'sku', marketplaces: ['amazon'] },
    (input) => store.read((r) => salesInsight(r, scope, input)),
  );
  add('skus 60 days top/bottom 10', 'insights.skus', month, (input) =>
    store.read((r) => skuInsight(r, scope, input)),
  );
  add('skus 7 days top/bottom 10', 'insights.skus', week, (input) =>
    store.read((r) => skuInsight(r, scope, input)),
  );
  add('returns 60 days by day', 'insights.returns', month, (input) =>
    store.read((r) => returnsInsight(r, scope, input)),
  );
  add('stock cover 28-day window', 'insights.stockCover', {}, (input) =>
    store.read((r) => stockCoverInsight(r, INSIGHTS_ZONE, input)),
  );
  add('margin 60 days', 'insights.margin', month, (input) =>
    store.read((r) => marginInsight(r, scope, input)),
  );
  return cases;
}

export interface QueryResult {
  name: string;
  p50: number;
  p95: number;
  max: number;
  /**
   * This process's CPU time per query (user + system), p95: on a shared machine the wall time
   * includes waiting for a core, the CPU time much less so.
   */
  cpuP95: number;
}

function cpuMs(run: () => unknown): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** Builds the summaries (timed), then times every case `passes` times after one warm-up. */
export function measureInsights(
  store: Store,
  passes: number,
): { buildMs: number; rates: number; results: QueryResult[]; today: string } {
  // The store's clock is the data set's "now" (bench/dataset.ts), so today holds the last orders.
  const today = store.read((r) => localDay(Date.parse(r.now()), INSIGHTS_ZONE));
  const rates = seedRates(store, today);
  seedRules(store);
  store.write((w) => writeSettings(w, { timeZone: INSIGHTS_ZONE, homeCurrency: INSIGHTS_HOME }));
  const build = timed(() => store.write((w) => refreshSummaries(w, INSIGHTS_ZONE)));
  store.optimize();
  const results: QueryResult[] = [];
  for (const query of insightCases(store, today)) {
    query.run();
    const samples: number[] = [];
    const cpu: number[] = [];
    for (let pass = 0; pass < passes; pass++) {
      samples.push(timed(query.run).ms);
      cpu.push(cpuMs(query.run));
    }
    results.push({
      name: query.name,
      p50: percentile(samples, 50),
      p95: percentile(samples, 95),
      max: Math.max(...samples),
      cpuP95: percentile(cpu, 95),
    });
  }
  return { buildMs: build.ms, rates, results, today };
}
