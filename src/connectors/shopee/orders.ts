/**
 * Orders changed in a window: get_order_list by update_time in slices of at most 15 days (the API
 * refuses longer ranges), cursor paging with page_size 100, then get_order_detail for at most 50
 * order_sn per call with the optional fields we need.
 *
 * Checkpoint (opaque JSON, stored by the engine with each page): the current slice, the cursor
 * inside it, and the order_sn seen at the slice's end second. Slices share their boundary second
 * (whether Shopee's time_to is inclusive is UNCONFIRMED); an order seen at the boundary in one slice
 * is skipped in the next, so each order comes back exactly once per window whichever way Shopee
 * counts the edges.
 */
import type { NormalizedOrder } from '../../shared/marketplace.js';
import { z } from 'zod';
import { chunks } from '../batch.js';
import type { OrderPage, OrderPageRequest, Page, PayloadProblem } from '../connector.js';
import { ConnectorError, InvalidInputError, InvalidPayloadError } from '../http/errors.js';
import type { ShopeeApi } from './api.js';
import { problem } from './item-normalize.js';
import { ordersOfDetails } from './order-normalize.js';
import { OrderDetailReply, OrderListEntry, OrderListReply, issueLines } from './schemas.js';

const ORDER_LIST_PATH = '/api/v2/order/get_order_list';
const ORDER_DETAIL_PATH = '/api/v2/order/get_order_detail';
export const MAX_SLICE_SECONDS = 15 * 86_400;
export const ORDER_PAGE_SIZE = 100;
export const ORDER_DETAIL_BATCH = 50;
/** What get_order_detail should add to its default fields (others are absent unless named). */
export const ORDER_OPTIONAL_FIELDS = [
  'item_list',
  'total_amount',
  'recipient_address',
  'buyer_user_id',
  'buyer_username',
  'pay_time',
  'package_list',
  'shipping_carrier',
  'payment_method',
  'estimated_shipping_fee',
  'note',
  'cancel_by',
  'cancel_reason',
  'buyer_cancel_reason',
  'fulfillment_flag',
].join(',');

const Checkpoint = z.object({
  v: z.literal(1),
  window: z.tuple([z.number().int(), z.number().int()]),
  slice: z.tuple([z.number().int(), z.number().int()]),
  cursor: z.string(),
  /** order_sn already returned at the previous slice's end second. */
  skip: z.array(z.string()),
  /** order_sn returned in this slice whose update_time is the slice's end second. */
  atEnd: z.array(z.string()),
});
type Checkpoint = z.infer<typeof Checkpoint>;

const invalid = (message: string) =>
  new InvalidInputError(message, { marketplace: 'shopee', operation: 'order.get_order_list' });

function windowSeconds(window: OrderPageRequest['window']): [number, number] {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  if (Number.isNaN(from) || Number.isNaN(to))
    throw invalid('The order window needs ISO-8601 times');
  if (to < from) throw invalid('The order window ends before it starts');
  return [Math.floor(from / 1000), Math.floor(to / 1000)];
}

function sliceFrom(start: number, end: number): [number, number] {
  return [start, Math.min(start + MAX_SLICE_SECONDS, end)];
}

export class ShopeeOrders {
  constructor(private readonly api: ShopeeApi) {}

  async listPage(request: OrderPageRequest): Promise<OrderPage> {
    const window = windowSeconds(request.window);
    const checkpoint =
      request.checkpoint === null ? this.start(window) : this.resume(request.checkpoint, window);
    const reply = await this.api.shopGet(
      'order.get_order_list',
      ORDER_LIST_PATH,
      {
        time_range_field: 'update_time',
        time_from: checkpoint.slice[0],
        time_to: checkpoint.slice[1],
        page_size: ORDER_PAGE_SIZE,
        cursor: checkpoint.cursor,
      },
      OrderListReply,
    );
    const problems: PayloadProblem[] = [];
    const sns: string[] = [];
    for (const raw of reply.data.order_list ?? []) {
      const entry = OrderListEntry.safeParse(raw);
      if (!entry.success) {
        problems.push(
          problem(
            'invalid_payload',
            'order.get_order_list',
            null,
            'A Shopee order list entry could not be read',
            raw,
            reply.requestId,
            issueLines(entry.error),
          ),
        );
      } else if (
        !checkpoint.skip.includes(entry.data.order_sn) &&
        !sns.includes(entry.data.order_sn)
      ) {
        sns.push(entry.data.order_sn);
      }
    }
    const details = await this.details(sns);
    const sliceEnd = checkpoint.slice[1];
    const atEnd = [
      ...checkpoint.atEnd,
      ...details.items
        .filter((order) => Date.parse(order.updatedAt) / 1000 === sliceEnd)
        .map((order) => order.remoteId),
    ];
    let next: Checkpoint | null;
    if (reply.data.more) {
      const cursor = reply.data.next_cursor ?? '';
      if (cursor === '' || cursor === checkpoint.cursor) {
        throw new InvalidPayloadError(
          'Shopee get_order_list said there is more but gave no new cursor',
          [],
          {
            marketplace: 'shopee',
            operation: 'order.get_order_list',
            requestId: reply.requestId,
          },
        );
      }
      next = { ...checkpoint, cursor, atEnd };
    } else if (sliceEnd < checkpoint.window[1]) {
      next = {
        v: 1,
        window: checkpoint.window,
        slice: sliceFrom(sliceEnd, checkpoint.window[1]),
        cursor: '',
        skip: atEnd,
        atEnd: [],
      };
    } else {
      next = null;
    }
    return {
      orders: details.items,
      problems: [...problems, ...details.problems],
      checkpoint: next ? JSON.stringify(next) : null,
    };
  }

  /** Orders by order_sn: get_order_detail in 50s, concurrently; missing ones are reported. */
  async details(sns: string[]): Promise<Page<NormalizedOrder>> {
    const batches = await Promise.all(
      chunks(sns, ORDER_DETAIL_BATCH).map(async (batch) => {
        let reply;
        try {
          reply = await this.api.shopGet(
            'order.get_order_detail',
            ORDER_DETAIL_PATH,
            { order_sn_list: batch.join(','), response_optional_fields: ORDER_OPTIONAL_FIELDS },
            OrderDetailReply,
          );
        } catch (error) {
          if (
            error instanceof ConnectorError &&
            error.kind === 'permanent' &&
            /not found/i.test(error.marketplaceMessage ?? '')
          ) {
            return {
              items: [],
              problems: batch.map((sn) =>
                problem(
                  'missing',
                  'order.get_order_detail',
                  sn,
                  `Shopee order ${sn} was not found`,
                  null,
                  error.requestId,
                ),
              ),
            };
          }
          throw error;
        }
        const normalized = ordersOfDetails(reply.data.order_list ?? [], reply.requestId);
        const returned = new Set(normalized.items.map((order) => order.remoteId));
        for (const entry of normalized.problems) if (entry.remoteId) returned.add(entry.remoteId);
        for (const sn of batch) {
          if (!returned.has(sn)) {
            normalized.problems.push(
              problem(
                'missing',
                'order.get_order_detail',
                sn,
                `Shopee did not return order ${sn}`,
                null,
                reply.requestId,
              ),
            );
          }
        }
        return normalized;
      }),
    );
    return {
      items: batches.flatMap((batch) => batch.items),
      problems: batches.flatMap((batch) => batch.problems),
      nextCursor: null,
    };
  }

  private start(window: [number, number]): Checkpoint {
    return {
      v: 1,
      window,
      slice: sliceFrom(window[0], window[1]),
      cursor: '',
      skip: [],
      atEnd: [],
    };
  }

  private resume(text: string, window: [number, number]): Checkpoint {
    let parsed;
    try {
      parsed = Checkpoint.safeParse(JSON.parse(text));
    } catch {
      throw invalid('Not a Shopee order checkpoint');
    }
    if (!parsed.success) throw invalid('Not a Shopee order checkpoint');
    if (parsed.data.window[0] !== window[0] || parsed.data.window[1] !== window[1]) {
      throw invalid('This checkpoint belongs to another order window');
    }
    return parsed.data;
  }
}
