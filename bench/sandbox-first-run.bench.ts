/**
 * Benchmark: the first run of the app on an empty data folder, as `silkroute serve` does it — every
 * built-in sandbox shop (one simulated shop per marketplace, the app's default sizes and limits)
 * added as an account, each shop's first pull, then the first morning sync over all of them.
 * Reports when each account was answered, when each first pull finished, and how long the first
 * sync took; the app is usable from the first answer on (pulls fill it page by page).
 *
 *   node --import tsx bench/sandbox-first-run.bench.ts [--runs 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSandboxShops, openComposedEngine } from '../src/cli/engine-compose.js';
import { MARKETPLACES } from '../src/shared/domain.js';
import type { AccountSummary, SyncRunSummary } from '../src/shared/api/index.js';
import { setLogSink } from '../src/shared/log.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);

setLogSink((record) => {
  if (record.level === 'warn' || record.level === 'error') console.error(JSON.stringify(record));
}, 'warn');

async function once(): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'silkroute-first-run-'));
  const engine = openComposedEngine({ dataDir, holder: 'bench' }, createSandboxShops());
  const call = async <T>(method: string, input: unknown = {}): Promise<T> => {
    const frame = await engine.handle({ type: 'call', id: 1, method, input });
    if (!frame.ok) throw new Error(`${method}: ${frame.error.message}`);
    return frame.value as T;
  };
  try {
    const started = performance.now();
    const figures: Record<string, number> = {};
    for (const marketplace of MARKETPLACES) {
      await call<AccountSummary>('accounts.addSandbox', { marketplace });
    }
    figures['all accounts answered'] = performance.now() - started;
    await engine.idle();
    figures['first pulls done'] = performance.now() - started;
    const pulls = await call<SyncRunSummary[]>('sync.runs');
    const accounts = await call<AccountSummary[]>('accounts.list');
    for (const run of pulls) {
      const account = accounts.find((entry) => entry.id === run.report?.accounts[0]?.accountId);
      if (!account || !run.finishedAt) continue;
      figures[
        `  ${account.marketplace} pull (${account.listingCount} listings, ${account.orderCount} orders)`
      ] = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
    }
    const sync = performance.now();
    const outcome = await engine.sync({ trigger: 'manual' });
    figures[`first sync (${outcome.state})`] = performance.now() - sync;
    figures['total'] = performance.now() - started;
    return figures;
  } finally {
    await engine.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const all: Record<string, number[]> = {};
for (let run = 1; run <= runs; run++) {
  const figures = await once();
  for (const [name, ms] of Object.entries(figures)) (all[name] ??= []).push(ms);
  console.log(
    `run ${run}: ${JSON.stringify(Object.fromEntries(Object.entries(figures).map(([k, v]) => [k.trim(), Math.round(v)])))}`,
  );
}
console.log('\n| step | median ms | max ms |\n| --- | --- | --- |');
for (const [name, list] of Object.entries(all)) {
  const sorted = [...list].sort((a, b) => a - b);
  console.log(
    `| ${name} | ${Math.round(sorted[Math.floor(sorted.length / 2)]!)} | ${Math.round(sorted.at(-1)!)} |`,
  );
}
