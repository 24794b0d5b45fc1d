/**
 * Benchmark: a full Wish pull (5,000 products with their variations, 2,000 orders over 90 days)
 * against the fake Wish at a fixed rate limit, compared with the floor that limit implies
 * (requests needed ÷ rate). Simulated time runs `--scale` times faster than real time; the ratio
 * is the same in either unit. Target: ratio ≤ 1.10.
 *
 *   node --import tsx bench/wish-pull.bench.ts [--rate 20] [--scale 5] [--items 5000] [--orders 2000] [--latency 0]
 *
 * The fake limits calls per window (Wish's model): `--rate` calls per second on average, in windows
 * of 5 seconds. `--latency` adds that many simulated milliseconds to every reply.
 */
import { parseArgs } from 'node:util';
import { setLogSink } from '../src/shared/log.js';
import {
  authorizeWish,
  pullWishListings,
  pullWishOrders,
  startWishHarness,
} from '../tests/integration/wish-harness.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '20' },
    scale: { type: 'string', default: '5' },
    items: { type: 'string', default: '5000' },
    orders: { type: 'string', default: '2000' },
    latency: { type: 'string', default: '0' },
    burst: { type: 'string', default: '5' },
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

const harness = await startWishHarness({
  seed: 5,
  items: Number(values.items),
  orders: Number(values.orders),
  orderDays: 90,
  timeScale: scale,
  rateLimit: { requestsPerSecond: rate, burst: rate * 5 },
  clientLimit: { requestsPerSecond: rate, burst: Number(values.burst) },
});
try {
  await authorizeWish(harness);
  const { sandbox, connector } = harness;
  if (latency > 0) sandbox.faults.set({ latencyMs: { min: latency, max: latency } });
  const count = () => Object.values(sandbox.stats().requests).reduce((sum, n) => sum + n, 0);
  const before = count();
  const simStart = sandbox.now();
  const wallStart = performance.now();
  const [listings, orders] = await Promise.all([
    pullWishListings(connector),
    pullWishOrders(connector, {
      from: new Date(simStart - 91 * DAY).toISOString(),
      to: new Date(simStart).toISOString(),
    }),
  ]);
  const wall = (performance.now() - wallStart) / 1000;
  const actual = (sandbox.now() - simStart) / 1000;
  const requests = count() - before;
  const floor = requests / rate;
  const stats = sandbox.stats();
  const figures = {
    listings: listings.items.length,
    listingProblems: listings.problems.length,
    orders: orders.items.length,
    orderProblems: orders.problems.length,
    requests,
    byRoute: stats.requests,
    rate,
    scale,
    floorSimSeconds: Number(floor.toFixed(1)),
    actualSimSeconds: Number(actual.toFixed(1)),
    wallSeconds: Number(wall.toFixed(2)),
    throttled: stats.throttled,
    ratio: Number((actual / floor).toFixed(3)),
  };
  console.info(JSON.stringify(figures, null, 2));
} finally {
  await harness.close();
}
