/**
 * Shared set-up for the eBay integration tests and the benchmark: a fake eBay (src/sandbox), a
 * connector pointed at it with a clock running at the same scale, authorised through the real
 * consent → redirect → code exchange flow, engine-like pull loops (a page failing with a retryable
 * error is asked again from the same cursor/checkpoint, as the sync engine does), and the ground
 * truth in the shape the connector's normalised objects take.
 */
import { createScaledClock, type Clock } from '../../src/connectors/http/clock.js';
import { ConnectorError } from '../../src/connectors/http/errors.js';
import type { RateLimit } from '../../src/connectors/http/limiter.js';
import { InMemoryTokenStore } from '../../src/connectors/http/tokens.js';
import type { PayloadProblem } from '../../src/connectors/connector.js';
import {
  EbaySettings,
  createEbayConnector,
  type EbayConnector,
} from '../../src/connectors/ebay/connector.js';
import { InMemoryEbayUsageStore } from '../../src/connectors/ebay/usage.js';
import type { NormalizedListing, NormalizedOrder } from '../../src/shared/marketplace.js';
import { ebayConformanceProblems } from '../conformance/ebay-contracts.js';
import {
  startEbaySandbox,
  type EbayGroundTruth,
  type EbaySandbox,
  type EbaySandboxOptions,
} from '../../src/sandbox/ebay/index.js';

export const SANDBOX_START = Date.UTC(2026, 2, 10, 15, 0, 0);
export const CALLBACK_URL = 'http://127.0.0.1:9/ebay/accepted';

export interface Harness {
  sandbox: EbaySandbox;
  connector: EbayConnector;
  tokens: InMemoryTokenStore;
  usage: InMemoryEbayUsageStore;
  clock: Clock;
  close(): Promise<void>;
}

export interface HarnessOptions extends EbaySandboxOptions {
  /** Client pacing for every API bucket (default: the connector's own table). */
  clientLimit?: RateLimit;
  timeoutMs?: number;
  bulkPriceQuantity?: 'multi_sku' | 'one_sku';
  dailyQuotas?: EbaySandboxOptions['dailyQuotas'];
  /**
   * Record every exchange and check it against eBay's contracts when the harness closes (default
   * on: every request the connector sends in a test, and every reply of the fake, is validated).
   */
  conformance?: boolean;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const timeScale = options.timeScale ?? 1;
  const conformance = options.conformance ?? true;
  const sandbox = await startEbaySandbox({
    startTime: SANDBOX_START,
    recordExchanges: conformance,
    ...options,
  });
  sandbox.control.setAcceptUrl(CALLBACK_URL);
  const own = createScaledClock({ scale: timeScale, origin: sandbox.now() });
  // The fake's own clock (so advance() moves both), slept on at the same scale.
  const clock: Clock = { now: () => sandbox.now(), sleep: (ms, signal) => own.sleep(ms, signal) };
  const tokens = new InMemoryTokenStore();
  const usage = new InMemoryEbayUsageStore();
  const limit = options.clientLimit;
  const settings = EbaySettings.parse({
    ...sandbox.account.connection,
    timeoutMs: options.timeoutMs ?? 10_000,
    bulkPriceQuantity: options.bulkPriceQuantity ?? 'multi_sku',
    ...(limit
      ? {
          rateLimits: Object.fromEntries(
            ['inventory', 'fulfillment', 'identity', 'analytics', 'oauth'].map((bucket) => [
              bucket,
              limit,
            ]),
          ),
        }
      : {}),
  });
  const connector = createEbayConnector(
    {
      account: { accountKey: 'ebay-test', site: sandbox.marketplaceId, shopId: null },
      tokenStore: tokens,
      usageStore: usage,
      clock,
    },
    settings,
  );
  return {
    sandbox,
    connector,
    tokens,
    usage,
    clock,
    close: async () => {
      await connector.close();
      await sandbox.close();
      if (!conformance) return;
      const problems = ebayConformanceProblems(sandbox.exchanges());
      if (problems.length > 0) {
        throw new Error(
          `${problems.length} eBay conformance problem(s):\n${problems.slice(0, 30).join('\n')}`,
        );
      }
    },
  };
}

/** Consent URL → the sandbox's instant consent → redirect to the accept URL → code exchange. */
export async function authorize(harness: Harness): Promise<string> {
  const url = await harness.connector.consentUrl({ redirectUrl: CALLBACK_URL, state: 'st-42' });
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location)
    throw new Error(`consent failed: ${response.status} ${await response.text()}`);
  const redirect = new URL(location);
  if (redirect.searchParams.get('state') !== 'st-42') throw new Error('state did not come back');
  // The query exactly as eBay sent it: the connector decodes it once.
  const status = await harness.connector.completeAuthorization({ redirectQuery: redirect.search });
  return status.shopId;
}

async function withPageRetry<T>(read: () => Promise<T>, attempts = 6): Promise<T> {
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

export async function pullAllListings(
  connector: EbayConnector,
): Promise<Pulled<NormalizedListing>> {
  const out: Pulled<NormalizedListing> = { items: [], problems: [], pages: 0 };
  let cursor: string | null = null;
  do {
    const page = await withPageRetry(() => connector.listListings({ cursor, changedSince: null }));
    out.items.push(...page.items);
    out.problems.push(...page.problems);
    out.pages += 1;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

export async function pullAllOrders(
  connector: EbayConnector,
  window: { from: string; to: string },
  onPage?: (page: number) => void,
): Promise<Pulled<NormalizedOrder>> {
  const out: Pulled<NormalizedOrder> = { items: [], problems: [], pages: 0 };
  let checkpoint: string | null = null;
  do {
    const page = await withPageRetry(() => connector.listOrders({ window, checkpoint }));
    out.items.push(...page.orders);
    out.problems.push(...page.problems);
    out.pages += 1;
    onPage?.(out.pages);
    checkpoint = page.checkpoint;
  } while (checkpoint !== null);
  return out;
}

/** The status the connector should give an offer of the ground truth. */
export function truthStatus(listing: EbayGroundTruth['listings'][number]): string {
  if (listing.offerStatus === 'UNPUBLISHED') return 'inactive';
  if (listing.onHold) return 'error';
  return listing.listingStatus === 'ACTIVE' || listing.listingStatus === 'OUT_OF_STOCK'
    ? 'active'
    : 'inactive';
}

/** Listings pulled vs the ground truth, field by field; empty = equal. */
export function listingDifferences(pulled: NormalizedListing[], truth: EbayGroundTruth): string[] {
  const out: string[] = [];
  const byKey = new Map<string, NormalizedListing>();
  for (const listing of pulled) {
    const key = `${listing.remoteId}/${listing.remoteVariantId}`;
    if (byKey.has(key)) out.push(`listing ${key} pulled twice`);
    byKey.set(key, listing);
  }
  for (const want of truth.listings) {
    const key = `${want.sku}/${want.offerId}`;
    const got = byKey.get(key);
    if (!got) {
      out.push(`missing listing ${key}`);
      continue;
    }
    const a = {
      sku: got.sku,
      title: got.title,
      price: got.price.amountMinor,
      currency: got.price.currency,
      quantity: got.quantity,
      status: got.status,
    };
    const b = {
      sku: want.sku,
      title: want.title,
      price: want.priceMinor ?? 0,
      currency: truth.currency,
      quantity: want.quantity,
      status: truthStatus(want),
    };
    if (JSON.stringify(a) !== JSON.stringify(b))
      out.push(`listing ${key} is ${JSON.stringify(a)}, truth ${JSON.stringify(b)}`);
  }
  if (byKey.size !== truth.listings.length)
    out.push(`${byKey.size} listings pulled, ${truth.listings.length} in truth`);
  return out;
}

export function truthOrderStatus(order: EbayGroundTruth['orders'][number]): string {
  if (order.cancelState === 'CANCELED') return 'cancelled';
  if (order.paymentStatus === 'FULLY_REFUNDED') return 'returned';
  if (order.paymentStatus === 'PENDING' || order.paymentStatus === 'FAILED') return 'unpaid';
  return order.fulfillmentStatus === 'FULFILLED' ? 'shipped' : 'to_ship';
}

/** Orders (latest version of each) vs the ground truth; empty = equal. */
export function orderDifferences(
  pulled: Map<string, NormalizedOrder>,
  truth: EbayGroundTruth,
): string[] {
  const out: string[] = [];
  for (const want of truth.orders) {
    const got = pulled.get(want.orderId);
    if (!got) {
      out.push(`missing order ${want.orderId}`);
      continue;
    }
    const a = {
      status: got.status,
      updatedAt: got.updatedAt,
      total: got.total.amountMinor,
      lines: got.lines
        .map((line) => `${line.lineId}:${line.sku}x${line.quantity}@${line.unitPrice.amountMinor}`)
        .sort(),
    };
    const b = {
      status: truthOrderStatus(want),
      updatedAt: new Date(want.lastModifiedMs).toISOString(),
      total: want.totalMinor,
      lines: want.lines
        .map((line) => `${line.lineItemId}:${line.sku}x${line.quantity}@${line.unitMinor}`)
        .sort(),
    };
    if (JSON.stringify(a) !== JSON.stringify(b))
      out.push(`order ${want.orderId} is ${JSON.stringify(a)}, truth ${JSON.stringify(b)}`);
  }
  if (pulled.size !== truth.orders.length)
    out.push(`${pulled.size} orders pulled, ${truth.orders.length} in truth`);
  return out;
}

/** The latest version of each order (by lastModifiedDate) of a pull. */
export function latestOrders(orders: NormalizedOrder[]): Map<string, NormalizedOrder> {
  const out = new Map<string, NormalizedOrder>();
  for (const order of orders) {
    const seen = out.get(order.remoteId);
    if (!seen || seen.updatedAt <= order.updatedAt) out.set(order.remoteId, order);
  }
  return out;
}
