/**
 * Routes of the fake Wish: the OAuth endpoints (no bearer), the merchant APIs (bearer), the rate
 * limit and the envelope. Wish limits per merchant per app in a window and says how many calls
 * are left in `Wish-Rate-Limit-Remaining` on every reply; past the limit it answers HTTP 429 with
 * `Wish-Rate-Limit-Reset`, the time the window resets (sent here as epoch seconds; the format is
 * not published).
 */
import type { SimClock } from '../kit/clock.js';
import type { Random } from '../kit/random.js';
import type { SandboxRequest, SandboxResponse } from '../kit/server.js';
import type { WishAuthority } from './authority.js';
import { getOrder, listOrders, refundReasons, shipOrder, shippingCarriers } from './orders.js';
import {
  applyDueJobs,
  checkNoBody,
  getBulkUpdate,
  getProduct,
  listProducts,
  startBulkUpdate,
  updateProduct,
  type ProductContext,
} from './products.js';
import { RATE_LIMITED_CODE, WishApiError, failure, success } from './protocol.js';
import { applyDueChanges, type WishState } from './state.js';
import type { WindowLimiter } from './window-limit.js';

export interface RouterDependencies {
  clock: SimClock;
  random: Random;
  state: WishState;
  authority: WishAuthority;
  limiter: WindowLimiter;
  onRequest: (route: string) => void;
  onThrottled: () => void;
}

type Handler = (context: ProductContext, request: SandboxRequest, id: string) => SandboxResponse;

interface Route {
  method: 'GET' | 'POST' | 'PUT';
  /** A path with at most one `{id}` segment. */
  pattern: string;
  handle: Handler;
}

const OBJECT_ID = '[0-9a-f]{24}';

const MERCHANT_ROUTES: Route[] = [
  { method: 'GET', pattern: '/api/v3/products', handle: (c, r) => listProducts(c, r) },
  {
    method: 'POST',
    pattern: '/api/v3/products/bulk_update',
    handle: (c, r) => startBulkUpdate(c, r.body),
  },
  {
    method: 'GET',
    pattern: '/api/v3/products/bulk_update/{id}',
    handle: (c, _r, id) => getBulkUpdate(c, id),
  },
  { method: 'GET', pattern: '/api/v3/products/{id}', handle: (c, _r, id) => getProduct(c, id) },
  {
    method: 'PUT',
    pattern: '/api/v3/products/{id}',
    handle: (c, r, id) => updateProduct(c, id, r.body),
  },
  { method: 'GET', pattern: '/api/v3/orders', handle: (c, r) => listOrders(c, r) },
  { method: 'GET', pattern: '/api/v3/orders/shipping_carriers', handle: () => shippingCarriers() },
  { method: 'GET', pattern: '/api/v3/orders/{id}', handle: (c, _r, id) => getOrder(c, id) },
  {
    method: 'PUT',
    pattern: '/api/v3/orders/{id}/tracking',
    handle: (c, r, id) => shipOrder(c, id, r.body),
  },
  {
    method: 'GET',
    pattern: '/api/v3/orders/{id}/refund_reasons',
    handle: (c, _r, id) => refundReasons(c, id),
  },
  {
    method: 'GET',
    pattern: '/api/v3/oauth/test',
    handle: (c) => success({ merchant_id: c.state.merchantId }),
  },
];

const COMPILED = MERCHANT_ROUTES.map((route) => ({
  route,
  regex: new RegExp(`^${route.pattern.replace('{id}', `(${OBJECT_ID})`)}$`),
}));

function match(
  method: string,
  path: string,
): { route: Route; id: string } | { wrongMethod: true } | null {
  let wrongMethod = false;
  for (const { route, regex } of COMPILED) {
    const found = regex.exec(path);
    if (!found) continue;
    if (route.method === method) return { route, id: found[1] ?? '' };
    wrongMethod = true;
  }
  return wrongMethod ? { wrongMethod: true } : null;
}

export function throttledAnswer(resetAtMs: number): SandboxResponse {
  return failure(new WishApiError(RATE_LIMITED_CODE, 'Too Many Requests', 429), {
    'wish-rate-limit-remaining': '0',
    'wish-rate-limit-reset': String(Math.ceil(resetAtMs / 1000)),
  });
}

export function serverErrorAnswer(random: Random): SandboxResponse {
  return failure(
    new WishApiError(
      1000,
      'Internal server error, please try again later.',
      random.pick([500, 502, 503]),
    ),
  );
}

/** The query and the form-encoded body of an OAuth call, merged (Wish takes GET or POST). */
function oauthParams(request: SandboxRequest): URLSearchParams {
  const params = new URLSearchParams(request.query);
  const type = String(request.headers['content-type'] ?? '');
  if (request.bodyText !== '' && type.includes('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(request.bodyText)) params.set(key, value);
  } else if (
    request.body !== undefined &&
    typeof request.body === 'object' &&
    request.body !== null
  ) {
    for (const [key, value] of Object.entries(request.body)) params.set(key, String(value));
  }
  return params;
}

function oauth(deps: RouterDependencies, request: SandboxRequest): SandboxResponse | null {
  const { authority } = deps;
  switch (request.path) {
    case '/v3/oauth/authorize': {
      // The sandbox merchant consents at once and is sent back with a code.
      if (request.query.get('client_id') !== authority.clientId) {
        throw new WishApiError(10001, 'Unknown client_id.', 400);
      }
      const redirect = request.query.get('redirect_uri');
      if (!redirect || !/^https?:\/\//.test(redirect))
        throw new WishApiError(90001, 'redirect_uri is required.', 400);
      const target = new URL(redirect);
      target.searchParams.set('code', authority.issueCode());
      const state = request.query.get('state');
      if (state !== null) target.searchParams.set('state', state);
      return { status: 302, headers: { location: target.toString() }, text: '' };
    }
    case '/api/v3/oauth/access_token':
      if (request.method !== 'GET' && request.method !== 'POST') break;
      return success(authority.exchangeCode(oauthParams(request)));
    case '/api/v3/oauth/refresh_token':
      if (request.method !== 'GET' && request.method !== 'POST') break;
      return success(authority.refresh(oauthParams(request)));
    default:
      return null;
  }
  throw new WishApiError(90001, `Use GET for ${request.path}.`, 405);
}

export function createWishHandler(
  deps: RouterDependencies,
): (request: SandboxRequest) => SandboxResponse {
  return (request) => {
    try {
      const auth = oauth(deps, request);
      if (auth) {
        deps.onRequest(request.path);
        return auth;
      }
      const found = match(request.method, request.path);
      if (found === null)
        throw new WishApiError(90001, `No such API: ${request.method} ${request.path}`, 404);
      if ('wrongMethod' in found)
        throw new WishApiError(90001, `Wrong method for ${request.path}`, 405);
      deps.onRequest(`${found.route.method} ${found.route.pattern}`);
      deps.authority.checkBearer(request);
      const taken = deps.limiter.take();
      if (!taken.ok) {
        deps.onThrottled();
        return throttledAnswer(taken.resetAt);
      }
      checkNoBody(request);
      const nowMs = deps.clock.now();
      applyDueChanges(deps.state, nowMs);
      applyDueJobs(deps.state, nowMs, '/api/v3/products/bulk_update');
      const context: ProductContext = {
        state: deps.state,
        random: deps.random,
        nowMs,
        path: request.path,
      };
      const answer = found.route.handle(context, request, found.id);
      return {
        ...answer,
        headers: { ...answer.headers, 'wish-rate-limit-remaining': String(taken.remaining) },
      };
    } catch (error) {
      if (error instanceof WishApiError) return failure(error);
      throw error;
    }
  };
}
