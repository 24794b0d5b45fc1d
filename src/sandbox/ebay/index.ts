/**
 * The fake eBay (Sell APIs: Inventory, Fulfillment; Identity; Developer Analytics; OAuth), written
 * from eBay's OpenAPI 3 contracts and ../../../../shared/marketplace-notes.md §2, never from our
 * connector. It doubles as the built-in sandbox shop: `startEbaySandbox()` serves a seeded seller
 * account on 127.0.0.1 (random port), every eBay host on the one server.
 *
 * Handle returned by startEbaySandbox:
 * - baseUrl (API host), authBaseUrl (consent host), tokenUrl; clientId, clientSecret, ruName:
 *   how to reach it and authenticate (obviously fake credentials, see EBAY_SANDBOX_CREDENTIALS);
 * - marketplaceId, currency, locale, sellerId, username;
 * - now() / advance(ms): the simulated clock (epoch ms) shared by tokens, quotas and orders;
 * - groundTruth(), writes(), stats(), exchanges() (with `recordExchanges`);
 * - faults: the kit's FaultInjector (latency, 429, 5xx, dropped connections, truncated bodies);
 * - control: consent codes, token expiry and revocation, limits, buyers' orders and the seller's
 *   own edits, orders changing while a pull runs (see control.ts);
 * - account: a ready-to-use account description for the app and `silkroute sandbox`; close().
 */
import { SimClock } from '../kit/clock.js';
import { FaultInjector, type FaultCounts, type FaultSettings } from '../kit/faults.js';
import { createRandom } from '../kit/random.js';
import type { RateLimitSettings } from '../kit/rate-limit.js';
import { startSandboxServer, type SandboxRequest, type SandboxResponse } from '../kit/server.js';
import { EbayAuthority, type AuthorityStats } from './authority.js';
import type { FakeAccount, OrderSort } from './context.js';
import { EbayControl, type PlaceOrderLine, type SellerEditChanges } from './control.js';
import { accessErrors, errorAnswer, systemErrorAnswer } from './errors.js';
import { generateShopState } from './generate.js';
import { groundTruthOf, type EbayGroundTruth } from './ground-truth.js';
import { QuotaTable, type EbayApiName } from './quota.js';
import { createEbayHandler } from './router.js';
import { ebaySite } from './sites.js';
import type { WriteRecord } from './state.js';

export { EbayControlError, type PlaceOrderLine, type SellerEditChanges } from './control.js';
export type {
  EbayGroundTruth,
  EbayGroundTruthListing,
  EbayGroundTruthOrder,
} from './ground-truth.js';
export type { WriteRecord as EbayWrite } from './state.js';
export type { EbayApiName, OrderSort };

/**
 * Obviously fake credentials: they work only against this local sandbox. Nothing here is a secret;
 * it is printed in the docs on purpose.
 */
export const EBAY_SANDBOX_CREDENTIALS = Object.freeze({
  clientId: 'Silkroute-Sandbox-SBX-NOT-A-REAL-APP-ID',
  clientSecret: 'SBX-sandbox-client-secret-NOT-A-SECRET-works-only-on-127.0.0.1',
  ruName: 'Silkroute_Sandbox-NOT-A-REAL-RuName',
  sellerId: 'sbx-seller-0001',
  username: 'silkroute_sandbox_seller',
});

/** eBay publishes daily quotas only; the fake's short-term limit per API is its own choice. */
export const EBAY_SANDBOX_DEFAULT_RATE_LIMIT: RateLimitSettings = Object.freeze({
  requestsPerSecond: 20,
  burst: 40,
});

export interface EbaySandboxOptions {
  /** Seeds ids, prices, quantities, statuses and orders (default 1). */
  seed?: number;
  /** Seeds what is sold (SKUs, titles, variations); default `seed`. */
  catalogSeed?: number;
  /** The seller's eBay user id (default EBAY_SANDBOX_CREDENTIALS.sellerId). */
  sellerId?: string;
  /** The site the account sells on (default EBAY_US). */
  marketplaceId?: string;
  items?: number;
  orders?: number;
  orderDays?: number;
  startTime?: number;
  timeScale?: number;
  /** Short-term limit per API (null = none). */
  rateLimit?: RateLimitSettings | null;
  dailyQuotas?: Partial<Record<EbayApiName, number>>;
  orderSort?: OrderSort;
  bulkMode?: 'offers' | 'one_sku';
  /** How each API answers an expired token; default 401 everywhere but Fulfillment (403/1100). */
  expiredTokenStatus?: Partial<Record<EbayApiName, 401 | 403>>;
  /** Orders changed after every getOrders page, as if buyers were busy during the pull. */
  churnPerOrdersPage?: number;
  recordExchanges?: boolean;
}

export interface EbayExchange {
  method: string;
  path: string;
  /** The query string as sent (percent-encoding untouched). */
  search: string;
  query: Record<string, string[]>;
  requestHeaders: Record<string, string>;
  requestBody: unknown;
  status: number;
  responseHeaders: Record<string, string>;
  response: unknown;
}

export interface EbaySandboxAccount {
  marketplace: 'ebay';
  site: string;
  shopId: string;
  displayName: string;
  sandbox: true;
  currency: string;
  locale: string;
  connection: {
    environment: 'local';
    apiBaseUrl: string;
    authBaseUrl: string;
    tokenUrl: string;
    clientId: string;
    clientSecret: string;
    ruName: string;
  };
  notice: string;
}

export interface EbaySandboxStats {
  requests: Record<string, number>;
  throttled: { daily: number; rate: number; injected: number };
  auth: AuthorityStats;
  faults: FaultCounts;
}

export interface EbaySandbox {
  baseUrl: string;
  authBaseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  ruName: string;
  sellerId: string;
  username: string;
  marketplaceId: string;
  currency: string;
  locale: string;
  now(): number;
  advance(simulatedMs: number): void;
  groundTruth(): EbayGroundTruth;
  faults: FaultInjector;
  control: {
    issueAuthorizationCode(): string;
    /** Where the RuName sends the seller after consent (the app's callback, in tests). */
    setAcceptUrl(url: string): void;
    expireAccessTokens(): void;
    revokeAuthorization(): void;
    setRateLimit(settings: RateLimitSettings | null): void;
    setDailyQuota(api: EbayApiName, limit: number): void;
    setOrderChurn(ordersPerPage: number): void;
    placeOrder(lines?: readonly PlaceOrderLine[]): string;
    placeRandomOrders(count: number): string[];
    cancelOrder(orderId: string): void;
    shipOrder(orderId: string, trackingNumber?: string): void;
    sellerEdit(sku: string, changes: SellerEditChanges): void;
    modifyRandomOrders(count: number): string[];
  };
  writes(): WriteRecord[];
  stats(): EbaySandboxStats;
  exchanges(): EbayExchange[];
  account: EbaySandboxAccount;
  close(): Promise<void>;
}

function checkOptions(options: EbaySandboxOptions): void {
  const integer = (name: string, value: number | undefined, min: number) => {
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= min))
      throw new RangeError(`${name} must be an integer of at least ${min}, got ${value}`);
  };
  integer('seed', options.seed, 0);
  integer('catalogSeed', options.catalogSeed, 0);
  integer('items', options.items, 0);
  integer('orders', options.orders, 0);
  integer('orderDays', options.orderDays, 1);
  integer('churnPerOrdersPage', options.churnPerOrdersPage, 0);
  if (options.sellerId !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(options.sellerId))
    throw new RangeError('sellerId must be 1-64 letters, digits, dots, dashes or underscores');
  ebaySite(options.marketplaceId ?? 'EBAY_US');
}

const HEADERS_KEPT = [
  'content-type',
  'content-language',
  'x-ebay-c-marketplace-id',
  'accept',
  'authorization',
];

function recordOf(request: SandboxRequest, answer: SandboxResponse): EbayExchange {
  const requestHeaders: Record<string, string> = {};
  for (const name of HEADERS_KEPT) {
    const value = request.headers[name];
    if (value === undefined) continue;
    // The scheme is kept (conformance checks it); the credential itself never is.
    requestHeaders[name] =
      name === 'authorization' ? `${String(value).split(' ')[0]} [redacted]` : String(value);
  }
  const query: Record<string, string[]> = {};
  for (const [key, value] of request.query) (query[key] ??= []).push(value);
  return {
    method: request.method,
    path: request.path,
    search: request.search,
    query,
    requestHeaders,
    requestBody: request.body ?? (request.bodyText === '' ? undefined : request.bodyText),
    status: answer.status,
    responseHeaders: { ...answer.headers },
    response: answer.json,
  };
}

export async function startEbaySandbox(options: EbaySandboxOptions = {}): Promise<EbaySandbox> {
  checkOptions(options);
  const seed = options.seed ?? 1;
  const marketplaceId = options.marketplaceId ?? 'EBAY_US';
  const site = ebaySite(marketplaceId);
  const sellerId = options.sellerId ?? EBAY_SANDBOX_CREDENTIALS.sellerId;
  const isDefaultSeller = sellerId === EBAY_SANDBOX_CREDENTIALS.sellerId;
  const username = isDefaultSeller ? EBAY_SANDBOX_CREDENTIALS.username : `sandbox_${sellerId}`;
  const clock = new SimClock({ startTime: options.startTime, timeScale: options.timeScale });
  const random = createRandom(seed * 7919 + 29);
  let idBase = (seed % 4096) * 1_000_000;
  for (const char of isDefaultSeller ? '' : sellerId)
    idBase = (idBase * 31 + char.charCodeAt(0)) % 4_000_000_000;
  const state = generateShopState({
    seed,
    catalogSeed: options.catalogSeed,
    items: options.items ?? 200,
    orders: options.orders ?? 300,
    orderDays: options.orderDays ?? 90,
    nowMs: clock.now(),
    marketplaceId,
    idBase,
  });
  const authority = new EbayAuthority(clock, random, EBAY_SANDBOX_CREDENTIALS);
  const quotas = new QuotaTable(
    clock,
    options.dailyQuotas ?? {},
    options.rateLimit === undefined ? EBAY_SANDBOX_DEFAULT_RATE_LIMIT : options.rateLimit,
  );
  const control = new EbayControl(state, clock, createRandom(seed * 104_729 + 11));
  const faults = new FaultInjector(seed);
  const requests: Record<string, number> = {};
  const exchanges: EbayExchange[] = [];
  let churn = options.churnPerOrdersPage ?? 0;
  let baseUrl = '';
  const account: FakeAccount = {
    state,
    clock,
    random,
    sellerId,
    username,
    baseUrl: () => baseUrl,
    orderSort: () => options.orderSort ?? 'lastmodified_asc',
    bulkMode: () => options.bulkMode ?? 'offers',
  };
  const expired = { fulfillment: 403 as const, ...options.expiredTokenStatus };
  const handle = createEbayHandler({
    account,
    authority,
    quotas,
    expiredStatus: (api) => expired[api] ?? 401,
    onRequest: (key) => {
      requests[key] = (requests[key] ?? 0) + 1;
    },
    onOrdersPage: () => {
      if (churn > 0) control.modifyRandomOrders(churn);
    },
  });
  const server = await startSandboxServer({
    clock,
    faults,
    handler: (request) => {
      const answer = handle(request);
      if (options.recordExchanges) exchanges.push(recordOf(request, answer));
      return answer;
    },
    serverError: (request) => systemErrorAnswer(request.path, random.pick([500, 502, 503])),
    rateLimited: () => errorAnswer(429, [accessErrors.tooManyRequests().detail]),
  });
  baseUrl = server.baseUrl;
  const locale = site.language;
  return {
    baseUrl,
    authBaseUrl: baseUrl,
    tokenUrl: `${baseUrl}/identity/v1/oauth2/token`,
    ...EBAY_SANDBOX_CREDENTIALS,
    sellerId,
    username,
    marketplaceId,
    currency: site.currency,
    locale,
    now: () => clock.now(),
    advance: (ms) => clock.advance(ms),
    groundTruth: () => groundTruthOf(state, clock.now()),
    faults,
    control: {
      issueAuthorizationCode: () => authority.issueCode(),
      setAcceptUrl: (url) => {
        authority.acceptUrl = new URL(url).toString();
      },
      expireAccessTokens: () => authority.expireAccessTokens(),
      revokeAuthorization: () => authority.revokeAuthorization(),
      setRateLimit: (settings) => quotas.setRateLimit(settings),
      setDailyQuota: (api, limit) => quotas.setDailyQuota(api, limit),
      setOrderChurn: (count) => {
        if (!Number.isSafeInteger(count) || count < 0)
          throw new RangeError('churn is a non-negative integer');
        churn = count;
      },
      placeOrder: (lines) => control.placeOrder(lines),
      placeRandomOrders: (count) => control.placeRandomOrders(count),
      cancelOrder: (orderId) => control.cancelOrder(orderId),
      shipOrder: (orderId, tracking) => control.shipOrder(orderId, tracking),
      sellerEdit: (sku, changes) => control.sellerEdit(sku, changes),
      modifyRandomOrders: (count) => control.modifyRandomOrders(count),
    },
    writes: () => state.writes.map((write) => ({ ...write })),
    stats: () => ({
      requests: { ...requests },
      throttled: { ...quotas.throttled, injected: faults.injected().rate_limit },
      auth: { ...authority.stats },
      faults: faults.injected(),
    }),
    exchanges: () => exchanges.slice(),
    account: {
      marketplace: 'ebay',
      site: marketplaceId,
      shopId: sellerId,
      displayName: `Sandbox seller${isDefaultSeller ? '' : ` ${sellerId}`} (eBay ${marketplaceId.slice(5)}, simulated)`,
      sandbox: true,
      currency: site.currency,
      locale,
      connection: {
        environment: 'local',
        apiBaseUrl: baseUrl,
        authBaseUrl: baseUrl,
        tokenUrl: `${baseUrl}/identity/v1/oauth2/token`,
        clientId: EBAY_SANDBOX_CREDENTIALS.clientId,
        clientSecret: EBAY_SANDBOX_CREDENTIALS.clientSecret,
        ruName: EBAY_SANDBOX_CREDENTIALS.ruName,
      },
      notice:
        'Simulated eBay seller on this computer. The credentials are fake and work only against this local sandbox.',
    },
    close: () => server.close(),
  };
}

export type { FaultSettings };
