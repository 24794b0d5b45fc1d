/**
 * The Wish Merchant API v3 connector: one merchant account, assembled from the HTTP kit (limiter
 * steered by Wish-Rate-Limit-* headers, retries, breaker, tokens, clock) and the Wish modules
 * (auth, products, product writes, orders). Facts: ../shared/marketplace-notes.md §4 and §6.
 *
 * Declared, not faked: creating listings is not offered (Wish's CreateProduct needs images and
 * shipping settings the app does not manage yet); shipping is tracking upload only.
 */
import { z } from 'zod';
import type { Connector, ConnectorCapabilities } from '../connector.js';
import { HttpClient } from '../http/client.js';
import { systemClock } from '../http/clock.js';
import { InvalidInputError, NeedsUserError, UnsupportedError } from '../http/errors.js';
import { limitFor } from '../http/limits.js';
import { TokenManager } from '../http/tokens.js';
import type { ConnectorContext, ConnectorFactory } from '../registry.js';
import { WishApi } from './api.js';
import { WISH_PRODUCTION_HOST, WISH_SANDBOX_HOST, WishAuth, wishConsentUrl } from './auth.js';
import { WishOrders } from './orders.js';
import { BULK_PRODUCTS, WishProductWrites } from './product-writes.js';
import { WishProducts } from './products.js';
import { createWishProtocol } from './protocol.js';

const RateLimitSetting = z.object({
  requestsPerSecond: z.number().positive(),
  burst: z.number().int().min(1),
});

export const WishSettings = z
  .object({
    /** `local` = a simulated Wish on this computer (the built-in sandbox shop). */
    environment: z.enum(['production', 'sandbox', 'local']).default('production'),
    baseUrl: z.url().optional(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    /** The redirect URI registered with the Wish app (sent with the code exchange). */
    redirectUri: z.url().optional(),
    /** ISO 3166 alpha-2 country the merchant ships from (tracking upload needs it). */
    originCountry: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .default('CN'),
    /** The warehouse whose inventory the app manages; needed only for multi-warehouse merchants. */
    warehouseId: z
      .string()
      .regex(/^[0-9a-fA-F]{24}$/)
      .optional(),
    /** Overrides of the conservative default limits, by bucket (`default`, `auth`). */
    rateLimits: z.record(z.string(), RateLimitSetting).optional(),
    timeoutMs: z.number().int().positive().optional(),
    maxSockets: z.number().int().positive().optional(),
  })
  .refine((settings) => settings.environment !== 'local' || settings.baseUrl !== undefined, {
    message: 'a local sandbox needs its baseUrl',
    path: ['baseUrl'],
  });
export type WishSettings = z.infer<typeof WishSettings>;

export const WISH_CAPABILITIES: ConnectorCapabilities = {
  listings: {
    changedSince: true,
    create: false,
    createVariations: false,
    updatableFields: ['title', 'description', 'status'],
  },
  prices: { supported: true, batchSize: BULK_PRODUCTS, onePerListing: false },
  stock: { supported: true, batchSize: BULK_PRODUCTS, onePerListing: false },
  orders: { changedWindow: true, maxWindowDays: null },
  shipments: { confirm: true, tracking: true },
};

/** The Wish connector also reads an order's refund reasons (refunds themselves stay in Wish). */
export interface WishConnector extends Connector {
  refundReasons(remoteOrderId: string): Promise<string[]>;
}

function baseUrlOf(settings: WishSettings): string {
  if (settings.baseUrl) return settings.baseUrl;
  return settings.environment === 'sandbox' ? WISH_SANDBOX_HOST : WISH_PRODUCTION_HOST;
}

export function createWishConnector(
  context: ConnectorContext,
  settings: WishSettings,
): WishConnector {
  const clock = context.clock ?? systemClock;
  const baseUrl = baseUrlOf(settings);
  let merchantId = context.account.shopId;
  // The token manager and the client need each other (refreshes are HTTP calls; calls need tokens).
  let auth: WishAuth | null = null;
  const tokens = new TokenManager({
    marketplace: 'wish',
    accountKey: context.account.accountKey,
    store: context.tokenStore,
    clock,
    // 30-day tokens: refreshing a day ahead keeps a long-idle account from starting on an expired one.
    refreshMarginMs: 86_400_000,
    refresher: (current) => auth!.refresher(current),
  });
  // The protocol reads reset times against the client's own marketplace clock.
  let marketplaceNow: () => number = () => clock.now();
  const client = new HttpClient({
    protocol: createWishProtocol(() => marketplaceNow()),
    accountKey: context.account.accountKey,
    baseUrl,
    clock,
    limits: (bucket) => limitFor('wish', bucket, settings.rateLimits),
    tokens,
    timeoutMs: settings.timeoutMs,
    maxSockets: settings.maxSockets,
  });
  marketplaceNow = () => client.clock.now();
  const api = new WishApi(client, (error) => tokens.markNeedsUser(error));
  auth = new WishAuth(api, {
    baseUrl,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
  });
  const warehouseId = () => settings.warehouseId ?? null;
  const products = new WishProducts(api, warehouseId);
  const writes = new WishProductWrites(api, products, warehouseId);
  const orders = new WishOrders(api, settings.originCountry);

  return {
    marketplace: 'wish',
    capabilities: WISH_CAPABILITIES,
    consentUrl: ({ redirectUrl, state }) =>
      Promise.resolve(wishConsentUrl({ baseUrl, clientId: settings.clientId, redirectUrl, state })),
    async completeAuthorization(callback) {
      const code = callback.code;
      if (!code) {
        throw new InvalidInputError('The Wish redirect must carry code', {
          marketplace: 'wish',
          operation: 'oauth.access_token',
        });
      }
      const exchanged = await auth.exchangeCode(
        code,
        callback.redirect_uri ?? settings.redirectUri ?? null,
      );
      const authorised = exchanged.merchantId ?? merchantId;
      if (merchantId !== null && authorised !== null && authorised !== merchantId) {
        throw new NeedsUserError(
          `This account is Wish merchant ${merchantId}, but merchant ${authorised} was authorised`,
          'reauthorize',
          { marketplace: 'wish', operation: 'oauth.access_token' },
        );
      }
      if (authorised === null) {
        throw new NeedsUserError('Wish did not say which merchant was authorised', 'reauthorize', {
          marketplace: 'wish',
          operation: 'oauth.access_token',
        });
      }
      merchantId = authorised;
      await tokens.adopt(exchanged.tokens);
      return { ...(await tokens.status()), shopId: authorised };
    },
    async refreshAuthorization() {
      await tokens.refresh();
      return tokens.status();
    },
    authStatus: () => tokens.status(),
    listListings: (request) => products.listPage(request),
    getListing: (remoteId) => products.getListing(remoteId),
    createListing: () =>
      Promise.reject(
        new UnsupportedError('Creating Wish listings is not supported yet', {
          marketplace: 'wish',
          operation: 'products.create',
        }),
      ),
    updateListing: (remoteId, changes) => writes.updateListing(remoteId, changes),
    updatePrices: (updates) => writes.updatePrices(updates),
    updateStock: (updates) => writes.updateStock(updates),
    listOrders: (request) => orders.listPage(request),
    getOrders: (remoteIds) => orders.getOrders([...new Set(remoteIds)]),
    getShippingOptions: (remoteOrderId) => orders.shippingOptions(remoteOrderId),
    confirmShipment: (confirmation) => orders.confirmShipment(confirmation),
    refundReasons: (remoteOrderId) => orders.refundReasons(remoteOrderId),
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

export const wishConnectorFactory: ConnectorFactory<WishSettings> = {
  marketplace: 'wish',
  capabilities: WISH_CAPABILITIES,
  settings: WishSettings,
  create: createWishConnector,
};
