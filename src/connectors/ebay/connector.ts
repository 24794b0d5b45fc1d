/**
 * The eBay Sell APIs connector (Inventory, Fulfillment; Identity for who the seller is; Developer
 * Analytics for quotas): one account = one eBay seller on one site (EBAY_US, EBAY_GB…), assembled
 * from the HTTP kit (limiter, retries, breaker, tokens, clock) and the eBay modules. Facts:
 * ../shared/marketplace-notes.md §2 and the OpenAPI 3 contracts in marketplace-specs/ebay.
 *
 * The token endpoint and the API hosts differ (and a local sandbox serves both on 127.0.0.1), so
 * each has its own setting and its own HTTP client. Daily quotas and the revision cap are kept in
 * an EbayUsageStore the engine may back with SQLite (in memory when none is given).
 */
import { z } from 'zod';
import type { Connector, ConnectorCapabilities, RateStatus } from '../connector.js';
import { HttpClient } from '../http/client.js';
import { systemClock } from '../http/clock.js';
import { InvalidInputError, NeedsUserError } from '../http/errors.js';
import { limitFor } from '../http/limits.js';
import type { RateLimit } from '../http/limiter.js';
import { TokenManager } from '../http/tokens.js';
import type { ConnectorContext, ConnectorFactory } from '../registry.js';
import { EbayApi } from './api.js';
import { DEFAULT_SCOPES, EbayAuth, ebayConsentUrl } from './auth.js';
import { EBAY_HOSTS, ebayMarket } from './hosts.js';
import { EbayListingWrites } from './listing-writes.js';
import { EbayListings } from './listings.js';
import { EbayOrders } from './orders.js';
import { BULK_BATCH, EbayPriceQuantity } from './price-quantity.js';
import { createEbayProtocol, createEbayTokenProtocol } from './protocol.js';
import { EbayQuotaReader, type QuotaReport } from './quotas.js';
import { UserReply } from './schemas.js';
import { EbayShipping } from './shipping.js';
import { ebayUsageStoreOver } from './usage-state.js';
import {
  EBAY_API_BUCKETS,
  EbayUsage,
  InMemoryEbayUsageStore,
  type EbayApiBucket,
  type EbayUsageStore,
} from './usage.js';

const RateLimitSetting = z.object({
  requestsPerSecond: z.number().positive(),
  burst: z.number().int().min(1),
});

export const EbaySettings = z
  .object({
    /** `local` = a simulated eBay on this computer (the built-in sandbox shop). */
    environment: z.enum(['production', 'sandbox', 'local']).default('production'),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    /** The application's RuName: eBay's redirect_uri, mapped to the accept URL in its console. */
    ruName: z.string().min(1),
    scopes: z.array(z.string().url()).min(1).default(DEFAULT_SCOPES),
    /** Overrides of the hosts (a local sandbox needs all three). */
    apiBaseUrl: z.url().optional(),
    authBaseUrl: z.url().optional(),
    tokenUrl: z.url().optional(),
    /** Where getUser lives (apiz.ebay.com); defaults to apiBaseUrl for a local sandbox. */
    identityBaseUrl: z.url().optional(),
    /** Client pacing per bucket (inventory, fulfillment, identity, analytics, oauth). */
    rateLimits: z.record(z.string(), RateLimitSetting).optional(),
    /** Daily quotas per API when the account's tier differs from the default one. */
    dailyQuotas: z.partialRecord(z.enum(EBAY_API_BUCKETS), z.number().int().positive()).optional(),
    /** See price-quantity.ts: 25 offers of any SKUs per call, or one SKU per call. */
    bulkPriceQuantity: z.enum(['multi_sku', 'one_sku']).default('multi_sku'),
    timeoutMs: z.number().int().positive().optional(),
    maxSockets: z.number().int().positive().optional(),
  })
  .refine(
    (settings) =>
      settings.environment !== 'local' ||
      (settings.apiBaseUrl !== undefined &&
        settings.authBaseUrl !== undefined &&
        settings.tokenUrl !== undefined),
    { message: 'a local sandbox needs apiBaseUrl, authBaseUrl and tokenUrl', path: ['apiBaseUrl'] },
  );
export type EbaySettings = z.infer<typeof EbaySettings>;

/**
 * Client pacing. eBay publishes daily quotas only (Inventory 2,000,000 a day is ~23 a second on
 * average, Fulfillment 100,000 ~1.2); short-term limits are not published (UNCONFIRMED): these
 * keep well inside what the quotas allow, and 429s slow the bucket further.
 */
export const EBAY_RATE_LIMITS: Readonly<Record<EbayApiBucket, RateLimit>> = {
  inventory: { requestsPerSecond: 18, burst: 10 },
  fulfillment: { requestsPerSecond: 5, burst: 5 },
  identity: { requestsPerSecond: 1, burst: 2 },
  analytics: { requestsPerSecond: 1, burst: 2 },
  oauth: { requestsPerSecond: 1, burst: 3 },
};

export const EBAY_CAPABILITIES: ConnectorCapabilities = {
  listings: {
    // getInventoryItems has no changed-since filter: every pull reads every item.
    changedSince: false,
    create: true,
    createVariations: false,
    updatableFields: ['title', 'description', 'status'],
  },
  prices: { supported: true, batchSize: BULK_BATCH, onePerListing: false },
  stock: { supported: true, batchSize: BULK_BATCH, onePerListing: false },
  orders: { changedWindow: true, maxWindowDays: 730 },
  shipments: { confirm: true, tracking: true },
};

/** The eBay connector with what only eBay has. */
export interface EbayConnector extends Connector {
  /** Reads the day's quotas from the Analytics API (application token) and adopts them. */
  readQuotas(): Promise<QuotaReport[]>;
  /** Calls counted today per API, as the connector knows them. */
  callsToday(): Record<EbayApiBucket, number>;
}

export interface EbayConnectorContext extends ConnectorContext {
  /**
   * Where quotas and revisions are kept across runs; by default the context's stateStore, else
   * in memory for this connector.
   */
  usageStore?: EbayUsageStore;
}

function hostsOf(settings: EbaySettings) {
  const base = settings.environment === 'sandbox' ? EBAY_HOSTS.sandbox : EBAY_HOSTS.production;
  const api = settings.apiBaseUrl ?? base.api;
  return {
    api,
    auth: settings.authBaseUrl ?? base.auth,
    tokenUrl: settings.tokenUrl ?? base.tokenUrl,
    identity: settings.identityBaseUrl ?? (settings.environment === 'local' ? api : base.apiz),
  };
}

export function createEbayConnector(
  context: EbayConnectorContext,
  settings: EbaySettings,
): EbayConnector {
  const site = context.account.site.toUpperCase();
  const market = ebayMarket(site);
  const clock = context.clock ?? systemClock;
  const hosts = hostsOf(settings);
  const usage = new EbayUsage({
    store:
      context.usageStore ??
      (context.stateStore ? ebayUsageStoreOver(context.stateStore) : new InMemoryEbayUsageStore()),
    clientId: settings.clientId,
    accountKey: context.account.accountKey,
    clock,
    quotas: settings.dailyQuotas,
  });
  const limits = (bucket: string) =>
    limitFor('ebay', bucket, { ...EBAY_RATE_LIMITS, ...settings.rateLimits });
  const onAttempt = (spec: { bucket: string }) => {
    if ((EBAY_API_BUCKETS as readonly string[]).includes(spec.bucket))
      usage.count(spec.bucket as EbayApiBucket);
  };
  const common = {
    accountKey: context.account.accountKey,
    clock,
    limits,
    timeoutMs: settings.timeoutMs,
    maxSockets: settings.maxSockets,
  };
  const tokenClient = new HttpClient({
    ...common,
    protocol: createEbayTokenProtocol(onAttempt),
    baseUrl: new URL(hosts.tokenUrl).origin,
  });
  const auth = new EbayAuth(tokenClient, { ...settings, tokenUrl: hosts.tokenUrl });
  const tokens = new TokenManager({
    marketplace: 'ebay',
    accountKey: context.account.accountKey,
    store: context.tokenStore,
    clock,
    refresher: auth.refresher,
  });
  const protocol = createEbayProtocol({ marketplaceId: site, onAttempt });
  const client = new HttpClient({ ...common, protocol, baseUrl: hosts.api, tokens });
  const identityClient =
    hosts.identity === hosts.api
      ? client
      : new HttpClient({ ...common, protocol, baseUrl: hosts.identity, tokens });
  const api = new EbayApi(client, usage, { identity: identityClient });
  const listings = new EbayListings(api, site, market);
  listings.onListings = (pairs) => usage.rememberListings(pairs);
  const writes = new EbayListingWrites(api, site, market, listings);
  const priceQuantity = new EbayPriceQuantity(api, market, settings.bulkPriceQuantity);
  const orders = new EbayOrders(api, site);
  const shipping = new EbayShipping(api);
  const quotas = new EbayQuotaReader(api, auth);
  let shopId = context.account.shopId;

  return {
    marketplace: 'ebay',
    capabilities: EBAY_CAPABILITIES,
    consentUrl: ({ state }) =>
      // eBay sends the seller to the accept URL registered for the RuName, with `code` and `state`.
      Promise.resolve(
        ebayConsentUrl({
          authBaseUrl: hosts.auth,
          clientId: settings.clientId,
          ruName: settings.ruName,
          scopes: settings.scopes,
          state,
        }),
      ),
    async completeAuthorization(callback) {
      const redirectQuery =
        callback.redirectQuery ??
        (callback.code ? `code=${encodeURIComponent(callback.code)}` : undefined);
      if (!redirectQuery)
        throw new InvalidInputError(
          'The eBay redirect must carry its query (redirectQuery) or the code',
          { marketplace: 'ebay', operation: 'auth.authorization_code' },
        );
      await tokens.adopt(await auth.exchangeCode(redirectQuery));
      const user = await api.call({
        operation: 'identity.getUser',
        bucket: 'identity',
        method: 'GET',
        path: '/commerce/identity/v1/user/',
        idempotent: true,
        schema: UserReply,
      });
      if (shopId !== null && shopId !== user.data.userId) {
        throw new NeedsUserError(
          `This account is eBay user ${shopId}, but ${user.data.userId} was authorised`,
          'reauthorize',
          {
            marketplace: 'ebay',
            operation: 'identity.getUser',
          },
        );
      }
      shopId = user.data.userId;
      return { ...(await tokens.status()), shopId };
    },
    async refreshAuthorization() {
      await tokens.refresh();
      return tokens.status();
    },
    authStatus: () => tokens.status(),
    listListings: (request) => listings.listPage(request),
    getListing: (remoteId) => listings.getListing(remoteId),
    createListing: (input) => writes.create(input),
    updateListing: (remoteId, changes) => writes.update(remoteId, changes),
    updatePrices: (updates) => priceQuantity.updatePrices(updates),
    updateStock: (updates) => priceQuantity.updateStock(updates),
    listOrders: (request) => orders.listPage(request),
    getOrders: (remoteIds) => orders.byIds([...new Set(remoteIds)]),
    getShippingOptions: (remoteOrderId) => shipping.options(remoteOrderId),
    confirmShipment: (confirmation) => shipping.confirm(confirmation),
    readQuotas: () => quotas.read(),
    callsToday: () =>
      Object.fromEntries(EBAY_API_BUCKETS.map((bucket) => [bucket, usage.used(bucket)])) as Record<
        EbayApiBucket,
        number
      >,
    rateStatus: (): RateStatus[] =>
      [...client.limiter.snapshots()].map(([bucket, snapshot]) => ({
        bucket,
        waiting: snapshot.waiting,
        perSecond: snapshot.currentPerSecond,
      })),
    async close() {
      try {
        await usage.flush();
      } finally {
        client.close();
        if (identityClient !== client) identityClient.close();
        tokenClient.close();
      }
    },
  };
}

export const ebayConnectorFactory: ConnectorFactory<EbaySettings> = {
  marketplace: 'ebay',
  capabilities: EBAY_CAPABILITIES,
  settings: EbaySettings,
  create: createEbayConnector,
};
