/**
 * Shared set-up for the AliExpress integration tests and benchmark: a fake AliExpress (src/sandbox),
 * the real connector pointed at it with a clock at the same scale, authorised through the real
 * consent → redirect → code exchange flow, plus comparisons of what the connector returned with
 * the fake's ground truth. The engine-like pull loops are the Shopee harness's (marketplace-free).
 */
import { createScaledClock, type Clock } from '../../src/connectors/http/clock.js';
import { InMemoryTokenStore } from '../../src/connectors/http/tokens.js';
import type { RateLimit } from '../../src/connectors/http/limiter.js';
import type { Connector } from '../../src/connectors/connector.js';
import {
  AliExpressSettings,
  createAliExpressConnector,
} from '../../src/connectors/aliexpress/connector.js';
import type { NormalizedListing, NormalizedOrder } from '../../src/shared/marketplace.js';
import {
  startAliExpressSandbox,
  type AliExpressGroundTruth,
  type AliExpressSandbox,
  type AliExpressSandboxOptions,
} from '../../src/sandbox/aliexpress/index.js';

export { pullAllListings, pullAllOrders } from './shopee-harness.js';

/** 270 days of orders before this start cover both 2026 daylight-saving changes. */
export const ALIEXPRESS_START = Date.UTC(2026, 10, 20, 12, 0, 0);
export const MARCH_CHANGE = Date.UTC(2026, 2, 8, 10, 0, 0);
export const NOVEMBER_CHANGE = Date.UTC(2026, 10, 1, 9, 0, 0);

export interface AliExpressHarness {
  sandbox: AliExpressSandbox;
  connector: Connector;
  tokens: InMemoryTokenStore;
  clock: Clock;
  close(): Promise<void>;
}

export async function startAliExpressHarness(
  options: AliExpressSandboxOptions & {
    clientLimit?: RateLimit;
    timeoutMs?: number;
    /** The connector reads the fake's own clock (so `advance` moves both). */
    sharedClock?: boolean;
  } = {},
): Promise<AliExpressHarness> {
  const sandbox = await startAliExpressSandbox({ startTime: ALIEXPRESS_START, ...options });
  const own = createScaledClock({ scale: options.timeScale ?? 1, origin: sandbox.now() });
  const clock: Clock = options.sharedClock
    ? { now: () => sandbox.now(), sleep: (ms, signal) => own.sleep(ms, signal) }
    : own;
  const tokens = new InMemoryTokenStore();
  const settings = AliExpressSettings.parse({
    environment: 'local',
    baseUrl: sandbox.baseUrl,
    appKey: sandbox.appKey,
    appSecret: sandbox.appSecret,
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.clientLimit ? { rateLimits: { default: options.clientLimit } } : {}),
  });
  const connector = createAliExpressConnector(
    {
      account: { accountKey: 'aliexpress-test', site: sandbox.site, shopId: null },
      tokenStore: tokens,
      clock,
    },
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

/** Consent URL → the sandbox's auto-consent redirect → code exchange. */
export async function authorizeAliExpress(harness: AliExpressHarness): Promise<string> {
  const url = await harness.connector.consentUrl({
    redirectUrl: 'http://127.0.0.1:9/callback',
    state: 'xyz',
  });
  const response = await fetch(url, { redirect: 'manual' });
  const location = new URL(response.headers.get('location') ?? 'http://invalid/');
  const callback = Object.fromEntries(location.searchParams.entries());
  if (callback.state !== 'xyz') throw new Error('state did not come back');
  const status = await harness.connector.completeAuthorization(callback);
  return status.shopId;
}

const cents = (text: string) => {
  const [whole = '0', fraction = ''] = text.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
};

const LISTING_STATUS: Record<string, string> = {
  onSelling: 'active',
  offline: 'inactive',
  auditing: 'draft',
  editingRequired: 'error',
};

/** Every SKU of the truth returned once with its price, stock, status and text; nothing extra. */
export function listingDifferences(
  truth: AliExpressGroundTruth,
  listings: NormalizedListing[],
): string[] {
  const out: string[] = [];
  const seen = new Map<string, NormalizedListing>();
  for (const listing of listings) {
    const key = `${listing.remoteId}/${listing.remoteVariantId}`;
    if (seen.has(key)) out.push(`${key} returned twice`);
    seen.set(key, listing);
  }
  let expected = 0;
  for (const product of truth.products) {
    for (const sku of product.skus) {
      expected += 1;
      const key = `${product.product_id}/${sku.sku_code}`;
      const listing = seen.get(key);
      if (!listing) {
        out.push(`${key} missing`);
        continue;
      }
      const wrong = (field: string, got: unknown, want: unknown) => {
        if (got !== want) out.push(`${key} ${field}: got ${String(got)}, want ${String(want)}`);
      };
      wrong('price', listing.price.amountMinor, sku.price_cents);
      wrong('currency', listing.price.currency, truth.currency);
      wrong('quantity', listing.quantity, sku.stock);
      wrong('status', listing.status, LISTING_STATUS[product.status]);
      wrong('title', listing.title, product.subject);
      wrong('description', listing.description, product.detail);
      wrong('sku', listing.sku, sku.sku_code);
    }
  }
  if (listings.length !== expected)
    out.push(`${listings.length} listings returned, ${expected} expected`);
  return out;
}

/**
 * Every order of the truth returned once, with status, lines, total, country and times. An order
 * last modified in the second pass of November's repeated hour reads an hour early: its Pacific
 * text is the same as an hour before, and the gateway itself reads such text as the earlier time.
 */
export function orderDifferences(
  truth: AliExpressGroundTruth,
  orders: NormalizedOrder[],
  window?: { from: number; to: number },
): string[] {
  const out: string[] = [];
  const seen = new Map<string, NormalizedOrder>();
  for (const order of orders) {
    if (seen.has(order.remoteId)) out.push(`${order.remoteId} returned twice`);
    seen.set(order.remoteId, order);
  }
  const wanted = truth.orders.filter(
    (order) => !window || (order.gmt_modified >= window.from && order.gmt_modified <= window.to),
  );
  for (const order of wanted) {
    const got = seen.get(order.order_id);
    if (!got) {
      out.push(
        `${order.order_id} (modified ${new Date(order.gmt_modified).toISOString()}) missing`,
      );
      continue;
    }
    const wrong = (field: string, value: unknown, want: unknown) => {
      if (value !== want)
        out.push(`${order.order_id} ${field}: got ${String(value)}, want ${String(want)}`);
    };
    const secondPass =
      order.gmt_modified >= NOVEMBER_CHANGE && order.gmt_modified < NOVEMBER_CHANGE + 3_600_000;
    const readAs = secondPass ? order.gmt_modified - 3_600_000 : order.gmt_modified;
    wrong('updatedAt', got.updatedAt, new Date(readAs).toISOString());
    wrong('placedAt', got.placedAt, new Date(order.gmt_create).toISOString());
    wrong('rawStatus', got.rawStatus, order.status);
    wrong('total', got.total.amountMinor, order.total_cents);
    wrong('buyerCountry', got.buyerCountry, order.buyer_country);
    const lines = got.lines.map(
      (line) =>
        `${line.remoteListingId}/${line.sku}x${line.quantity}@${line.unitPrice.amountMinor}`,
    );
    const want = order.lines.map(
      (line) => `${line.product_id}/${line.sku_code}x${line.count}@${line.unit_cents}`,
    );
    wrong('lines', lines.join(','), want.join(','));
  }
  if (!window && orders.length !== truth.orders.length) {
    out.push(`${orders.length} orders returned, ${truth.orders.length} expected`);
  }
  return out;
}

export { cents };
