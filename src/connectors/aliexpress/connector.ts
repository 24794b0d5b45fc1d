/**
 * The AliExpress Open Platform (IOP) connector: one account (store), assembled from the HTTP kit
 * (limiter, retries, breaker, tokens, clock) and the AliExpress modules (protocol and signing,
 * auth, products, product writes, orders, fulfilment). Facts: ../shared/marketplace-notes.md §3, §6.
 */
import { z } from 'zod';
import { CurrencyCode } from '../../shared/money.js';
import type { Connector, ConnectorCapabilities } from '../connector.js';
import { HttpClient } from '../http/client.js';
import { systemClock } from '../http/clock.js';
import { InvalidInputError, NeedsUserError, UnsupportedError } from '../http/errors.js';
import { limitFor } from '../http/limits.js';
import { TokenManager } from '../http/tokens.js';
import type { ConnectorContext, ConnectorFactory } from '../registry.js';
import { AliExpressApi } from './api.js';
import { AliExpressAuth, aliExpressConsentUrl } from './auth.js';
import { AliExpressFulfilment } from './fulfil.js';
import { AliExpressOrders } from './orders.js';
import { AliExpressProductWrites, PRODUCT_BATCH } from './product-writes.js';
import { AliExpressProducts } from './products.js';
import { DailyBan, createAliExpressProtocol } from './protocol.js';

/** The IOP gateway for sellers outside Russia: /sync, /rest and /oauth/authorize live here. */
export const ALIEXPRESS_PRODUCTION_URL = 'https://api-sg.aliexpress.com';

const RateLimitSetting = z.object({
  requestsPerSecond: z.number().positive(),
  burst: z.number().int().min(1),
});

export const AliExpressSettings = z
  .object({
    /** `local` = a simulated AliExpress on this computer (the built-in sandbox store). */
    environment: z.enum(['production', 'local']).default('production'),
    baseUrl: z.url().optional(),
    appKey: z.string().regex(/^\d+$/, 'the app key is a number'),
    appSecret: z.string().min(1),
    /** The currency the store prices in (AliExpress stores price in one currency, usually USD). */
    currency: CurrencyCode.default('USD'),
    /** Overrides of the conservative default limits, by bucket (`default`, `auth`). */
    rateLimits: z.record(z.string(), RateLimitSetting).optional(),
    timeoutMs: z.number().int().positive().optional(),
    maxSockets: z.number().int().positive().optional(),
  })
  .refine((settings) => settings.environment !== 'local' || settings.baseUrl !== undefined, {
    message: 'a local sandbox needs its baseUrl',
    path: ['baseUrl'],
  });
export type AliExpressSettings = z.infer<typeof AliExpressSettings>;

export const ALIEXPRESS_CAPABILITIES: ConnectorCapabilities = {
  listings: {
    changedSince: false,
    // product.post needs category mapping, brand permission, freight template and size chart
    // first (notes §3.4); not built.
    create: false,
    createVariations: false,
    updatableFields: ['title', 'description'],
  },
  // 20 products per call; several SKUs of one product ride in one product entry.
  prices: { supported: true, batchSize: PRODUCT_BATCH, onePerListing: false },
  stock: { supported: true, batchSize: PRODUCT_BATCH, onePerListing: false },
  orders: { changedWindow: true, maxWindowDays: null },
  shipments: { confirm: true, tracking: true },
};

export function createAliExpressConnector(
  context: ConnectorContext,
  settings: AliExpressSettings,
): Connector {
  const clock = context.clock ?? systemClock;
  const identity = { appKey: settings.appKey, appSecret: settings.appSecret };
  const baseUrl = settings.baseUrl ?? ALIEXPRESS_PRODUCTION_URL;
  let sellerId = context.account.shopId;
  const ban = new DailyBan();
  // The token manager and the client need each other (refreshes are HTTP calls; calls need tokens).
  let auth: AliExpressAuth | null = null;
  const tokens = new TokenManager({
    marketplace: 'aliexpress',
    accountKey: context.account.accountKey,
    store: context.tokenStore,
    clock,
    refresher: (current) => auth!.refresher(current),
  });
  const client = new HttpClient({
    protocol: createAliExpressProtocol(() => identity, ban),
    accountKey: context.account.accountKey,
    baseUrl,
    clock,
    limits: (bucket) => limitFor('aliexpress', bucket, settings.rateLimits),
    tokens,
    timeoutMs: settings.timeoutMs,
    maxSockets: settings.maxSockets,
  });
  const api = new AliExpressApi(client, ban);
  auth = new AliExpressAuth(api);
  const products = new AliExpressProducts(api);
  const writes = new AliExpressProductWrites(api, settings.currency);
  const orders = new AliExpressOrders(api);
  const fulfilment = new AliExpressFulfilment(api);

  return {
    marketplace: 'aliexpress',
    capabilities: ALIEXPRESS_CAPABILITIES,
    consentUrl: ({ redirectUrl, state }) =>
      Promise.resolve(
        aliExpressConsentUrl({ baseUrl, appKey: identity.appKey, redirectUrl, state }),
      ),
    async completeAuthorization(callback) {
      const code = callback.code;
      if (!code) {
        throw new InvalidInputError('The AliExpress redirect must carry a code', {
          marketplace: 'aliexpress',
          operation: 'auth.token_create',
        });
      }
      const authorized = await auth.exchangeCode(code);
      const granted = authorized.sellerId;
      if (sellerId !== null && granted !== null && granted !== sellerId) {
        throw new NeedsUserError(
          `This account is seller ${sellerId}, but seller ${granted} was authorised`,
          'reauthorize',
          { marketplace: 'aliexpress', operation: 'auth.token_create' },
        );
      }
      await tokens.adopt(authorized.tokens);
      sellerId = granted ?? sellerId;
      return { ...(await tokens.status()), shopId: sellerId ?? '' };
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
        new UnsupportedError('Creating AliExpress listings is not supported', {
          marketplace: 'aliexpress',
          operation: 'aliexpress.solution.product.post',
        }),
      ),
    updateListing: (remoteId, changes) => writes.update(remoteId, changes),
    updatePrices: (updates) => writes.updatePrices(updates),
    updateStock: (updates) => writes.updateStock(updates),
    listOrders: (request) => orders.listPage(request),
    getOrders: (remoteIds) => orders.details([...new Set(remoteIds)]),
    getShippingOptions: (remoteOrderId) => fulfilment.shippingOptions(remoteOrderId),
    confirmShipment: (confirmation) => fulfilment.confirm(confirmation),
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

export const aliExpressConnectorFactory: ConnectorFactory<AliExpressSettings> = {
  marketplace: 'aliexpress',
  capabilities: ALIEXPRESS_CAPABILITIES,
  settings: AliExpressSettings,
  create: createAliExpressConnector,
};
