/**
 * Wish orders: GET /api/v3/orders returns full orders (one variation each, so no detail call is
 * needed) with `limit` up to 500, walked through the requested window by updated_at (window.ts;
 * ties beyond a page are walked by released_at). Shipping: PUT /api/v3/orders/{id}/tracking with
 * tracking_number, origin_country and shipping_provider (one of the carriers Wish lists). Refund
 * reasons are read only: a refund is the seller's decision, made in Wish.
 */
import type { NormalizedOrder } from '../../shared/marketplace.js';
import type {
  OrderPage,
  OrderPageRequest,
  Page,
  PayloadProblem,
  ShipmentConfirmation,
  ShipmentResult,
  ShippingOptions,
} from '../connector.js';
import { InvalidInputError, PermanentError } from '../http/errors.js';
import { z } from 'zod';
import type { WishApi } from './api.js';
import { orderOfWish, problem } from './normalize.js';
import { Carriers, Order, RefundReasons, issueLines } from './schemas.js';
import {
  advance,
  decodeWalk,
  queryOf,
  startWalk,
  WindowStuckError,
  type WindowEntry,
} from './window.js';

const LIST_PATH = '/api/v3/orders';
export const ORDER_PAGE_LIMIT = 500;
const WALK_KIND = 'wish.orders';
/** Orders that take tracking: APPROVED to ship, SHIPPED to correct the tracking. */
const SHIPPABLE = new Set(['APPROVED', 'SHIPPED']);

const iso = (ms: number) => new Date(ms).toISOString();
const invalid = (message: string, operation = 'orders.list') =>
  new InvalidInputError(message, { marketplace: 'wish', operation });

function windowOf(window: OrderPageRequest['window']): [number, number] {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  if (Number.isNaN(from) || Number.isNaN(to))
    throw invalid('The order window needs ISO-8601 times');
  if (to < from) throw invalid('The order window ends before it starts');
  return [from, to];
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof PermanentError &&
    /could not find|not found|no such/i.test(error.marketplaceMessage ?? error.message)
  );
}

export class WishOrders {
  private carriers: Promise<string[]> | null = null;

  constructor(
    private readonly api: WishApi,
    private readonly originCountry: string,
  ) {}

  async listPage(request: OrderPageRequest): Promise<OrderPage> {
    const [from, to] = windowOf(request.window);
    let walk = startWalk(WALK_KIND, from, to);
    if (request.checkpoint !== null) {
      const stored = decodeWalk(request.checkpoint, WALK_KIND);
      if (!stored) throw invalid('Not a Wish order checkpoint');
      if (stored.from !== from || stored.to !== to)
        throw invalid('This checkpoint belongs to another order window');
      walk = stored;
    }
    const query = queryOf(walk);
    const rows = await this.api.get(
      'orders.list',
      LIST_PATH,
      {
        limit: ORDER_PAGE_LIMIT,
        updated_at_min: query.primaryMin === null ? undefined : iso(query.primaryMin),
        updated_at_max: iso(query.primaryMax),
        released_at_min: query.secondaryMin === null ? undefined : iso(query.secondaryMin),
        sort_by: query.sortBy === 'primary' ? 'updated_at.asc' : 'released_at.asc',
      },
      z.array(z.unknown()),
    );
    const problems: PayloadProblem[] = [];
    const entries: WindowEntry[] = [];
    const byId = new Map<string, unknown>();
    for (const raw of rows) {
      const head = Order.pick({ id: true, updated_at: true, released_at: true }).safeParse(raw);
      const primary = head.success ? Date.parse(head.data.updated_at) : NaN;
      const secondary = head.success ? Date.parse(head.data.released_at) : NaN;
      if (!head.success || Number.isNaN(primary) || Number.isNaN(secondary)) {
        problems.push(
          problem(
            'invalid_payload',
            'orders.list',
            null,
            'A Wish order list entry could not be read',
            raw,
            head.success ? [] : issueLines(head.error),
          ),
        );
        continue;
      }
      entries.push({ id: head.data.id, primary, secondary });
      byId.set(head.data.id, raw);
    }
    let step;
    try {
      step = advance(walk, entries, rows.length, ORDER_PAGE_LIMIT);
    } catch (error) {
      if (error instanceof WindowStuckError) {
        throw new PermanentError(error.message, {
          marketplace: 'wish',
          operation: 'orders.list',
          marketplaceCode: 'window_stuck',
        });
      }
      throw error;
    }
    const orders: NormalizedOrder[] = [];
    for (const id of step.fresh) {
      const normalized = orderOfWish(byId.get(id));
      orders.push(...normalized.items);
      problems.push(...normalized.problems);
    }
    return { orders, problems, checkpoint: step.next ? JSON.stringify(step.next) : null };
  }

  /** Orders by id, concurrently; ones Wish does not know are reported as missing. */
  async getOrders(ids: string[]): Promise<Page<NormalizedOrder>> {
    const results = await Promise.all(
      ids.map(async (id) => {
        if (!/^[0-9a-fA-F]{24}$/.test(id)) {
          return {
            items: [],
            problems: [
              problem('missing', 'orders.get', id, `"${id}" is not a Wish order id`, null),
            ],
          };
        }
        try {
          return orderOfWish(
            await this.api.get('orders.get', `${LIST_PATH}/${id}`, {}, z.unknown()),
          );
        } catch (error) {
          if (isNotFound(error)) {
            return {
              items: [],
              problems: [
                problem('missing', 'orders.get', id, `Wish order ${id} was not found`, null),
              ],
            };
          }
          throw error;
        }
      }),
    );
    return {
      items: results.flatMap((r) => r.items),
      problems: results.flatMap((r) => r.problems),
      nextCursor: null,
    };
  }

  /** The carriers Wish accepts as shipping_provider (read once per connector). */
  shippingCarriers(): Promise<string[]> {
    this.carriers ??= this.api
      .get(
        'orders.shipping_carriers',
        `${LIST_PATH}/shipping_carriers`,
        { order_type: 'GENERAL' },
        Carriers,
      )
      .then((list) => list.map((carrier) => carrier.name));
    this.carriers.catch(() => {
      this.carriers = null;
    });
    return this.carriers;
  }

  async shippingOptions(remoteOrderId: string): Promise<ShippingOptions> {
    const raw = await this.api.get(
      'orders.get',
      `${LIST_PATH}/${this.checkId(remoteOrderId, 'orders.get')}`,
      {},
      Order,
    );
    const carriers = await this.shippingCarriers();
    return {
      remoteOrderId,
      // Wish has no pickup or drop-off booking: the merchant ships and uploads tracking.
      methods: SHIPPABLE.has(raw.state) ? ['tracking_only'] : [],
      raw: { state: raw.state, carriers },
    };
  }

  async confirmShipment(confirmation: ShipmentConfirmation): Promise<ShipmentResult> {
    const operation = 'orders.tracking';
    const id = this.checkId(confirmation.remoteOrderId, operation);
    const trackingNumber = confirmation.trackingNumber.trim();
    if (!/^[A-Za-z0-9]+$/.test(trackingNumber)) {
      throw invalid(
        'A Wish tracking number may only contain letters and digits, without spaces',
        operation,
      );
    }
    if (!confirmation.carrier)
      throw invalid(
        'Wish needs the carrier (shipping_provider) with the tracking number',
        operation,
      );
    const carriers = await this.shippingCarriers();
    const carrier = carriers.find(
      (name) => name.toLowerCase() === confirmation.carrier!.toLowerCase(),
    );
    if (!carrier)
      throw invalid(
        `"${confirmation.carrier}" is not one of Wish's carriers (${carriers.join(', ')})`,
        operation,
      );
    // Not repeated blindly after a lost reply (thrown with maybeApplied, retried later by the
    // engine's ship sender): Wish takes the same tracking again on a shipped order as a success.
    await this.api.send(
      operation,
      'PUT',
      `${LIST_PATH}/${id}/tracking`,
      {
        tracking_number: trackingNumber,
        origin_country: this.originCountry,
        shipping_provider: carrier,
      },
      z.unknown(),
      false,
    );
    return { remoteOrderId: id, trackingNumber, state: 'confirmed', requestId: null };
  }

  /** The refund reasons Wish offers for an order (read only). */
  async refundReasons(remoteOrderId: string): Promise<string[]> {
    const id = this.checkId(remoteOrderId, 'orders.refund_reasons');
    return this.api.get(
      'orders.refund_reasons',
      `${LIST_PATH}/${id}/refund_reasons`,
      {},
      RefundReasons,
    );
  }

  private checkId(id: string, operation: string): string {
    if (!/^[0-9a-fA-F]{24}$/.test(id)) throw invalid(`"${id}" is not a Wish order id`, operation);
    return id;
  }
}
