/**
 * Orders through Orders API 2026-01-01 (Amazon's current model marks every v0 read deprecated).
 * searchOrders with lastUpdatedAfter/lastUpdatedBefore in UTC `Z` form, 100 orders per page with
 * their items inline (one call per 100 orders instead of one more per order), `includedData`
 * FULFILLMENT (status, ship-by) and PROCEEDS (totals), `paginationToken` with the same other
 * parameters.
 * - lastUpdatedBefore must be at least two minutes before now: the window's end is clamped there
 *   (the engine's next window reaches back 10 minutes, so nothing falls between windows);
 * - the checkpoint keeps the token with the bound it belongs to, so a resumed window continues
 *   the same query; an expired or refused token (24 hours) restarts the window;
 * - a page that repeats the previous one (same orders) is asked again once, then refused as a
 *   retryable failure instead of looping.
 */
import { createHash } from 'node:crypto';
import type { NormalizedOrder } from '../../shared/marketplace.js';
import type { OrderPage, OrderPageRequest, Page, PayloadProblem } from '../connector.js';
import { InvalidInputError, PermanentError, RetryableError } from '../http/errors.js';
import type { AmazonApi } from './api.js';
import { amazonTime } from './listings.js';
import { normalizeOrder } from './order-normalize.js';
import { GetOrderResponse, SearchOrdersResponse } from './schemas.js';

export const ORDERS_PAGE_SIZE = 100;
/** RECIPIENT for the delivery country only: normalizeOrder drops every other buyer detail. */
export const INCLUDED_DATA = 'FULFILLMENT,PROCEEDS,RECIPIENT';
/**
 * Amazon's two-minute rule plus a margin for our clock against theirs (ours follows their Date
 * header, which has one-second resolution and arrives after a round trip). The engine's windows
 * overlap by 10 minutes, so the margin loses nothing.
 */
const NEWEST_MS = 2 * 60_000 + 30_000;
const SEARCH = 'searchOrders';

interface Checkpoint {
  after: string;
  before: string;
  token: string;
  /** Digest of the order ids of the page just served (to spot a page served again). */
  page: string;
}

function encode(checkpoint: Checkpoint): string {
  return Buffer.from(JSON.stringify(checkpoint), 'utf8').toString('base64url');
}

function decode(text: string): Checkpoint {
  try {
    const value = JSON.parse(
      Buffer.from(text, 'base64url').toString('utf8'),
    ) as Partial<Checkpoint>;
    if (
      [value.after, value.before, value.token, value.page].every(
        (field) => typeof field === 'string',
      )
    )
      return value as Checkpoint;
  } catch {
    // below
  }
  throw new InvalidInputError('This Amazon orders checkpoint is not one the connector made', {
    marketplace: 'amazon',
    operation: SEARCH,
  });
}

function digest(orders: readonly unknown[]): string {
  const ids = orders
    .map((order) => {
      const id = (order as { orderId?: unknown }).orderId;
      return typeof id === 'string' ? id : '';
    })
    .join(',');
  return createHash('sha256').update(ids).digest('base64url').slice(0, 22);
}

export class AmazonOrders {
  constructor(private readonly api: AmazonApi) {}

  private async search(after: string, before: string, token: string | null) {
    return this.api.call(
      SEARCH,
      'orders.searchOrders',
      {
        method: 'GET',
        path: '/orders/2026-01-01/orders',
        query: {
          lastUpdatedAfter: after,
          lastUpdatedBefore: before,
          marketplaceIds: this.api.identity.marketplaceId,
          maxResultsPerPage: ORDERS_PAGE_SIZE,
          includedData: INCLUDED_DATA,
          ...(token ? { paginationToken: token } : {}),
        },
        idempotent: true,
      },
      SearchOrdersResponse,
    );
  }

  private bounds(request: OrderPageRequest): { after: string; before: string } | null {
    const from = Date.parse(request.window.from);
    const to = Date.parse(request.window.to);
    if (Number.isNaN(from) || Number.isNaN(to) || to < from)
      throw new InvalidInputError(
        `The order window ${request.window.from} – ${request.window.to} is not a valid time range`,
        { marketplace: 'amazon', operation: SEARCH },
      );
    const newest = this.api.client.clock.now() - NEWEST_MS;
    const after = Math.floor(from / 1000) * 1000;
    const before = Math.floor(Math.min(to, newest) / 1000) * 1000;
    // Nothing in this window is visible yet (it lies within Amazon's last two minutes).
    if (before < after) return null;
    return { after: amazonTime(after), before: amazonTime(before) };
  }

  async listPage(request: OrderPageRequest): Promise<OrderPage> {
    let checkpoint = request.checkpoint === null ? null : decode(request.checkpoint);
    let bounds = checkpoint ?? this.bounds(request);
    if (!bounds) return { orders: [], problems: [], checkpoint: null };
    let reply;
    try {
      reply = await this.search(bounds.after, bounds.before, checkpoint?.token ?? null);
    } catch (error) {
      if (!(error instanceof PermanentError) || error.httpStatus !== 400) throw error;
      if (checkpoint && /paginationToken/i.test(error.message)) {
        // The token expired (24 hours) or was refused: the window starts again from its beginning.
        checkpoint = null;
        reply = await this.search(bounds.after, bounds.before, null);
      } else if (!checkpoint && /two minutes/i.test(error.message)) {
        // Our clock ran ahead of Amazon's: the window ends a minute earlier (the overlap covers it).
        const before = Date.parse(bounds.before) - 60_000;
        if (before < Date.parse(bounds.after))
          return { orders: [], problems: [], checkpoint: null };
        bounds = { after: bounds.after, before: amazonTime(before) };
        reply = await this.search(bounds.after, bounds.before, null);
      } else throw error;
    }
    if (checkpoint && reply.orders.length > 0 && digest(reply.orders) === checkpoint.page) {
      reply = await this.search(bounds.after, bounds.before, checkpoint.token);
      if (digest(reply.orders) === checkpoint.page)
        throw new RetryableError(
          'Amazon served the same page of orders twice; the pull stops here and resumes later',
          {
            marketplace: 'amazon',
            operation: SEARCH,
            marketplaceCode: 'repeated_page',
          },
        );
    }
    const orders: NormalizedOrder[] = [];
    const problems: PayloadProblem[] = [];
    for (const raw of reply.orders) {
      const result = normalizeOrder(raw, this.api.identity, SEARCH);
      if ('kind' in result) problems.push(result);
      else orders.push(result);
    }
    const next = reply.pagination?.nextToken;
    return {
      orders,
      problems,
      checkpoint: next
        ? encode({
            after: bounds.after,
            before: bounds.before,
            token: next,
            page: digest(reply.orders),
          })
        : null,
    };
  }

  /** Orders by id (getOrder 2026-01-01, 0.5 per second, burst 30); unknown ids are problems. */
  async details(
    remoteIds: readonly string[],
    includedData = INCLUDED_DATA,
  ): Promise<Page<NormalizedOrder>> {
    const results = await Promise.all(remoteIds.map((id) => this.one(id, includedData)));
    const items: NormalizedOrder[] = [];
    const problems: PayloadProblem[] = [];
    for (const result of results) {
      if ('kind' in result) problems.push(result);
      else items.push(result);
    }
    return { items, problems, nextCursor: null };
  }

  async one(
    orderId: string,
    includedData = INCLUDED_DATA,
  ): Promise<NormalizedOrder | PayloadProblem> {
    if (!/^[\w-]{1,64}$/.test(orderId))
      throw new InvalidInputError(`${orderId} is not an Amazon order id`, {
        marketplace: 'amazon',
        operation: 'getOrder',
      });
    try {
      const reply = await this.api.call(
        'getOrder',
        'orders.getOrder',
        {
          method: 'GET',
          path: `/orders/2026-01-01/orders/${encodeURIComponent(orderId)}`,
          query: { includedData },
          idempotent: true,
        },
        GetOrderResponse,
      );
      return normalizeOrder(reply.order, this.api.identity, 'getOrder');
    } catch (error) {
      if (error instanceof PermanentError && error.httpStatus === 404)
        return {
          kind: 'missing',
          operation: 'getOrder',
          remoteId: orderId,
          message: `Amazon has no order ${orderId}`,
          issues: [],
          requestId: error.requestId,
          raw: null,
        };
      throw error;
    }
  }
}
