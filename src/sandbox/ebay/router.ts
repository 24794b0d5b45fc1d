/**
 * Routes of the fake eBay, one server for every host eBay uses (auth.ebay.com for consent,
 * api.ebay.com / apiz.ebay.com for tokens and APIs: the paths do not overlap). For each API call,
 * in eBay's order: the route (404), the call limits (429, errorId 2001), the bearer token and its
 * scopes (401/1001, or 403/1100 where that API says so for an expired token), the marketplace
 * header, then the handler. Handler errors (EbayApiError) become eBay's `errors[]` body.
 */
import type { SandboxRequest, SandboxResponse } from '../kit/server.js';
import type { EbayAuthority } from './authority.js';
import { SCOPE_ROOT } from './authority.js';
import type { FakeAccount, HandlerInput } from './context.js';
import { EbayApiError, accessErrors, errorAnswer, invalidInventoryValue } from './errors.js';
import {
  createShippingFulfillment,
  getOrder,
  getOrders,
  getShippingFulfillment,
  getShippingFulfillments,
} from './fulfillment.js';
import {
  createOrReplaceInventoryItem,
  deleteInventoryItem,
  getInventoryItem,
  getInventoryItemGroup,
  getInventoryItems,
  getOffer,
  getOffers,
} from './inventory.js';
import { bulkUpdatePriceQuantity } from './bulk.js';
import {
  createOffer,
  publishByGroup,
  publishOffer,
  updateOffer,
  withdrawByGroup,
  withdrawOffer,
} from './offers.js';
import { API_NAMES, EBAY_APIS, type EbayApiName, type QuotaTable } from './quota.js';
import { EBAY_SITES } from './sites.js';
import { applyDueChanges } from './state.js';

type Access = 'read' | 'write' | 'identity' | 'app' | 'user';

interface Route {
  method: string;
  segments: string[];
  api: EbayApiName;
  access: Access;
  handle: (input: HandlerInput) => SandboxResponse;
}

const SCOPES: Record<EbayApiName, Record<'read' | 'write', string[]>> = {
  inventory: {
    read: [`${SCOPE_ROOT}/sell.inventory`, `${SCOPE_ROOT}/sell.inventory.readonly`],
    write: [`${SCOPE_ROOT}/sell.inventory`],
  },
  fulfillment: {
    read: [`${SCOPE_ROOT}/sell.fulfillment`, `${SCOPE_ROOT}/sell.fulfillment.readonly`],
    write: [`${SCOPE_ROOT}/sell.fulfillment`],
  },
  identity: { read: [`${SCOPE_ROOT}/commerce.identity.readonly`], write: [] },
  analytics: { read: [SCOPE_ROOT], write: [] },
};

export interface RouterDependencies {
  account: FakeAccount;
  authority: EbayAuthority;
  quotas: QuotaTable;
  /** How each API signals an expired token: 401/1001, or 403/1100 ("on some APIs"). */
  expiredStatus: (api: EbayApiName) => 401 | 403;
  onRequest: (key: string) => void;
  /** Called after a getOrders page was answered (orders may move before the next one). */
  onOrdersPage: () => void;
}

function route(
  method: string,
  path: string,
  api: EbayApiName,
  access: Access,
  handle: Route['handle'],
): Route {
  return { method, segments: path.split('/').filter(Boolean), api, access, handle };
}

const INV = '/sell/inventory/v1';
const FUL = '/sell/fulfillment/v1';

function routes(deps: RouterDependencies): Route[] {
  const { quotas, account } = deps;
  const rateLimits = (input: HandlerInput): SandboxResponse => {
    const context = input.request.query.get('api_context');
    const name = input.request.query.get('api_name');
    const report = EBAY_APIS.filter((api) => {
      const names = API_NAMES[api];
      return (
        (context === null || names.context === context) && (name === null || names.name === name)
      );
    }).map((api) => ({
      apiContext: API_NAMES[api].context,
      apiName: API_NAMES[api].name,
      apiVersion: api === 'analytics' ? 'v1_beta' : 'v1',
      resources: [
        { name: `${API_NAMES[api].context}.${API_NAMES[api].name}`, rates: [quotas.usage(api)] },
      ],
    }));
    return report.length === 0 ? { status: 204 } : { status: 200, json: { rateLimits: report } };
  };
  return [
    route('GET', `${INV}/inventory_item`, 'inventory', 'read', getInventoryItems),
    route('GET', `${INV}/inventory_item/{sku}`, 'inventory', 'read', getInventoryItem),
    route('PUT', `${INV}/inventory_item/{sku}`, 'inventory', 'write', createOrReplaceInventoryItem),
    route('DELETE', `${INV}/inventory_item/{sku}`, 'inventory', 'write', deleteInventoryItem),
    route(
      'GET',
      `${INV}/inventory_item_group/{inventoryItemGroupKey}`,
      'inventory',
      'read',
      getInventoryItemGroup,
    ),
    route('GET', `${INV}/offer`, 'inventory', 'read', getOffers),
    route('POST', `${INV}/offer`, 'inventory', 'write', createOffer),
    route(
      'POST',
      `${INV}/offer/publish_by_inventory_item_group`,
      'inventory',
      'write',
      publishByGroup,
    ),
    route(
      'POST',
      `${INV}/offer/withdraw_by_inventory_item_group`,
      'inventory',
      'write',
      withdrawByGroup,
    ),
    route('GET', `${INV}/offer/{offerId}`, 'inventory', 'read', getOffer),
    route('PUT', `${INV}/offer/{offerId}`, 'inventory', 'write', updateOffer),
    route('POST', `${INV}/offer/{offerId}/publish`, 'inventory', 'write', publishOffer),
    route('POST', `${INV}/offer/{offerId}/withdraw`, 'inventory', 'write', withdrawOffer),
    route(
      'POST',
      `${INV}/bulk_update_price_quantity`,
      'inventory',
      'write',
      bulkUpdatePriceQuantity,
    ),
    route('GET', `${FUL}/order`, 'fulfillment', 'read', getOrders),
    route('GET', `${FUL}/order/{orderId}`, 'fulfillment', 'read', getOrder),
    route(
      'GET',
      `${FUL}/order/{orderId}/shipping_fulfillment`,
      'fulfillment',
      'read',
      getShippingFulfillments,
    ),
    route(
      'POST',
      `${FUL}/order/{orderId}/shipping_fulfillment`,
      'fulfillment',
      'write',
      createShippingFulfillment,
    ),
    route(
      'GET',
      `${FUL}/order/{orderId}/shipping_fulfillment/{fulfillmentId}`,
      'fulfillment',
      'read',
      getShippingFulfillment,
    ),
    route('GET', '/commerce/identity/v1/user/', 'identity', 'identity', () => ({
      status: 200,
      json: {
        userId: account.sellerId,
        username: account.username,
        accountType: 'INDIVIDUAL',
        registrationMarketplaceId: account.state.marketplaceId,
        status: 'CONFIRMED',
      },
    })),
    route('GET', '/developer/analytics/v1_beta/rate_limit/', 'analytics', 'app', rateLimits),
    route('GET', '/developer/analytics/v1_beta/user_rate_limit/', 'analytics', 'user', rateLimits),
  ];
}

/** The route for (method, path) and its path parameters; a literal segment beats a parameter. */
function match(
  table: Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | null {
  const segments = path.split('/').filter(Boolean);
  let best: { route: Route; params: Record<string, string>; literals: number } | null = null;
  for (const candidate of table) {
    if (candidate.method !== method || candidate.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    const fits = candidate.segments.every((segment, index) => {
      const actual = segments[index]!;
      if (segment.startsWith('{')) {
        try {
          params[segment.slice(1, -1)] = decodeURIComponent(actual);
        } catch {
          return false;
        }
        return true;
      }
      literals += 1;
      return segment === actual;
    });
    if (fits && (!best || literals > best.literals)) best = { route: candidate, params, literals };
  }
  return best;
}

export function createEbayHandler(
  deps: RouterDependencies,
): (request: SandboxRequest) => SandboxResponse {
  const table = routes(deps);
  const { authority, account, quotas } = deps;
  return (request) => {
    if (request.path === '/oauth2/authorize' && request.method === 'GET') {
      deps.onRequest('GET /oauth2/authorize');
      return authority.consent(request);
    }
    if (request.path === '/identity/v1/oauth2/token' && request.method === 'POST') {
      deps.onRequest('POST /identity/v1/oauth2/token');
      return authority.tokenEndpoint(request);
    }
    const found = match(table, request.method, request.path);
    if (!found) {
      deps.onRequest(`${request.method} (unknown)`);
      return errorAnswer(404, [accessErrors.notFound(request.path).detail]);
    }
    const { route: matched, params } = found;
    deps.onRequest(`${matched.method} /${matched.segments.join('/')}`);
    try {
      const verdict = quotas.take(matched.api);
      if (!verdict.ok) throw accessErrors.tooManyRequests();
      const access = matched.access;
      if (access === 'app') authority.check(request, { kind: 'app', scopes: [SCOPE_ROOT] }, 401);
      else if (access === 'user')
        authority.check(
          request,
          { kind: 'user', scopes: [SCOPE_ROOT, ...SCOPES.inventory.read] },
          401,
        );
      else {
        const scopes = access === 'identity' ? SCOPES.identity.read : SCOPES[matched.api][access];
        authority.check(request, { kind: 'user', scopes }, deps.expiredStatus(matched.api));
      }
      const site = request.headers['x-ebay-c-marketplace-id'];
      if (site !== undefined && !EBAY_SITES[String(site)])
        throw invalidInventoryValue('X-EBAY-C-MARKETPLACE-ID');
      const nowMs = account.clock.now();
      applyDueChanges(account.state, nowMs);
      const answer = matched.handle({ account, request, params, nowMs });
      if (matched.method === 'GET' && request.path === `${FUL}/order`) deps.onOrdersPage();
      return answer;
    } catch (error) {
      if (error instanceof EbayApiError) return errorAnswer(error.status, [error.detail]);
      throw error;
    }
  };
}
