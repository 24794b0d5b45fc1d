/**
 * Benchmark: a full Amazon pull (10,000 listings, 3,000 orders with their items) from the fake
 * Amazon at the models' usage plans, compared with the floor those plans imply. Each operation has
 * its own token bucket (rate r, burst b), and the listing and order streams run side by side, so
 * the floor is the slowest operation's (requests − b) ÷ r, counting every request the fake received
 * (retries of faulted ones included). Simulated time runs `--scale` times faster than real time;
 * the ratio is the same in either unit. Target (issue 4): ratio ≤ 1.10, faults on.
 *
 *   node --import tsx bench/amazon-pull.bench.ts [--scale 100] [--listings 10000] [--orders 3000] [--faults 1] [--latency 0]
 */
import { parseArgs } from 'node:util';
import { createScaledClock, type Clock } from '../src/connectors/http/clock.js';
import { InMemoryTokenStore } from '../src/connectors/http/tokens.js';
import {
  AmazonSettings,
  createAmazonConnector,
  type AmazonConnector,
} from '../src/connectors/amazon/connector.js';
import { setLogSink } from '../src/shared/log.js';
import {
  USAGE_PLANS,
  startAmazonSandbox,
  type AmazonOperation,
} from '../src/sandbox/amazon/index.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '100' },
    listings: { type: 'string', default: '10000' },
    orders: { type: 'string', default: '3000' },
    faults: { type: 'string', default: '1' },
    latency: { type: 'string', default: '0' },
  },
});
const scale = Number(values.scale);
const latency = Number(values.latency);
const faultsOn = values.faults !== '0';
const DAY = 86_400_000;

setLogSink((record) => {
  if (record.level === 'warn' || record.level === 'error') console.error(JSON.stringify(record));
}, 'warn');

async function pullListings(connector: AmazonConnector) {
  let cursor: string | null = null;
  let count = 0;
  let problems = 0;
  do {
    const page = await connector.listListings({ cursor, changedSince: null });
    count += page.items.length;
    problems += page.problems.length;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return { count, problems };
}

async function pullOrders(connector: AmazonConnector, window: { from: string; to: string }) {
  let checkpoint: string | null = null;
  let count = 0;
  let problems = 0;
  let lines = 0;
  do {
    const page = await connector.listOrders({ window, checkpoint });
    count += page.orders.length;
    lines += page.orders.reduce((sum, order) => sum + order.lines.length, 0);
    problems += page.problems.length;
    checkpoint = page.checkpoint;
  } while (checkpoint !== null);
  return { count, lines, problems };
}

const sandbox = await startAmazonSandbox({
  seed: 42,
  listings: Number(values.listings),
  orders: Number(values.orders),
  orderDays: 60,
  startTime: Date.UTC(2026, 5, 1, 6),
  timeScale: scale,
  // The published plans; the fake's bursts are a little larger only to absorb event-loop jitter
  // and the slower first request at this time scale (the floor below uses the published ones).
  rateLimit: {
    searchListingsItems: { requestsPerSecond: 5, burst: 40 },
    searchOrders: { requestsPerSecond: 0.0056, burst: 22 },
  },
});
const own = createScaledClock({ scale, origin: sandbox.now() });
const clock: Clock = { now: () => sandbox.now(), sleep: (ms, signal) => own.sleep(ms, signal) };
const connector = createAmazonConnector(
  {
    account: { accountKey: 'bench', site: sandbox.site, shopId: null },
    tokenStore: new InMemoryTokenStore(),
    clock,
  },
  AmazonSettings.parse({ ...sandbox.account.connection }),
);

try {
  await connector.completeAuthorization(sandbox.control.issueAuthorization());
  if (latency > 0 || faultsOn)
    sandbox.faults.set({
      ...(latency > 0 ? { latencyMs: { min: latency, max: latency } } : {}),
      ...(faultsOn
        ? {
            serverErrorRate: 0.05,
            rateLimitRate: 0.02,
            truncateRate: 0.02,
            dropRate: 0.01,
            exceptPaths: ['/auth/'],
          }
        : {}),
    });
  const before = sandbox.stats();
  const simStart = sandbox.now();
  const wallStart = performance.now();
  const window = {
    from: new Date(simStart - 61 * DAY).toISOString(),
    to: new Date(simStart).toISOString(),
  };
  const finished: Record<string, number> = {};
  const [listings, orders] = await Promise.all([
    pullListings(connector).then((result) => ((finished.listings = sandbox.now()), result)),
    pullOrders(connector, window).then((result) => ((finished.orders = sandbox.now()), result)),
  ]);
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const simSeconds = (sandbox.now() - simStart) / 1000;
  const after = sandbox.stats();
  // Arrivals (faulted requests included) for the two paged reads; the plans count every call.
  const ARRIVAL_KIND: Record<string, AmazonOperation> = {
    'listings.items': 'searchListingsItems',
    'orders.search': 'searchOrders',
  };
  const perOperation = Object.entries(after.arrivals)
    .map(([kind, count]) => ({
      operation: ARRIVAL_KIND[kind] ?? kind,
      count: count - (before.arrivals[kind] ?? 0),
    }))
    .filter(({ count }) => count > 0);
  const floors = perOperation.map(({ operation, count }) => {
    const plan = USAGE_PLANS[operation as AmazonOperation] as
      { requestsPerSecond: number; burst: number } | undefined;
    const floor = plan ? Math.max(0, count - plan.burst) / plan.requestsPerSecond : 0;
    return { operation, count, plan, floor };
  });
  const binding = floors.reduce((worst, entry) => (entry.floor > worst.floor ? entry : worst));
  const ratio = simSeconds / binding.floor;
  const total = perOperation.reduce((sum, entry) => sum + entry.count, 0);
  console.log(`Amazon full pull against the fake (time scale ${scale}×, faults ${faultsOn ? 'on' : 'off'}, added latency ${latency} ms)
  pulled:            ${listings.count} listings, ${orders.count} orders with ${orders.lines} items (${listings.problems + orders.problems} problems)
  requests needed:   ${total}
${floors
  .map(
    ({ operation, count, plan, floor }) =>
      `    ${operation.padEnd(22)} ${String(count).padStart(5)}${plan ? `  plan ${plan.requestsPerSecond}/s burst ${plan.burst}  floor ${floor.toFixed(1)} s` : ''}`,
  )
  .join('\n')}
  rate (binding):    ${binding.operation} ${binding.plan?.requestsPerSecond}/s, burst ${binding.plan?.burst}
  floor:             ${binding.floor.toFixed(1)} s simulated (= ${(binding.floor / scale).toFixed(2)} s wall at ${scale}×) = (${binding.count} − ${binding.plan?.burst}) ÷ ${binding.plan?.requestsPerSecond}
  actual:            ${simSeconds.toFixed(1)} s simulated, ${wallSeconds.toFixed(2)} s wall (listings done at ${((finished.listings! - simStart) / 1000).toFixed(1)} s, orders at ${((finished.orders! - simStart) / 1000).toFixed(1)} s)
  faults injected:   ${JSON.stringify(after.faults)}
  throttled replies: ${after.throttled - before.throttled}, token refreshes: ${after.auth.refreshes - before.auth.refreshes}
  ratio:             ${ratio.toFixed(3)} (target ≤ 1.10) ${ratio <= 1.1 ? 'OK' : 'OVER TARGET'}`);
  if (ratio > 1.1) process.exitCode = 1;
} finally {
  await connector.close();
  await sandbox.close();
}
