/**
 * Routes of the fake IOP gateway: `/oauth/authorize` (the sandbox seller consents at once),
 * system APIs on `/rest/<path>`, business APIs on `/sync?method=<name>`. Before any API runs, the
 * gateway checks the system parameters and the signature, then the app key's daily quota (at 100 %
 * the app is banned until 24:00 Beijing time, notes §3.5) and the per-second limit (a one-second
 * ban, `ApiCallLimit`: the IOP code, UNCONFIRMED for AliExpress).
 */
import type { SimClock } from '../kit/clock.js';
import type { Random } from '../kit/random.js';
import type { RateLimiterTable } from '../kit/rate-limit.js';
import type { SandboxRequest, SandboxResponse } from '../kit/server.js';
import type { AliExpressAuthority } from './authority.js';
import { listLogisticsServices, orderFulfill, orderInfo, orderList } from './orders.js';
import { nextBeijingMidnight } from './pacific.js';
import {
  batchInventoryUpdate,
  batchPriceUpdate,
  productEdit,
  productInfo,
  productList,
  type ApiContext,
} from './products.js';
import { collectParams, errorAnswer, requestId, verifySystemParams, IopError } from './protocol.js';
import { applyDueChanges, type StoreState } from './state.js';

type Handler = (context: ApiContext) => Record<string, unknown>;

const BUSINESS: Record<string, Handler> = {
  'aliexpress.solution.product.list.get': productList,
  'aliexpress.solution.product.info.get': productInfo,
  'aliexpress.solution.product.edit': productEdit,
  'aliexpress.solution.batch.product.price.update': batchPriceUpdate,
  'aliexpress.solution.batch.product.inventory.update': batchInventoryUpdate,
  'aliexpress.solution.order.get': orderList,
  'aliexpress.solution.order.info.get': orderInfo,
  'aliexpress.solution.order.fulfill': (context) => orderFulfill(context, context.state),
  'aliexpress.logistics.redefining.listlogisticsservice': () => listLogisticsServices(),
};

export interface DailyQuota {
  /** Calls per app key per Beijing day; null = unlimited. */
  limit: number | null;
  used: number;
  /** The Beijing day (UTC ms of its midnight) `used` counts. */
  day: number;
  bannedUntil: number;
}

export interface RouterDependencies {
  clock: SimClock;
  random: Random;
  state: StoreState;
  authority: AliExpressAuthority;
  limiter: RateLimiterTable;
  quota: DailyQuota;
  app: { appKey: string; appSecret: string };
  onRequest: (api: string) => void;
  onThrottled: () => void;
}

export function serverErrorAnswer(random: Random): SandboxResponse {
  return errorAnswer(
    random,
    new IopError(
      'ServiceUnavailable',
      'The service is temporarily unavailable',
      'SYSTEM',
      null,
      503,
    ),
  );
}

export function throttledAnswer(random: Random, retryAfterMs: number): SandboxResponse {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return errorAnswer(
    random,
    new IopError(
      'ApiCallLimit',
      `The request has exceeded the limit. This ban will last ${seconds} more seconds`,
      'ISP',
    ),
  );
}

const HOUR = 3_600_000;

function checkQuota(deps: RouterDependencies, now: number): void {
  const { quota } = deps;
  const day = nextBeijingMidnight(now) - 24 * HOUR;
  if (day !== quota.day) {
    quota.day = day;
    quota.used = 0;
  }
  if (now < quota.bannedUntil || (quota.limit !== null && quota.used >= quota.limit)) {
    quota.bannedUntil = Math.max(quota.bannedUntil, nextBeijingMidnight(now));
    const seconds = Math.ceil((quota.bannedUntil - now) / 1000);
    throw new IopError(
      'ApiCallLimit',
      `The app has used its daily call quota and is banned until 24:00 Beijing time (GMT+8). This ban will last ${seconds} more seconds`,
      'ISP',
      'isp.appkey-daily-quota-exceeded',
    );
  }
  quota.used += 1;
}

function consent(deps: RouterDependencies, request: SandboxRequest): SandboxResponse {
  const query = request.query;
  const redirect = query.get('redirect_uri');
  if (query.get('response_type') !== 'code' || query.get('client_id') !== deps.app.appKey) {
    return { status: 400, text: 'response_type=code and a known client_id are required' };
  }
  if (!redirect || !/^https?:\/\//.test(redirect)) {
    return { status: 400, text: 'redirect_uri is required' };
  }
  const target = new URL(redirect);
  target.searchParams.set('code', deps.authority.issueCode());
  const state = query.get('state');
  if (state !== null) target.searchParams.set('state', state);
  return { status: 302, headers: { location: target.toString() }, text: '' };
}

function systemApi(
  deps: RouterDependencies,
  path: string,
  params: Map<string, string>,
): Record<string, unknown> {
  if (path === '/auth/token/create') {
    const code = params.get('code');
    if (!code) throw new IopError('MissingParameter', 'Missing parameter: code');
    return deps.authority.exchangeCode(code);
  }
  if (path === '/auth/token/refresh') {
    const token = params.get('refresh_token');
    if (!token) throw new IopError('MissingParameter', 'Missing parameter: refresh_token');
    return deps.authority.refresh(token);
  }
  throw new IopError('InvalidApiPath', `The API ${path} does not exist`);
}

export function createAliExpressHandler(deps: RouterDependencies) {
  const { clock, random, state, authority } = deps;
  return (request: SandboxRequest): SandboxResponse => {
    if (request.path === '/oauth/authorize' && request.method === 'GET') {
      deps.onRequest('/oauth/authorize');
      return consent(deps, request);
    }
    const system = request.path.startsWith('/rest/');
    if (!system && request.path !== '/sync') {
      return { status: 404, text: 'Not found' };
    }
    try {
      const params = collectParams(request);
      const apiName = system ? request.path.slice('/rest'.length) : (params.get('method') ?? '');
      deps.onRequest(apiName || request.path);
      if (!system && !apiName) throw new IopError('MissingParameter', 'Missing parameter: method');
      const now = clock.now();
      verifySystemParams(params, apiName, deps.app, now, authority.stats);
      checkQuota(deps, now);
      const take = deps.limiter.take(deps.app.appKey);
      if (!take.ok) {
        deps.onThrottled();
        return throttledAnswer(random, take.retryAfterMs);
      }
      const id = requestId(random);
      if (system) {
        return {
          status: 200,
          json: { ...systemApi(deps, apiName, params), code: '0', request_id: id },
        };
      }
      const handler = BUSINESS[apiName];
      if (!handler) throw new IopError('InvalidApiPath', `The API ${apiName} does not exist`);
      authority.checkAccessToken(params.get('access_token'));
      applyDueChanges(state, now);
      const payload = handler({ state, now, params, method: apiName });
      const key = `${apiName.replaceAll('.', '_')}_response`;
      return { status: 200, json: { [key]: { ...payload, request_id: id } } };
    } catch (error) {
      if (error instanceof IopError) return errorAnswer(random, error);
      throw error;
    }
  };
}
