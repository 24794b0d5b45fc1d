/**
 * Benchmark: a full AliExpress pull (5,000 products with their SKUs, 2,000 orders over 270 days)
 * against the fake AliExpress at a fixed rate limit, compared with the floor that limit implies
 * (requests needed ÷ rate). Simulated time runs `--scale` times faster than real time; the ratio
 * is the same in either unit. Target: ratio ≤ 1.10.
 *
 *   node --import tsx bench/aliexpress-pull.bench.ts [--rate 40] [--scale 5] [--items 5000] [--orders 2000] [--latency 0]
 *
 * `--latency` adds that many simulated milliseconds to every reply of the fake, like the round
 * trip to a real marketplace.
 */
import { parseArgs } from 'node:util';
import { createScaledClock } from '../src/connectors/http/clock.js';
import { InMemoryTokenStore } from '../src/connectors/http/tokens.js';
import type { Connector } from '../src/connectors/connector.js';
import {
  AliExpressSettings,
  createAliExpressConnector,
} from '../src/connectors/aliexpress/connector.js';
import { setLogSink } from '../src/shared/log.js';
import { startAliExpressSandbox } from '../src/sandbox/aliexpress/index.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '40' },
    scale: { type: 'string', default: '5' },
    items: { type: 'string', default: '5000' },
    orders: { type: 'string', default: '2000' },
    latency: { type: 'string', default: '0' },
  },
});
const rate = Number(values.rate);
const latency = Number(values.latency);
const scale = Number(values.scale);
const DAY = 86_400_000;

// Only warnings and errors reach the terminal; the benchmark prints its own figures.
setLogSink((record) => {
  if (record.level === 'warn' || record.level === 'error') console.error(JSON.stringify(record));
}, 'warn');

async function pullListings(connector: Connector): Promise<{ listings: number; problems: number }> {
  let cursor: string | null = null;
  let listings = 0;
  let problems = 0;
  do {
    const page = await connector.listListings({ cursor, changedSince: null });
    listings += page.items.length;
    problems += page.problems.length;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return { listings, problems };
}

async function pullOrders(
  connector: Connector,
  window: { from: string; to: string },
): Promise<{ orders: number; problems: number }> {
  let checkpoint: string | null = null;
  let orders = 0;
  let problems = 0;
  do {
    const page = await connector.listOrders({ window, checkpoint });
    orders += page.orders.length;
    problems += page.problems.length;
    checkpoint = page.checkpoint;
  } while (checkpoint !== null);
  return { orders, problems };
}

const totalRequests = (requests: Record<string, number>) =>
  Object.values(requests).reduce((sum, count) => sum + count, 0);

const sandbox = await startAliExpressSandbox({
  seed: 42,
  items: Number(values.items),
  orders: Number(values.orders),
  orderDays: 270,
  startTime: Date.UTC(2026, 10, 20, 12),
  timeScale: scale,
  // The fake enforces `rate`; its larger burst absorbs network jitter, not sustained excess.
  rateLimit: { requestsPerSecond: rate, burst: 40 },
});
const clock = createScaledClock({ scale, origin: sandbox.now() });
const connector = createAliExpressConnector(
  {
    account: { accountKey: 'bench', site: sandbox.site, shopId: null },
    tokenStore: new InMemoryTokenStore(),
    clock,
  },
  AliExpressSettings.parse({
    environment: 'local',
    baseUrl: sandbox.baseUrl,
    appKey: sandbox.appKey,
    appSecret: sandbox.appSecret,
    rateLimits: { default: { requestsPerSecond: rate, burst: 5 } },
  }),
);

if (latency > 0) sandbox.faults.set({ latencyMs: { min: latency, max: latency } });

try {
  await connector.completeAuthorization({ code: sandbox.control.issueAuthorizationCode() });
  const before = sandbox.stats();
  const simStart = sandbox.now();
  const wallStart = performance.now();
  const window = {
    from: new Date(simStart - 271 * DAY).toISOString(),
    to: new Date(simStart).toISOString(),
  };
  const [listings, orders] = await Promise.all([
    pullListings(connector),
    pullOrders(connector, window),
  ]);
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const simSeconds = (sandbox.now() - simStart) / 1000;
  const after = sandbox.stats();
  const requests = totalRequests(after.requests) - totalRequests(before.requests);
  const floor = requests / rate;
  const ratio = simSeconds / floor;
  const perPath = Object.entries(after.requests)
    .map(([path, count]) => [path, count - (before.requests[path] ?? 0)] as const)
    .filter(([, count]) => count > 0)
    .map(([path, count]) => `    ${path}: ${count}`)
    .join('\n');
  console.log(`AliExpress full pull against the fake (time scale ${scale}×)
  pulled:            ${listings.listings} listings, ${orders.orders} orders (${listings.problems + orders.problems} problems)
  requests needed:   ${requests}
${perPath}
  rate limit:        ${rate} requests/s (fake burst 40, client burst 5), added latency ${latency} ms
  floor:             ${floor.toFixed(1)} s simulated (= ${(floor / scale).toFixed(2)} s wall at ${scale}×)
  actual:            ${simSeconds.toFixed(1)} s simulated, ${wallSeconds.toFixed(2)} s wall
  throttled replies: ${after.throttled - before.throttled}
  ratio:             ${ratio.toFixed(3)} (target ≤ 1.10) ${ratio <= 1.1 ? 'OK' : 'OVER TARGET'}`);
  if (ratio > 1.1) process.exitCode = 1;
} finally {
  await connector.close();
  await sandbox.close();
}
