/**
 * The Amazon Selling Partner API connector: one seller account in one marketplace, assembled from
 * the HTTP kit (limiter with the models' usage plans, retries, breaker, tokens, clock) and the
 * Amazon modules (auth, listings, listing writes and feeds, orders, shipments, FBA stock).
 * Facts: ../shared/marketplace-notes.md §1 and the models in marketplace-specs/amazon.
 *
 * The SP-API host and Login with Amazon's token endpoint differ; both (and Seller Central) can be
 * set in the settings, so a local fake can serve all three. The seller id (the consent redirect's
 * `selling_partner_id`) is the account's shop id.
 */
import { z } from 'zod';
import type { Connector, ConnectorCapabilities } from '../connector.js';
import { HttpClient } from '../http/client.js';
import { systemClock } from '../http/clock.js';
import { InvalidInputError, NeedsUserError } from '../http/errors.js';
import { TokenManager } from '../http/tokens.js';
import type { ConnectorContext, ConnectorFactory } from '../registry.js';
import { AmazonApi, type AmazonIdentity } from './api.js';
import { AmazonAuth, amazonConsentUrl } from './auth.js';
import { readTitleLimit } from './definitions.js';
import { readFbaInventory, type FbaStock } from './fba.js';
import { AmazonFeeds, MAX_FEED_MESSAGES } from './feeds.js';
import { amazonLimit } from './limits.js';
import { AmazonListingWrites } from './listing-writes.js';
import { AmazonListings } from './listings.js';
import { AmazonOrders } from './orders.js';
import { createAmazonProtocol } from './protocol.js';
import {
  AMAZON_REGIONS,
  LWA_TOKEN_URL,
  SP_API_HOSTS,
  SP_API_SANDBOX_HOSTS,
  amazonMarketplace,
} from './regions.js';
import { AmazonShipments } from './shipments.js';

const RateLimitSetting = z.object({
  requestsPerSecond: z.number().positive(),
  burst: z.number().int().min(1),
});

export const AmazonSettings = z
  .object({
    /** `local` = a simulated Amazon on this computer (the built-in sandbox shop). */
    environment: z.enum(['production', 'sandbox', 'local']).default('production'),
    /** Defaults to the marketplace's region. */
    region: z.enum(AMAZON_REGIONS).optional(),
    /** Defaults to the account's site (US, DE, JP…). */
    marketplaceId: z
      .string()
      .regex(/^[A-Z0-9]{10,14}$/)
      .optional(),
    baseUrl: z.url().optional(),
    lwaTokenUrl: z.url().optional(),
    sellerCentralUrl: z.url().optional(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    /** The app's SP-API application id (amzn1.sp.solution…), for the consent URL. */
    applicationId: z.string().min(1).optional(),
    /** Adds version=beta to the consent URL while the app is a draft. */
    betaApp: z.boolean().default(false),
    /** Overrides of the usage plans, by bucket (`orders.searchOrders`, `listings.patch`…). */
    rateLimits: z.record(z.string(), RateLimitSetting).optional(),
    /** Price/stock batches larger than this go out as one JSON_LISTINGS_FEED. */
    feedThreshold: z.number().int().min(0).max(MAX_FEED_MESSAGES).default(50),
    /** How often a submitted feed is polled (ms). */
    feedPollMs: z.number().int().min(1000).default(30_000),
    timeoutMs: z.number().int().positive().optional(),
    maxSockets: z.number().int().positive().optional(),
  })
  .refine(
    (settings) => settings.environment !== 'local' || (settings.baseUrl && settings.lwaTokenUrl),
    {
      message: 'a local sandbox needs its baseUrl and lwaTokenUrl',
      path: ['baseUrl'],
    },
  );
export type AmazonSettings = z.infer<typeof AmazonSettings>;

export const AMAZON_CAPABILITIES: ConnectorCapabilities = {
  listings: {
    changedSince: true,
    create: true,
    createVariations: false,
    updatableFields: ['title', 'description', 'languages'],
  },
  prices: { supported: true, batchSize: MAX_FEED_MESSAGES, onePerListing: false },
  stock: { supported: true, batchSize: MAX_FEED_MESSAGES, onePerListing: false },
  orders: { changedWindow: true, maxWindowDays: null },
  shipments: { confirm: true, tracking: true },
};

/** The Amazon connector: the common interface plus FBA stock. */
export interface AmazonConnector extends Connector {
  /** Amazon-fulfilled stock per SKU (all, or changed since an ISO time). */
  fbaInventory(changedSince?: string | null): Promise<FbaStock[]>;
  /** An access token for a grantless operation (client-credentials grant). */
  grantlessToken(scope: string): Promise<{ accessToken: string; expiresAt: string }>;
  /**
   * The product type's title limit in the account's marketplace (item_name maxLength of its
   * schema), or null when the schema sets none or Amazon has no such product type.
   */
  titleLimit(productType: string): Promise<number | null>;
}

export function createAmazonConnector(
  context: ConnectorContext,
  settings: AmazonSettings,
): AmazonConnector {
  const store = amazonMarketplace(settings.marketplaceId ?? context.account.site);
  if (!store)
    throw new InvalidInputError(
      `Unknown Amazon marketplace ${settings.marketplaceId ?? context.account.site}`,
      { marketplace: 'amazon', operation: 'registry.create' },
    );
  const region = settings.region ?? store.region;
  const baseUrl =
    settings.baseUrl ??
    (settings.environment === 'sandbox' ? SP_API_SANDBOX_HOSTS[region] : SP_API_HOSTS[region]);
  const identity: AmazonIdentity = {
    sellerId: context.account.shopId,
    marketplaceId: store.marketplaceId,
    currency: store.currency,
    locale: store.locale,
    fbaChannel: store.fbaChannel,
  };
  const clock = context.clock ?? systemClock;
  let auth: AmazonAuth | null = null;
  const tokens = new TokenManager({
    marketplace: 'amazon',
    accountKey: context.account.accountKey,
    store: context.tokenStore,
    clock,
    refresher: (current) => auth!.refresher(current),
  });
  const client = new HttpClient({
    protocol: createAmazonProtocol(),
    accountKey: context.account.accountKey,
    baseUrl,
    clock,
    limits: (bucket) => amazonLimit(bucket, settings.rateLimits),
    tokens,
    timeoutMs: settings.timeoutMs,
    maxSockets: settings.maxSockets,
  });
  auth = new AmazonAuth(client, {
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    tokenUrl: settings.lwaTokenUrl ?? LWA_TOKEN_URL,
  });
  const api = new AmazonApi(client, identity);
  const listings = new AmazonListings(api);
  const feeds = new AmazonFeeds(api, {
    pollMs: settings.feedPollMs,
    issueLocale: store.locale.replace('-', '_'),
  });
  const writes = new AmazonListingWrites(api, listings, feeds, {
    feedThreshold: settings.feedThreshold,
  });
  const orders = new AmazonOrders(api);
  const shipments = new AmazonShipments(api, orders);
  let lastRedirect: string | undefined;

  return {
    marketplace: 'amazon',
    capabilities: AMAZON_CAPABILITIES,
    consentUrl({ redirectUrl, state }) {
      if (!settings.applicationId)
        return Promise.reject(
          new InvalidInputError('The Amazon applicationId setting is needed for the consent URL', {
            marketplace: 'amazon',
            operation: 'auth.consent',
          }),
        );
      lastRedirect = redirectUrl;
      return Promise.resolve(
        amazonConsentUrl({
          sellerCentralUrl: settings.sellerCentralUrl ?? store.sellerCentral,
          applicationId: settings.applicationId,
          state,
          redirectUrl,
          beta: settings.betaApp,
        }),
      );
    },
    async completeAuthorization(callback) {
      const sellerId = callback.selling_partner_id;
      const code = callback.spapi_oauth_code;
      const refreshToken = callback.refresh_token;
      if (!sellerId || !/^[A-Z0-9]{5,32}$/.test(sellerId) || (!code && !refreshToken))
        throw new InvalidInputError(
          'The Amazon authorisation needs selling_partner_id and spapi_oauth_code (or a self-authorised refresh_token)',
          { marketplace: 'amazon', operation: 'auth.token' },
        );
      if (identity.sellerId !== null && identity.sellerId !== sellerId)
        throw new NeedsUserError(
          `This account is seller ${identity.sellerId}, but seller ${sellerId} was authorised`,
          'reauthorize',
          { marketplace: 'amazon', operation: 'auth.token' },
        );
      const fresh = code
        ? await auth.exchangeCode(code, callback.redirect_uri ?? lastRedirect)
        : await auth.adoptRefreshToken(refreshToken!);
      identity.sellerId = sellerId;
      await tokens.adopt(fresh);
      return { ...(await tokens.status()), shopId: sellerId };
    },
    async refreshAuthorization() {
      await tokens.refresh();
      return tokens.status();
    },
    authStatus: () => tokens.status(),
    listListings: (request) => listings.listPage(request),
    getListing: (sku) => listings.getListing(sku),
    createListing: (input) => writes.createListing(input, (sku) => listings.getListing(sku)),
    updateListing: (sku, changes) => writes.updateListing(sku, changes),
    updatePrices: (updates) => writes.updatePrices(updates),
    updateStock: (updates) => writes.updateStock(updates),
    listOrders: (request) => orders.listPage(request),
    getOrders: (remoteIds) => orders.details([...new Set(remoteIds)]),
    getShippingOptions: (remoteOrderId) => shipments.options(remoteOrderId),
    confirmShipment: (confirmation) => shipments.confirm(confirmation),
    fbaInventory: (changedSince = null) => readFbaInventory(api, changedSince),
    marketplaceStock: (changedSince) => readFbaInventory(api, changedSince),
    grantlessToken: (scope) => auth.grantlessToken(scope),
    titleLimit: (productType) => readTitleLimit(api, productType),
    rateStatus: () =>
      [...client.limiter.snapshots()].map(([bucket, snapshot]) => ({
        bucket,
        waiting: snapshot.waiting,
        perSecond: snapshot.currentPerSecond,
      })),
    close: () => {
      client.close();
      return Promise.resolve();
    },
  };
}

export const amazonConnectorFactory: ConnectorFactory<AmazonSettings> = {
  marketplace: 'amazon',
  capabilities: AMAZON_CAPABILITIES,
  settings: AmazonSettings,
  create: createAmazonConnector,
};
