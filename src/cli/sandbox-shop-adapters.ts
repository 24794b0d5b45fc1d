/**
 * Each simulated marketplace as a SandboxShop (src/engine/sandbox-shops.ts): the connection
 * settings its connector's factory takes, validated later by the connector registry, and what the
 * marketplace's consent redirect would bring back (a fresh one-time code), so the connector's real
 * authorisation flow runs against the fake. The fakes know nothing of our connectors; this is the
 * one place where the two are put together.
 *
 * Client pacing: each connector keeps to its marketplace's published (or conservative) limits.
 * A fake runs on this computer with limits of its own; where the connector's defaults are slower
 * than the fake allows (AliExpress, Wish) or the fake is set faster (tests), the connector is
 * paced at the fake's rate with a small burst: a client burst as large as the fake's would be
 * throttled by the least timing jitter.
 */
import { AMAZON_EXTRA_LIMITS } from '../connectors/amazon/limits.js';
import { PUBLISHED_LIMITS } from '../connectors/index.js';
import type { SandboxShop } from '../engine/sandbox-shops.js';
import type {
  AliExpressSandbox,
  AmazonSandbox,
  EbaySandbox,
  RateLimitSettings,
  ShopeeSandbox,
  WishSandbox,
} from '../sandbox/index.js';

/** How fast the connector may call the fake; null keeps the connector's own limits. */
export interface ClientPacing {
  pacing: RateLimitSettings | null;
  /** Amazon only: how often a submitted feed is polled (the connector's minimum is 1 s). */
  feedPollMs?: number;
}

/** The largest client burst: see the module comment. */
const CLIENT_BURST = 5;

/** The client's pacing for a fake limited to `rate`. */
export function pacingFor(rate: RateLimitSettings | null | undefined): RateLimitSettings | null {
  if (!rate) return null;
  return {
    requestsPerSecond: rate.requestsPerSecond,
    burst: Math.max(1, Math.min(CLIENT_BURST, rate.burst)),
  };
}

/** The same pacing for each of the named buckets. */
function buckets(
  names: readonly string[],
  pacing: RateLimitSettings | null,
): { rateLimits?: Record<string, RateLimitSettings> } {
  if (!pacing) return {};
  return { rateLimits: Object.fromEntries(names.map((name) => [name, pacing])) };
}

export function shopeeSandboxShop(sandbox: ShopeeSandbox, client: ClientPacing): SandboxShop {
  const { account } = sandbox;
  return {
    marketplace: 'shopee',
    site: account.site,
    shopId: account.shopId,
    displayName: account.displayName,
    currency: account.currency,
    locale: account.locale,
    connectorSettings: {
      environment: 'local',
      baseUrl: account.connection.baseUrl,
      partnerId: account.connection.partnerId,
      partnerKey: account.connection.partnerKey,
      ...buckets(['shop'], client.pacing),
    },
    now: () => sandbox.now(),
    issueAuthorization: () => ({
      code: sandbox.control.issueAuthorizationCode(),
      shop_id: account.shopId,
    }),
    close: () => sandbox.close(),
  };
}

export function aliExpressSandboxShop(
  sandbox: AliExpressSandbox,
  client: ClientPacing,
): SandboxShop {
  const { account } = sandbox;
  return {
    marketplace: 'aliexpress',
    site: account.site,
    shopId: account.shopId,
    displayName: account.displayName,
    currency: account.currency,
    locale: account.locale,
    connectorSettings: {
      environment: 'local',
      ...account.connection,
      currency: account.currency,
      ...buckets(['default'], client.pacing),
    },
    now: () => sandbox.now(),
    issueAuthorization: () => ({ code: sandbox.control.issueAuthorizationCode() }),
    close: () => sandbox.close(),
  };
}

/** Every bucket the Amazon connector draws from (one usage plan per operation). */
const AMAZON_BUCKETS = [
  ...new Set([...Object.keys(PUBLISHED_LIMITS.amazon), ...Object.keys(AMAZON_EXTRA_LIMITS)]),
].filter((bucket) => bucket !== 'auth');

export function amazonSandboxShop(sandbox: AmazonSandbox, client: ClientPacing): SandboxShop {
  const { account } = sandbox;
  return {
    marketplace: 'amazon',
    site: account.site,
    shopId: account.shopId,
    displayName: account.displayName,
    currency: account.currency,
    locale: account.locale,
    connectorSettings: {
      ...account.connection,
      ...(client.feedPollMs === undefined ? {} : { feedPollMs: client.feedPollMs }),
      ...buckets(AMAZON_BUCKETS, client.pacing),
    },
    now: () => sandbox.now(),
    issueAuthorization: () => sandbox.control.issueAuthorization(),
    close: () => sandbox.close(),
  };
}

const EBAY_BUCKETS = ['inventory', 'fulfillment', 'identity', 'analytics', 'oauth'];

export function ebaySandboxShop(sandbox: EbaySandbox, client: ClientPacing): SandboxShop {
  const { account } = sandbox;
  return {
    marketplace: 'ebay',
    site: account.site,
    shopId: account.shopId,
    displayName: account.displayName,
    currency: account.currency,
    locale: account.locale,
    connectorSettings: { ...account.connection, ...buckets(EBAY_BUCKETS, client.pacing) },
    now: () => sandbox.now(),
    // The code as eBay's redirect carries it; the connector decodes the query once.
    issueAuthorization: () => ({
      redirectQuery: `?code=${encodeURIComponent(sandbox.control.issueAuthorizationCode())}&state=sandbox`,
    }),
    close: () => sandbox.close(),
  };
}

export function wishSandboxShop(sandbox: WishSandbox, client: ClientPacing): SandboxShop {
  const { account } = sandbox;
  return {
    marketplace: 'wish',
    site: account.site,
    shopId: account.shopId,
    displayName: account.displayName,
    currency: account.currency,
    locale: account.locale,
    connectorSettings: {
      environment: 'local',
      ...account.connection,
      ...buckets(['default'], client.pacing),
    },
    now: () => sandbox.now(),
    issueAuthorization: () => ({ code: sandbox.control.issueAuthorizationCode() }),
    close: () => sandbox.close(),
  };
}
