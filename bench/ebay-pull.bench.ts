/**
 * Benchmark: a full eBay pull (10,000 inventory items with their offers, 3,000 orders over 120
 * days) against the fake eBay at a fixed short-term limit per API, compared with the floor that
 * limit implies. eBay limits each API apart (Inventory, Fulfillment), so the two streams run at
 * once and the floor is the larger of requests ÷ rate per API. Simulated time runs `--scale` times
 * faster than real time; the ratio is the same in either unit. Target: ratio ≤ 1.10.
 *
 *   node --import tsx bench/ebay-pull.bench.ts [--rate 20] [--scale 10] [--items 10000] [--orders 3000] [--latency 0] [--churn 0]
 *
 * `--latency` adds that many simulated milliseconds to every reply of the fake, like the round
 * trip to a real marketplace; `--churn N` makes the fake modify N orders after every order page.
 */
import { parseArgs } from 'node:util';
import { createScaledClock } from '../src/connectors/http/clock.js';
import { InMemoryTokenStore } from '../src/connectors/http/tokens.js';
import {
  createEbayConnector,
  EbaySettings,
  type EbayConnector,
} from '../src/connectors/ebay/connector.js';
import { setLogSink } from '../src/shared/log.js';
import { startEbaySandbox } from '../src/sandbox/ebay/index.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '20' },
    scale: { type: 'string', default: '10' },
    items: { type: 'string', default: '10000' },
    orders: { type: 'string', default: '3000' },
    latency: { type: 'string', default: '0' },
    churn: { type: 'string', default: '0' },
  },
});
const rate = Number(values.rate);
const scale = Number(values.scale);
const latency = Number(values.latency);
const DAY = 86_400_000;

// Only warnings and errors reach the terminal; the benchmark prints its own figures.
setLogSink((record) => {
  if (record.level === 'warn' || record.level === 'error') console.error(JSON.stringify(record));
}, 'warn');

async function pullListings(connector: EbayConnector) {
  let cursor: string | null = null;
  let listings = 0;
  let problems = 0;
  do {
    const page = await connector.listListings({ cursor, changedSince: null });
    listings += page.items.length;
    problems += page.problems.length;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return { listings, problems, doneAt: performance.now() };
}

async function pullOrders(connector: EbayConnector, window: { from: string; to: string }) {
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

const API_OF = (key: string) =>
  key.includes('/sell/inventory/')
    ? 'inventory'
    : key.includes('/sell/fulfillment/')
      ? 'fulfillment'
      : 'other';

const sandbox = await startEbaySandbox({
  seed: 42,
  items: Number(values.items),
  orders: Number(values.orders),
  orderDays: 120,
  startTime: Date.UTC(2026, 2, 10, 15),
  timeScale: scale,
  // The fake enforces `rate` per API; its larger burst absorbs network jitter, not sustained excess.
  rateLimit: { requestsPerSecond: rate, burst: 40 },
  churnPerOrdersPage: Number(values.churn),
});
sandbox.control.setAcceptUrl('http://127.0.0.1:9/accepted');
const clock = createScaledClock({ scale, origin: sandbox.now() });
const limit = { requestsPerSecond: rate, burst: 5 };
const connector = createEbayConnector(
  {
    account: { accountKey: 'bench', site: sandbox.marketplaceId, shopId: null },
    tokenStore: new InMemoryTokenStore(),
    clock,
  },
  EbaySettings.parse({
    ...sandbox.account.connection,
    rateLimits: { inventory: limit, fulfillment: limit },
  }),
);
if (latency > 0) sandbox.faults.set({ latencyMs: { min: latency, max: latency } });

try {
  await connector.completeAuthorization({ code: sandbox.control.issueAuthorizationCode() });
  const before = { ...sandbox.stats().requests };
  const simStart = sandbox.now();
  const wallStart = performance.now();
  const window = {
    from: new Date(simStart - 121 * DAY).toISOString(),
    to: new Date(simStart).toISOString(),
  };
  const [listings, orders] = await Promise.all([
    pullListings(connector),
    pullOrders(connector, window),
  ]);
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const simSeconds = (sandbox.now() - simStart) / 1000;
  const after = sandbox.stats();
  const perApi: Record<string, number> = {};
  const lines: string[] = [];
  for (const [key, count] of Object.entries(after.requests)) {
    const delta = count - (before[key] ?? 0);
    if (delta <= 0) continue;
    perApi[API_OF(key)] = (perApi[API_OF(key)] ?? 0) + delta;
    lines.push(`    ${key}: ${delta}`);
  }
  const requests = Object.values(perApi).reduce((sum, count) => sum + count, 0);
  const floors = Object.entries(perApi).map(([api, count]) => [api, count / rate] as const);
  const floor = Math.max(...floors.map(([, seconds]) => seconds));
  const ratio = simSeconds / floor;
  console.log(`eBay full pull against the fake (time scale ${scale}×)
  pulled:            ${listings.listings} listings, ${orders.orders} orders (${listings.problems + orders.problems} problems)
  requests needed:   ${requests}
${lines.join('\n')}
  rate limit:        ${rate} requests/s per API (fake burst 40, client burst 5), added latency ${latency} ms, churn ${values.churn}
  floor:             ${floors.map(([api, seconds]) => `${api} ${seconds.toFixed(1)} s`).join(', ')} → ${floor.toFixed(1)} s simulated (= ${(floor / scale).toFixed(2)} s wall at ${scale}×)
  actual:            ${simSeconds.toFixed(1)} s simulated, ${wallSeconds.toFixed(2)} s wall
  throttled replies: ${after.throttled.rate + after.throttled.daily}
  ratio:             ${ratio.toFixed(3)} (target ≤ 1.10) ${ratio <= 1.1 ? 'OK' : 'OVER TARGET'}`);
  if (ratio > 1.1) process.exitCode = 1;
} finally {
  await connector.close();
  await sandbox.close();
}
