/**
 * Routes of the fake Shopee: which path is which API (method, public or shop), the auth endpoints,
 * shop info, the rate limit (Shopee publishes none; see SHOPEE_SANDBOX_DEFAULT_RATE_LIMIT) and the
 * conversion of thrown ShopeeApiError into Shopee's HTTP 200 error envelope.
 */
import type { SimClock } from '../kit/clock.js';
import type { Random } from '../kit/random.js';
import type { RateLimiterTable } from '../kit/rate-limit.js';
import type { SandboxRequest, SandboxResponse } from '../kit/server.js';
import type { ShopeeAuthority } from './authority.js';
import { getShippingParameter, shipOrder } from './logistics.js';
import { getOrderDetail, getOrderList } from './orders.js';
import {
  getItemBaseInfo,
  getItemList,
  getModelList,
  updatePrice,
  updateStock,
  type ApiContext,
} from './products.js';
import { addItem, unlistItem, updateItem } from './products-write.js';
import { Params, ShopeeApiError, failure, flatSuccess, requestId } from './protocol.js';
import { applyDueChanges, type ShopState } from './state.js';

interface Route {
  method: 'GET' | 'POST';
  kind: 'public' | 'shop';
  handle: (context: ApiContext, request: SandboxRequest) => SandboxResponse;
}

export interface RouterDependencies {
  clock: SimClock;
  random: Random;
  state: ShopState;
  authority: ShopeeAuthority;
  limiter: RateLimiterTable;
  /** HTTP status of a throttled answer; the body is always Shopee's error envelope. */
  rateLimitStatus: () => 200 | 429;
  shopName: string;
  onRequest: (path: string) => void;
  onThrottled: () => void;
}

function bodyPartnerMatches(params: Params, authority: ShopeeAuthority): void {
  if (params.int('partner_id', { required: true, min: 1 }) !== authority.partnerId) {
    throw new ShopeeApiError('invalid_partner_id', 'Invalid partner_id, please have a check.');
  }
}

function authRoutes(deps: RouterDependencies): Record<string, Route> {
  const { authority, random } = deps;
  return {
    '/api/v2/shop/auth_partner': {
      method: 'GET',
      kind: 'public',
      // The sandbox shop consents at once: the seller is sent straight back with a code.
      handle: (_context, request) => {
        const redirect = request.query.get('redirect');
        if (!redirect || !/^https?:\/\//.test(redirect)) {
          throw new ShopeeApiError(
            'error_param',
            'Wrong parameters, detail: redirect is required.',
          );
        }
        const target = new URL(redirect);
        target.searchParams.set('code', authority.issueCode());
        target.searchParams.set('shop_id', String(authority.shopId));
        return { status: 302, headers: { location: target.toString() }, text: '' };
      },
    },
    '/api/v2/auth/token/get': {
      method: 'POST',
      kind: 'public',
      handle: ({ params }) => {
        bodyPartnerMatches(params, authority);
        const code = params.string('code', { required: true })!;
        const pair = authority.exchangeCode(
          code,
          params.int('shop_id', { required: false, min: 1 }),
        );
        return flatSuccess(random, { ...pair });
      },
    },
    '/api/v2/auth/access_token/get': {
      method: 'POST',
      kind: 'public',
      handle: ({ params }) => {
        bodyPartnerMatches(params, authority);
        const token = params.string('refresh_token', { required: true })!;
        const shopId = params.int('shop_id', { required: false, min: 1 });
        const pair = authority.refresh(token, shopId);
        return flatSuccess(random, { ...pair, partner_id: authority.partnerId, shop_id: shopId });
      },
    },
    '/api/v2/shop/get_shop_info': {
      method: 'GET',
      kind: 'shop',
      handle: () =>
        flatSuccess(random, {
          shop_name: deps.shopName,
          region: deps.state.region,
          status: 'NORMAL',
          is_cb: false,
          is_sip: false,
          is_upgraded_cbsc: false,
          merchant_id: null,
          auth_time: authority.authorizedAt,
          expire_time: authority.authorizationExpiresAt,
        }),
    },
  };
}

const BUSINESS_ROUTES: Record<string, Route> = {
  '/api/v2/product/get_item_list': { method: 'GET', kind: 'shop', handle: getItemList },
  '/api/v2/product/get_item_base_info': { method: 'GET', kind: 'shop', handle: getItemBaseInfo },
  '/api/v2/product/get_model_list': { method: 'GET', kind: 'shop', handle: getModelList },
  '/api/v2/product/update_price': { method: 'POST', kind: 'shop', handle: updatePrice },
  '/api/v2/product/update_stock': { method: 'POST', kind: 'shop', handle: updateStock },
  '/api/v2/product/add_item': { method: 'POST', kind: 'shop', handle: addItem },
  '/api/v2/product/update_item': { method: 'POST', kind: 'shop', handle: updateItem },
  '/api/v2/product/unlist_item': { method: 'POST', kind: 'shop', handle: unlistItem },
  '/api/v2/order/get_order_list': { method: 'GET', kind: 'shop', handle: getOrderList },
  '/api/v2/order/get_order_detail': { method: 'GET', kind: 'shop', handle: getOrderDetail },
  '/api/v2/logistics/get_shipping_parameter': {
    method: 'GET',
    kind: 'shop',
    handle: getShippingParameter,
  },
  '/api/v2/logistics/ship_order': { method: 'POST', kind: 'shop', handle: shipOrder },
};

export function throttledAnswer(
  random: Random,
  status: 200 | 429,
  retryAfterMs: number,
): SandboxResponse {
  return {
    status,
    headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
    json: {
      request_id: requestId(random),
      error: 'error_rate_limit',
      message: 'Too many requests, please try later.',
    },
  };
}

export function serverErrorAnswer(random: Random): SandboxResponse {
  return {
    status: random.pick([500, 502, 503]),
    json: {
      request_id: requestId(random),
      error: 'error_server',
      message: 'System error. Please try again later.',
    },
  };
}

export function createShopeeHandler(
  deps: RouterDependencies,
): (request: SandboxRequest) => SandboxResponse {
  const routes: Record<string, Route> = { ...authRoutes(deps), ...BUSINESS_ROUTES };
  return (request) => {
    deps.onRequest(request.path);
    const route = routes[request.path];
    if (!route) {
      return failure(
        deps.random,
        new ShopeeApiError('error_not_found', 'Wrong parameters, detail: no such api.'),
        404,
      );
    }
    const key = request.query.get('shop_id') ?? `partner:${request.query.get('partner_id') ?? ''}`;
    const taken = deps.limiter.take(key);
    if (!taken.ok) {
      deps.onThrottled();
      return throttledAnswer(deps.random, deps.rateLimitStatus(), taken.retryAfterMs);
    }
    try {
      if (request.method !== route.method) {
        throw new ShopeeApiError('error_param', `Wrong parameters, detail: use ${route.method}.`);
      }
      deps.authority.checkCall(request, route.kind);
      // One reading of the clock per request, so the write log and update_time agree.
      const nowMs = deps.clock.now();
      const nowSeconds = Math.floor(nowMs / 1000);
      applyDueChanges(deps.state, nowSeconds);
      const context: ApiContext = {
        state: deps.state,
        random: deps.random,
        nowSeconds,
        nowMs,
        path: request.path,
        params: Params.of(request),
      };
      return route.handle(context, request);
    } catch (error) {
      if (error instanceof ShopeeApiError) return failure(deps.random, error);
      throw error;
    }
  };
}
