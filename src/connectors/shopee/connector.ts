/**
 * The Shopee Open Platform v2 connector: one account (shop), assembled from the HTTP kit (limiter,
 * retries, breaker, tokens, clock) and the Shopee modules (auth, items, item writes, orders,
 * logistics). Facts: ../shared/marketplace-notes.md §5 and the records in marketplace-specs/shopee.
 */
import { z } from 'zod';
import type { Connector, ConnectorCapabilities } from '../connector.js';
import { HttpClient } from '../http/client.js';
import { systemClock } from '../http/clock.js';
import { InvalidInputError, NeedsUserError } from '../http/errors.js';
import { limitFor } from '../http/limits.js';
import { TokenManager } from '../http/tokens.js';
import type { ConnectorContext, ConnectorFactory } from '../registry.js';
import { ShopeeApi } from './api.js';
import { ShopeeAuth, shopeeConsentUrl } from './auth.js';
import {
  SHOPEE_HOST_REGIONS,
  SHOPEE_PRODUCTION_HOSTS,
  SHOPEE_SANDBOX_HOSTS,
  shopeeMarket,
} from './hosts.js';
import { ShopeeItemWrites, MODEL_BATCH } from './item-writes.js';
import { ShopeeItems } from './items.js';
import { ShopeeLogistics } from './logistics.js';
import { MAX_SLICE_SECONDS, ShopeeOrders } from './orders.js';
import { createShopeeProtocol, type ShopeeIdentity } from './protocol.js';

const RateLimitSetting = z.object({
  requestsPerSecond: z.number().positive(),
  burst: z.number().int().min(1),
});

export const ShopeeSettings = z
  .object({
    /** `local` = a simulated Shopee on this computer (the built-in sandbox shop). */
    environment: z.enum(['production', 'sandbox', 'local']).default('production'),
    hostRegion: z.enum(SHOPEE_HOST_REGIONS).default('SG'),
    baseUrl: z.url().optional(),
    partnerId: z.number().int().positive(),
    partnerKey: z.string().min(1),
    /** Overrides of the conservative default limits, by bucket (`shop`, `auth`). */
    rateLimits: z.record(z.string(), RateLimitSetting).optional(),
    timeoutMs: z.number().int().positive().optional(),
    maxSockets: z.number().int().positive().optional(),
  })
  .refine((settings) => settings.environment !== 'local' || settings.baseUrl !== undefined, {
    message: 'a local sandbox needs its baseUrl',
    path: ['baseUrl'],
  });
export type ShopeeSettings = z.infer<typeof ShopeeSettings>;

export const SHOPEE_CAPABILITIES: ConnectorCapabilities = {
  listings: {
    changedSince: true,
    create: true,
    createVariations: false,
    updatableFields: ['title', 'description', 'status', 'sku'],
  },
  prices: { supported: true, batchSize: MODEL_BATCH, onePerListing: true },
  stock: { supported: true, batchSize: MODEL_BATCH, onePerListing: true },
  orders: { changedWindow: true, maxWindowDays: MAX_SLICE_SECONDS / 86_400 },
  shipments: { confirm: true, tracking: true },
};

function baseUrlOf(settings: ShopeeSettings): string {
  if (settings.baseUrl) return settings.baseUrl;
  return settings.environment === 'sandbox'
    ? SHOPEE_SANDBOX_HOSTS[settings.hostRegion]
    : SHOPEE_PRODUCTION_HOSTS[settings.hostRegion];
}

function parseShopId(text: string | null | undefined): number | null {
  if (text === null || text === undefined || !/^\d+$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

export function createShopeeConnector(
  context: ConnectorContext,
  settings: ShopeeSettings,
): Connector {
  const market = shopeeMarket(context.account.site);
  const clock = context.clock ?? systemClock;
  const identity: ShopeeIdentity = {
    partnerId: settings.partnerId,
    partnerKey: settings.partnerKey,
    shopId: parseShopId(context.account.shopId),
  };
  const baseUrl = baseUrlOf(settings);
  // The token manager and the client need each other (refreshes are HTTP calls; calls need tokens).
  let auth: ShopeeAuth | null = null;
  const tokens = new TokenManager({
    marketplace: 'shopee',
    accountKey: context.account.accountKey,
    store: context.tokenStore,
    clock,
    refresher: (current) => auth!.refresher(current),
  });
  const client = new HttpClient({
    protocol: createShopeeProtocol(() => identity),
    accountKey: context.account.accountKey,
    baseUrl,
    clock,
    limits: (bucket) => limitFor('shopee', bucket, settings.rateLimits),
    tokens,
    timeoutMs: settings.timeoutMs,
    maxSockets: settings.maxSockets,
  });
  const api = new ShopeeApi(client);
  auth = new ShopeeAuth(api, () => identity);
  const items = new ShopeeItems(api, market);
  const writes = new ShopeeItemWrites(api, market, items);
  const orders = new ShopeeOrders(api);
  const logistics = new ShopeeLogistics(api);

  return {
    marketplace: 'shopee',
    capabilities: SHOPEE_CAPABILITIES,
    consentUrl: ({ redirectUrl, state }) =>
      Promise.resolve(
        shopeeConsentUrl({
          baseUrl,
          partnerId: identity.partnerId,
          partnerKey: identity.partnerKey,
          now: client.clock.now(),
          redirectUrl,
          state,
        }),
      ),
    async completeAuthorization(callback) {
      const code = callback.code;
      const shopId = parseShopId(callback.shop_id);
      if (!code || shopId === null) {
        // A main-account authorization (main_account_id) would need a shop chosen first: not supported.
        throw new InvalidInputError('The Shopee redirect must carry code and shop_id', {
          marketplace: 'shopee',
          operation: 'auth.token_get',
        });
      }
      if (identity.shopId !== null && identity.shopId !== shopId) {
        throw new NeedsUserError(
          `This account is shop ${identity.shopId}, but shop ${shopId} was authorised`,
          'reauthorize',
          {
            marketplace: 'shopee',
            operation: 'auth.token_get',
          },
        );
      }
      identity.shopId = shopId;
      await tokens.adopt(await auth.exchangeCode(code, shopId));
      await tokens.noteAuthorizationExpiry(await auth.authorizationExpiry());
      return { ...(await tokens.status()), shopId: String(shopId) };
    },
    async refreshAuthorization() {
      await tokens.refresh();
      await tokens.noteAuthorizationExpiry(await auth.authorizationExpiry());
      return tokens.status();
    },
    authStatus: () => tokens.status(),
    listListings: (request) => items.listPage(request),
    getListing: (remoteId) => items.getListing(remoteId),
    createListing: (input) => writes.create(input),
    updateListing: (remoteId, changes) => writes.update(remoteId, changes),
    updatePrices: (updates) => writes.updatePrices(updates),
    updateStock: (updates) => writes.updateStock(updates),
    listOrders: (request) => orders.listPage(request),
    getOrders: (remoteIds) => orders.details([...new Set(remoteIds)]),
    getShippingOptions: (remoteOrderId) => logistics.shippingOptions(remoteOrderId),
    confirmShipment: (confirmation) => logistics.confirm(confirmation),
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

export const shopeeConnectorFactory: ConnectorFactory<ShopeeSettings> = {
  marketplace: 'shopee',
  capabilities: SHOPEE_CAPABILITIES,
  settings: ShopeeSettings,
  create: createShopeeConnector,
};
