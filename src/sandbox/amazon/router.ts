/**
 * Routes of the fake Amazon: the LWA token endpoint (`POST /auth/o2/token`, form-encoded), the
 * Seller Central consent page (`/apps/authorize/consent`, which consents at once and redirects
 * with `spapi_oauth_code`, `state` and `selling_partner_id`), the presigned document storage, and
 * the SP-API operations with Amazon's paths. Every SP-API call needs a valid `x-amz-access-token`
 * (no SigV4: a signature, if sent, is ignored) and draws from its operation's usage plan; a call
 * over the plan gets 429 QuotaExceeded with `x-amzn-RateLimit-Limit`.
 */
import type { SandboxRequest, SandboxResponse } from '../kit/server.js';
import { OAuthError, type AmazonAuthority } from './authority.js';
import type { FakeContext, OperationCall } from './context.js';
import type { FeedDesk } from './feeds.js';
import { getDefinitionsProductType, schemaResource } from './definitions.js';
import { getInventorySummaries } from './fba.js';
import {
  deleteListingsItem,
  getListingsItem,
  patchListingsItem,
  putListingsItem,
  searchListingsItems,
} from './listings.js';
import { getOrder, searchOrders } from './orders.js';
import { AmazonApiError, Query, errorAnswer, errorBody, requestId } from './protocol.js';
import { confirmShipment } from './shipments.js';
import type { AmazonOperation, UsagePlans } from './usage-plans.js';

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  operation: AmazonOperation;
  handle: (call: OperationCall) => SandboxResponse;
}

export interface RouterDependencies {
  context: FakeContext;
  authority: AmazonAuthority;
  plans: UsagePlans;
  feeds: FeedDesk;
  applicationId: string;
  /** True while the next searchOrders page is to repeat the previous one (a fault). */
  repeatOrderPage: () => boolean;
  onRequest: (operation: string) => void;
  onThrottled: (operation: string) => void;
}

function route(
  method: string,
  template: string,
  operation: AmazonOperation,
  handle: Route['handle'],
): Route {
  const names: string[] = [];
  const source = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { method, pattern: new RegExp(`^${source}$`), names, operation, handle };
}

function routes(deps: RouterDependencies): Route[] {
  const { feeds } = deps;
  const listings = '/listings/2021-08-01/items/{sellerId}';
  return [
    route('GET', listings, 'searchListingsItems', searchListingsItems),
    route('GET', `${listings}/{sku}`, 'getListingsItem', getListingsItem),
    route('PUT', `${listings}/{sku}`, 'putListingsItem', putListingsItem),
    route('PATCH', `${listings}/{sku}`, 'patchListingsItem', patchListingsItem),
    route('DELETE', `${listings}/{sku}`, 'deleteListingsItem', deleteListingsItem),
    route('GET', '/orders/2026-01-01/orders', 'searchOrders', (call) =>
      searchOrders(call, deps.repeatOrderPage),
    ),
    route('GET', '/orders/2026-01-01/orders/{orderId}', 'getOrder', getOrder),
    route(
      'POST',
      '/orders/v0/orders/{orderId}/shipmentConfirmation',
      'confirmShipment',
      confirmShipment,
    ),
    route('POST', '/feeds/2021-06-30/documents', 'createFeedDocument', (call) =>
      feeds.createFeedDocument(call),
    ),
    route('GET', '/feeds/2021-06-30/documents/{feedDocumentId}', 'getFeedDocument', (call) =>
      feeds.getFeedDocument(call),
    ),
    route('POST', '/feeds/2021-06-30/feeds', 'createFeed', (call) =>
      feeds.createFeed(
        call,
        () => deps.plans.take(deps.context.state.sellerId, 'jsonListingsFeed').ok,
      ),
    ),
    route('GET', '/feeds/2021-06-30/feeds/{feedId}', 'getFeed', (call) => feeds.getFeed(call)),
    route('DELETE', '/feeds/2021-06-30/feeds/{feedId}', 'cancelFeed', (call) =>
      feeds.cancelFeed(call),
    ),
    route('GET', '/fba/inventory/v1/summaries', 'getInventorySummaries', getInventorySummaries),
    route(
      'GET',
      '/definitions/2020-09-01/productTypes/{productType}',
      'getDefinitionsProductType',
      getDefinitionsProductType,
    ),
  ];
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The operation a path names, for the throttle answer's rate-limit header. */
export function operationOf(
  deps: RouterDependencies,
  request: SandboxRequest,
): AmazonOperation | null {
  return (
    routes(deps).find(
      (candidate) => candidate.method === request.method && candidate.pattern.test(request.path),
    )?.operation ?? null
  );
}

export const QUOTA_EXCEEDED = errorBody(
  'QuotaExceeded',
  'You exceeded your quota for the requested resource.',
);

export function createAmazonHandler(deps: RouterDependencies) {
  const table = routes(deps);
  const { context, authority } = deps;
  const withHeaders = (
    answer: SandboxResponse,
    operation: AmazonOperation | null,
  ): SandboxResponse => {
    const limit = operation ? deps.plans.header(operation) : null;
    return {
      ...answer,
      headers: {
        'x-amzn-RequestId': requestId((length) => context.random.hex(length)),
        ...(limit ? { 'x-amzn-RateLimit-Limit': limit } : {}),
        ...answer.headers,
      },
    };
  };
  return (request: SandboxRequest): SandboxResponse => {
    if (request.path === '/auth/o2/token') return tokenEndpoint(deps, request);
    if (request.path === '/apps/authorize/consent') return consentPage(deps, request);
    const stored = /^\/sandbox-s3\/([^/]+)$/.exec(request.path);
    if (stored) {
      deps.onRequest(`storage.${request.method}`);
      return deps.feeds.storage(request, decode(stored[1] ?? ''));
    }
    const schema = /^\/sandbox-schemas\/([^/]+)$/.exec(request.path);
    if (schema && request.method === 'GET') {
      deps.onRequest('schemas.GET');
      return schemaResource(context, decode(schema[1] ?? ''));
    }
    let matched: { route: Route; params: Record<string, string> } | null = null;
    for (const candidate of table) {
      const found = candidate.pattern.exec(request.path);
      if (!found || candidate.method !== request.method) continue;
      const params: Record<string, string> = {};
      candidate.names.forEach((name, index) => (params[name] = decode(found[index + 1] ?? '')));
      matched = { route: candidate, params };
      break;
    }
    if (!matched)
      return withHeaders(
        {
          status: 404,
          json: errorBody('NotFound', `No operation serves ${request.method} ${request.path}.`),
        },
        null,
      );
    const { operation } = matched.route;
    deps.onRequest(operation);
    try {
      const token = request.headers['x-amz-access-token'];
      authority.checkAccess(Array.isArray(token) ? token[0] : token);
      if (!deps.plans.take(context.state.sellerId, operation).ok) {
        deps.onThrottled(operation);
        return withHeaders({ status: 429, json: QUOTA_EXCEEDED }, operation);
      }
      deps.feeds.settle();
      const answer = matched.route.handle({
        context,
        request,
        query: new Query(request.query),
        params: matched.params,
      });
      return withHeaders(answer, operation);
    } catch (error) {
      if (error instanceof AmazonApiError) {
        if (error.status === 429) deps.onThrottled(operation);
        return withHeaders(errorAnswer(error), operation);
      }
      throw error;
    }
  };
}

function tokenEndpoint(deps: RouterDependencies, request: SandboxRequest): SandboxResponse {
  deps.onRequest('lwa.token');
  const headers = { 'cache-control': 'no-store', pragma: 'no-cache' };
  if (
    request.method !== 'POST' ||
    !String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
  )
    return {
      status: 400,
      headers,
      json: {
        error: 'invalid_request',
        error_description: 'The token request must be a form-encoded POST',
      },
    };
  try {
    return {
      status: 200,
      headers,
      json: deps.authority.token(new URLSearchParams(request.bodyText)),
    };
  } catch (error) {
    if (error instanceof OAuthError)
      return {
        status: error.status,
        headers,
        json: { error: error.error, error_description: error.message },
      };
    throw error;
  }
}

function consentPage(deps: RouterDependencies, request: SandboxRequest): SandboxResponse {
  const redirect = request.query.get('redirect_uri');
  const state = request.query.get('state');
  if (
    request.query.get('application_id') !== deps.applicationId ||
    !state ||
    !redirect ||
    !/^https?:\/\//.test(redirect)
  )
    return {
      status: 400,
      text: '<html><body>This application cannot be authorised: application_id, state and redirect_uri are required.</body></html>',
    };
  const target = new URL(redirect);
  target.searchParams.set('spapi_oauth_code', deps.authority.issueCode());
  target.searchParams.set('state', state);
  target.searchParams.set('selling_partner_id', deps.context.state.sellerId);
  return { status: 302, headers: { location: target.toString() }, text: '' };
}
