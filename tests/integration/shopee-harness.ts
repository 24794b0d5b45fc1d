/**
 * Shared set-up for the Shopee integration tests and the benchmark: a fake Shopee (src/sandbox), a
 * connector pointed at it with a clock running at the same scale, authorised through the real
 * consent → redirect → code exchange flow, and engine-like pull loops (a page that fails with a
 * retryable error is asked again from the same cursor/checkpoint, as the sync engine will).
 */
import { createScaledClock, type Clock } from '../../src/connectors/http/clock.js';
import { ConnectorError } from '../../src/connectors/http/errors.js';
import { InMemoryTokenStore } from '../../src/connectors/http/tokens.js';
import type { RateLimit } from '../../src/connectors/http/limiter.js';
import type { Connector, PayloadProblem } from '../../src/connectors/connector.js';
import { createShopeeConnector, ShopeeSettings } from '../../src/connectors/shopee/connector.js';
import type { NormalizedListing, NormalizedOrder } from '../../src/shared/marketplace.js';
import {
  startShopeeSandbox,
  type ShopeeSandbox,
  type ShopeeSandboxOptions,
} from '../../src/sandbox/shopee/index.js';

export const SANDBOX_START = Date.UTC(2026, 0, 15, 12, 0, 0);

export interface Harness {
  sandbox: ShopeeSandbox;
  connector: Connector;
  tokens: InMemoryTokenStore;
  clock: Clock;
  close(): Promise<void>;
}

export async function startHarness(
  options: ShopeeSandboxOptions & {
    clientLimit?: RateLimit;
    timeoutMs?: number;
    /** The connector reads the fake's own clock (so `advance` moves both); else its own scaled clock. */
    sharedClock?: boolean;
  } = {},
): Promise<Harness> {
  const timeScale = options.timeScale ?? 1;
  const sandbox = await startShopeeSandbox({ startTime: SANDBOX_START, ...options });
  const own = createScaledClock({ scale: timeScale, origin: sandbox.now() });
  const clock: Clock = options.sharedClock
    ? { now: () => sandbox.now(), sleep: (ms, signal) => own.sleep(ms, signal) }
    : own;
  const tokens = new InMemoryTokenStore();
  const settings = ShopeeSettings.parse({
    environment: 'local',
    baseUrl: sandbox.baseUrl,
    partnerId: sandbox.partnerId,
    partnerKey: sandbox.partnerKey,
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.clientLimit ? { rateLimits: { shop: options.clientLimit } } : {}),
  });
  const connector = createShopeeConnector(
    {
      account: { accountKey: 'shopee-test', site: sandbox.region, shopId: null },
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
export async function authorize(harness: Harness): Promise<void> {
  const url = await harness.connector.consentUrl({
    redirectUrl: 'http://127.0.0.1:9/callback',
    state: 'xyz',
  });
  const response = await fetch(url, { redirect: 'manual' });
  const location = new URL(response.headers.get('location') ?? 'http://invalid/');
  const callback = Object.fromEntries(location.searchParams.entries());
  if (callback.state !== 'xyz') throw new Error('state did not come back');
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

export async function pullAllListings(
  connector: Connector,
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

export async function pullAllOrders(
  connector: Connector,
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
