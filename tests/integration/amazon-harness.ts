/**
 * The Amazon connector against the fake Amazon, authorised through the real consent-code flow,
 * sharing the fake's simulated clock (sleeps scaled to its time scale). Helpers pull everything
 * and check every SP-API exchange the fake answered against the official models.
 */
import { createScaledClock, type Clock } from '../../src/connectors/http/clock.js';
import { InMemoryTokenStore } from '../../src/connectors/http/tokens.js';
import type { NormalizedListing, NormalizedOrder } from '../../src/shared/marketplace.js';
import type { PayloadProblem } from '../../src/connectors/connector.js';
import {
  AmazonSettings,
  createAmazonConnector,
  type AmazonConnector,
} from '../../src/connectors/amazon/connector.js';
import {
  startAmazonSandbox,
  type AmazonSandbox,
  type AmazonGroundTruth,
  type AmazonSandboxOptions,
} from '../../src/sandbox/amazon/index.js';
import { checkExchanges, loadSpec, type ExchangeToCheck } from '../conformance/openapi.js';

export const AMAZON_SPECS = [
  'amazon/listingsItems_2021-08-01.json',
  'amazon/orders_2026-01-01.json',
  'amazon/ordersV0.json',
  'amazon/feeds_2021-06-30.json',
  'amazon/fbaInventory.json',
].map((file) => loadSpec(file));

export interface AmazonHarness {
  sandbox: AmazonSandbox;
  connector: AmazonConnector;
  clock: Clock;
  tokenStore: InMemoryTokenStore;
  close(): Promise<void>;
}

export interface HarnessOptions extends AmazonSandboxOptions {
  /** Client-side usage-plan overrides by bucket. */
  clientLimits?: Record<string, { requestsPerSecond: number; burst: number }>;
  feedThreshold?: number;
  feedPollMs?: number;
}

export async function startAmazonHarness(options: HarnessOptions = {}): Promise<AmazonHarness> {
  const { clientLimits, feedThreshold, feedPollMs, ...sandboxOptions } = options;
  const sandbox = await startAmazonSandbox({ recordExchanges: true, ...sandboxOptions });
  const scaled = createScaledClock({ scale: options.timeScale ?? 1, origin: sandbox.now() });
  const clock: Clock = {
    now: () => sandbox.now(),
    sleep: (ms, signal) => scaled.sleep(ms, signal),
  };
  const tokenStore = new InMemoryTokenStore();
  const { connection } = sandbox.account;
  const connector = createAmazonConnector(
    {
      account: { accountKey: `amazon-${sandbox.sellerId}`, site: sandbox.site, shopId: null },
      tokenStore,
      clock,
    },
    AmazonSettings.parse({
      ...connection,
      ...(clientLimits ? { rateLimits: clientLimits } : {}),
      ...(feedThreshold === undefined ? {} : { feedThreshold }),
      ...(feedPollMs === undefined ? {} : { feedPollMs }),
      timeoutMs: 10_000,
    }),
  );
  return {
    sandbox,
    connector,
    clock,
    tokenStore,
    close: async () => {
      await connector.close();
      await sandbox.close();
    },
  };
}

export async function authorize(harness: AmazonHarness): Promise<void> {
  await harness.connector.completeAuthorization(harness.sandbox.control.issueAuthorization());
}

export async function pullAllListings(
  connector: AmazonConnector,
  changedSince: string | null = null,
) {
  const items: NormalizedListing[] = [];
  const problems: PayloadProblem[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await connector.listListings({ cursor, changedSince });
    items.push(...page.items);
    problems.push(...page.problems);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor !== null);
  return { items, problems, pages };
}

export async function pullAllOrders(
  connector: AmazonConnector,
  window: { from: string; to: string },
) {
  const items: NormalizedOrder[] = [];
  const problems: PayloadProblem[] = [];
  let checkpoint: string | null = null;
  let pages = 0;
  do {
    const page = await connector.listOrders({ window, checkpoint });
    items.push(...page.orders);
    problems.push(...page.problems);
    checkpoint = page.checkpoint;
    pages += 1;
  } while (checkpoint !== null);
  return { items, problems, pages };
}

/** SP-API exchanges (not the token endpoint, the consent page or document storage). */
export function spApiExchanges(sandbox: AmazonSandbox): ExchangeToCheck[] {
  return sandbox
    .exchanges()
    .filter((exchange) => !/^\/(auth|apps|sandbox-s3)\//.test(exchange.path));
}

/** Every request the connector sent and every reply the fake gave, against the models. */
export function conformanceProblems(sandbox: AmazonSandbox): string[] {
  return [
    ...new Set(checkExchanges(AMAZON_SPECS, spApiExchanges(sandbox), { rejectDeprecated: true })),
  ];
}

/** The listing status our side should show for a fake listing. */
export function expectedListingStatus(listing: AmazonGroundTruth['listings'][number]): string {
  if (listing.buyable) return 'active';
  return listing.issues.some((issue) => issue.severity === 'ERROR') ? 'error' : 'inactive';
}

const ORDER_STATUS: Record<string, string> = {
  PENDING_AVAILABILITY: 'unpaid',
  PENDING: 'unpaid',
  UNSHIPPED: 'to_ship',
  PARTIALLY_SHIPPED: 'to_ship',
  SHIPPED: 'shipped',
  CANCELLED: 'cancelled',
  UNFULFILLABLE: 'unknown',
};

/** Listings pulled vs the fake's ground truth, field by field; empty = equal. */
export function listingDifferences(
  truth: AmazonGroundTruth,
  pulled: readonly NormalizedListing[],
): string[] {
  const out: string[] = [];
  const bySku = new Map<string, NormalizedListing>();
  for (const listing of pulled) {
    if (bySku.has(listing.sku)) out.push(`listing ${listing.sku} pulled twice`);
    bySku.set(listing.sku, listing);
  }
  for (const expected of truth.listings) {
    const got = bySku.get(expected.sku);
    if (!got) {
      out.push(`listing ${expected.sku} missing`);
      continue;
    }
    const want = {
      title: expected.title,
      description: expected.description,
      price: `${expected.priceMinor} ${truth.currency}`,
      quantity: expected.quantity ?? 0,
      status: expectedListingStatus(expected),
      updated: new Date(expected.lastUpdated).toISOString(),
    };
    const have = {
      title: got.title,
      description: got.description,
      price: `${got.price.amountMinor} ${got.price.currency}`,
      quantity: got.quantity,
      status: got.status,
      updated: got.remoteUpdatedAt,
    };
    if (JSON.stringify(want) !== JSON.stringify(have))
      out.push(
        `listing ${expected.sku}: pulled ${JSON.stringify(have)}, truth ${JSON.stringify(want)}`,
      );
  }
  if (bySku.size !== truth.listings.length)
    out.push(`${bySku.size} listings pulled, ${truth.listings.length} in truth`);
  return out;
}

/** Orders pulled vs the fake's ground truth (status, times, total, lines); empty = equal. */
export function orderDifferences(
  truth: AmazonGroundTruth,
  pulled: readonly NormalizedOrder[],
): string[] {
  const out: string[] = [];
  const byId = new Map<string, NormalizedOrder>();
  for (const order of pulled) byId.set(order.remoteId, order);
  for (const expected of truth.orders) {
    const got = byId.get(expected.orderId);
    if (!got) {
      out.push(`order ${expected.orderId} missing`);
      continue;
    }
    const want = {
      status: ORDER_STATUS[expected.status],
      placedAt: new Date(expected.created).toISOString(),
      updatedAt: new Date(expected.lastUpdated).toISOString(),
      total: `${expected.totalMinor} ${truth.currency}`,
      shipBy: new Date(expected.shipBy).toISOString(),
      lines: expected.lines.map(
        (line) => `${line.orderItemId} ${line.sku} ${line.quantity}x${line.unitPriceMinor}`,
      ),
    };
    const have = {
      status: got.status,
      placedAt: got.placedAt,
      updatedAt: got.updatedAt,
      total: `${got.total.amountMinor} ${got.total.currency}`,
      shipBy: got.shipBy,
      lines: got.lines.map(
        (line) => `${line.lineId} ${line.sku} ${line.quantity}x${line.unitPrice.amountMinor}`,
      ),
    };
    if (JSON.stringify(want) !== JSON.stringify(have))
      out.push(
        `order ${expected.orderId}: pulled ${JSON.stringify(have)}, truth ${JSON.stringify(want)}`,
      );
  }
  if (byId.size !== truth.orders.length)
    out.push(`${byId.size} orders pulled, ${truth.orders.length} in truth`);
  return out;
}
