/**
 * Shared set-up for the Wish integration tests and the benchmark: the fake Wish (src/sandbox/wish),
 * the real connector pointed at it with a clock at the same scale, authorised through the real
 * consent → redirect → code exchange, engine-like pull loops (a page that fails with a retryable
 * error is asked again from the same cursor/checkpoint, as the sync engine does), and the
 * comparison of what was pulled with the fake's ground truth, field by field.
 */
import { createScaledClock, type Clock } from '../../src/connectors/http/clock.js';
import { ConnectorError } from '../../src/connectors/http/errors.js';
import type { RateLimit } from '../../src/connectors/http/limiter.js';
import { InMemoryTokenStore } from '../../src/connectors/http/tokens.js';
import type { PayloadProblem } from '../../src/connectors/connector.js';
import {
  createWishConnector,
  WishSettings,
  type WishConnector,
} from '../../src/connectors/wish/connector.js';
import type { NormalizedListing, NormalizedOrder } from '../../src/shared/marketplace.js';
import {
  startWishSandbox,
  type WishGroundTruth,
  type WishSandbox,
  type WishSandboxOptions,
} from '../../src/sandbox/wish/index.js';

export const WISH_START = Date.UTC(2026, 0, 20, 9, 0, 0);

export interface WishHarness {
  sandbox: WishSandbox;
  connector: WishConnector;
  tokens: InMemoryTokenStore;
  clock: Clock;
  close(): Promise<void>;
}

export async function startWishHarness(
  options: WishSandboxOptions & { clientLimit?: RateLimit; timeoutMs?: number } = {},
): Promise<WishHarness> {
  const sandbox = await startWishSandbox({ startTime: WISH_START, ...options });
  const own = createScaledClock({ scale: options.timeScale ?? 1, origin: sandbox.now() });
  // The connector reads the fake's clock (so `advance` moves both) and sleeps at the same scale.
  const clock: Clock = { now: () => sandbox.now(), sleep: (ms, signal) => own.sleep(ms, signal) };
  const tokens = new InMemoryTokenStore();
  const settings = WishSettings.parse({
    environment: 'local',
    baseUrl: sandbox.baseUrl,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    redirectUri: sandbox.redirectUri,
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.clientLimit ? { rateLimits: { default: options.clientLimit } } : {}),
  });
  const connector = createWishConnector(
    { account: { accountKey: 'wish-test', site: 'US', shopId: null }, tokenStore: tokens, clock },
    settings,
  );
  return {
    sandbox,
    connector,
    tokens,
    clock,
    close: async () => {
      await connector.close();
      await sandbox.close();
    },
  };
}

/** Consent URL → the fake's auto-consent redirect → code exchange. */
export async function authorizeWish(harness: WishHarness): Promise<void> {
  const url = await harness.connector.consentUrl({
    redirectUrl: harness.sandbox.redirectUri,
    state: 'st-42',
  });
  const response = await fetch(url, { redirect: 'manual' });
  const location = new URL(response.headers.get('location') ?? 'http://invalid/');
  const callback = Object.fromEntries(location.searchParams.entries());
  if (callback.state !== 'st-42') throw new Error('state did not come back');
  await harness.connector.completeAuthorization(callback);
}

async function withPageRetry<T>(read: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const retryable =
        error instanceof ConnectorError &&
        (error.kind === 'retryable' || error.kind === 'rate_limited');
      if (!retryable || attempt >= attempts) throw error;
    }
  }
}

export interface Pulled<T> {
  items: T[];
  problems: PayloadProblem[];
  pages: number;
}

export async function pullWishListings(
  connector: WishConnector,
  changedSince: string | null = null,
): Promise<Pulled<NormalizedListing>> {
  const out: Pulled<NormalizedListing> = { items: [], problems: [], pages: 0 };
  let cursor: string | null = null;
  do {
    const page = await withPageRetry(() => connector.listListings({ cursor, changedSince }));
    out.items.push(...page.items);
    out.problems.push(...page.problems);
    out.pages += 1;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

export async function pullWishOrders(
  connector: WishConnector,
  window: { from: string; to: string },
): Promise<Pulled<NormalizedOrder>> {
  const out: Pulled<NormalizedOrder> = { items: [], problems: [], pages: 0 };
  let checkpoint: string | null = null;
  do {
    const page = await withPageRetry(() => connector.listOrders({ window, checkpoint }));
    out.items.push(...page.orders);
    out.problems.push(...page.problems);
    out.pages += 1;
    checkpoint = page.checkpoint;
  } while (checkpoint !== null);
  return out;
}

const STATE_STATUS: Record<string, string> = {
  ACTIVE: 'active',
  WISH_INACTIVE: 'inactive',
  MERCHANT_INACTIVE: 'inactive',
  REMOVED_BY_WISH: 'error',
  REMOVED_BY_MERCHANT: 'deleted',
};

/** Pulled listings vs ground truth: every variation exactly once with its fields; [] = equal. */
export function wishListingDifferences(
  truth: WishGroundTruth,
  listings: NormalizedListing[],
): string[] {
  const out: string[] = [];
  const byKey = new Map<string, NormalizedListing[]>();
  for (const listing of listings) {
    const key = `${listing.remoteId}/${listing.remoteVariantId}`;
    byKey.set(key, [...(byKey.get(key) ?? []), listing]);
  }
  let expected = 0;
  for (const product of truth.products) {
    for (const variation of product.variations) {
      expected += 1;
      const key = `${product.id}/${variation.id}`;
      const found = byKey.get(key) ?? [];
      if (found.length !== 1) {
        out.push(`${key}: pulled ${found.length} times`);
        continue;
      }
      const listing = found[0]!;
      let status = STATE_STATUS[product.state]!;
      if (variation.status === 'DISABLED' && status === 'active') status = 'inactive';
      const checks: [string, unknown, unknown][] = [
        ['sku', listing.sku, variation.sku],
        ['title', listing.title, product.name],
        ['description', listing.description, product.description],
        ['price', listing.price.amountMinor, variation.price_cents],
        ['currency', listing.price.currency, truth.currency],
        ['quantity', listing.quantity, variation.inventory],
        ['status', listing.status, status],
        ['updatedAt', listing.remoteUpdatedAt, new Date(product.updated_at).toISOString()],
      ];
      for (const [field, got, want] of checks) {
        if (got !== want) out.push(`${key} ${field}: ${String(got)} ≠ ${String(want)}`);
      }
    }
  }
  if (listings.length !== expected)
    out.push(`pulled ${listings.length} listings, expected ${expected}`);
  return out.slice(0, 50);
}

const ORDER_STATUS: Record<string, string> = {
  APPROVED: 'to_ship',
  SHIPPED: 'shipped',
  REFUNDED: 'cancelled',
  REQUIRE_REVIEW: 'unpaid',
  DECLINED: 'cancelled',
};

/** Pulled orders vs the ground truth orders (optionally those updated in a window); [] = equal. */
export function wishOrderDifferences(
  truth: WishGroundTruth,
  orders: NormalizedOrder[],
  window?: { from: number; to: number },
): string[] {
  const out: string[] = [];
  const wanted = truth.orders.filter(
    (order) => !window || (order.updated_at >= window.from && order.updated_at <= window.to),
  );
  const counts = new Map<string, number>();
  for (const order of orders) counts.set(order.remoteId, (counts.get(order.remoteId) ?? 0) + 1);
  const byId = new Map(orders.map((order) => [order.remoteId, order]));
  for (const order of wanted) {
    const count = counts.get(order.id) ?? 0;
    if (count !== 1) {
      out.push(`${order.id}: pulled ${count} times`);
      continue;
    }
    const got = byId.get(order.id)!;
    const line = got.lines[0];
    const checks: [string, unknown, unknown][] = [
      ['status', got.status, ORDER_STATUS[order.state]],
      ['rawStatus', got.rawStatus, order.state],
      ['updatedAt', got.updatedAt, new Date(order.updated_at).toISOString()],
      ['placedAt', got.placedAt, new Date(order.released_at).toISOString()],
      ['total', got.total.amountMinor, order.total_cents],
      ['country', got.buyerCountry, order.country_code],
      ['lines', got.lines.length, 1],
      ['sku', line?.sku, order.sku],
      ['quantity', line?.quantity, order.quantity],
      ['unitPrice', line?.unitPrice.amountMinor, order.price_cents],
      ['variant', line?.remoteVariantId, order.variation_id],
    ];
    for (const [field, value, want] of checks) {
      if (value !== want) out.push(`${order.id} ${field}: ${String(value)} ≠ ${String(want)}`);
    }
  }
  if (orders.length !== wanted.length)
    out.push(`pulled ${orders.length} orders, expected ${wanted.length}`);
  return out.slice(0, 50);
}
