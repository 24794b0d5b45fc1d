/**
 * Orders changed in a window: `aliexpress.solution.order.get` by modified date, whose filters are US
 * Pacific wall-clock text (pacific.ts chooses bounds the gateway reads as covering the window,
 * across daylight-saving changes), page numbers of 50 (the documented maximum of the older list
 * APIs; this one states none), then `order.info.get` for each order, concurrently, for its lines,
 * amounts and buyer country.
 *
 * Page numbers over a changing set: the list is newest-created first, so an order placed during the
 * walk is outside the window (modified after its end) and shifts nothing; an order modified during
 * the walk leaves the window and may shift the pages by one. The order it pushes back onto a page
 * already read is skipped by the ids kept in the checkpoint; the one it pulls forward was modified
 * after the window's end, so the next window has it.
 *
 * Checkpoint (opaque JSON): the window in ms, the next page number, the ids of the previous page.
 */
import { z } from 'zod';
import type { NormalizedOrder } from '../../shared/marketplace.js';
import type { OrderPage, OrderPageRequest, Page, PayloadProblem } from '../connector.js';
import { InvalidInputError } from '../http/errors.js';
import { idParam, type AliExpressApi, type AliExpressReply } from './api.js';
import { ReadAhead } from './read-ahead.js';
import { orderOfDetail, problem } from './normalize.js';
import { windowEndText, windowStartText } from './pacific.js';
import { OrderInfoReply, OrderListReply, OrderSummary, issueLines } from './schemas.js';

export const ORDER_PAGE_SIZE = 50;
const LIST = 'aliexpress.solution.order.get';
const INFO = 'aliexpress.solution.order.info.get';

const Checkpoint = z.object({
  v: z.literal(1),
  window: z.tuple([z.number().int(), z.number().int()]),
  page: z.number().int().min(1),
  previous: z.array(z.string()),
});
type Checkpoint = z.infer<typeof Checkpoint>;

const invalid = (message: string) =>
  new InvalidInputError(message, { marketplace: 'aliexpress', operation: LIST });

function windowMs(window: OrderPageRequest['window']): [number, number] {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  if (Number.isNaN(from) || Number.isNaN(to))
    throw invalid('The order window needs ISO-8601 times');
  if (to < from) throw invalid('The order window ends before it starts');
  return [from, to];
}

type ListReply = AliExpressReply<z.infer<typeof OrderListReply>>;

export class AliExpressOrders {
  private readonly listAhead = new ReadAhead<ListReply>();

  constructor(private readonly api: AliExpressApi) {}

  private list(checkpoint: Checkpoint): Promise<ListReply> {
    return this.api.business(
      LIST,
      {
        param0: {
          modified_date_start: windowStartText(checkpoint.window[0]),
          modified_date_end: windowEndText(checkpoint.window[1]),
          page_size: ORDER_PAGE_SIZE,
          current_page: checkpoint.page,
        },
      },
      OrderListReply,
      true,
    );
  }

  async listPage(request: OrderPageRequest): Promise<OrderPage> {
    const window = windowMs(request.window);
    const checkpoint: Checkpoint =
      request.checkpoint === null
        ? { v: 1, window, page: 1, previous: [] }
        : this.resume(request.checkpoint, window);
    const reply = await this.listAhead.take(JSON.stringify(checkpoint), () =>
      this.list(checkpoint),
    );
    const result = reply.data.result;
    if (result.success === false) {
      throw invalid(
        `AliExpress refused the order query: ${result.error_message ?? String(result.error_code ?? '')}`,
      );
    }
    const problems: PayloadProblem[] = [];
    const ids: string[] = [];
    for (const raw of result.target_list) {
      const summary = OrderSummary.safeParse(raw);
      if (!summary.success) {
        problems.push(
          problem(
            'invalid_payload',
            LIST,
            null,
            'An AliExpress order list entry could not be read',
            raw,
            reply.requestId,
            issueLines(summary.error),
          ),
        );
      } else if (!ids.includes(summary.data.order_id)) {
        ids.push(summary.data.order_id);
      }
    }
    const more = ids.length > 0 && checkpoint.page < (result.total_page ?? 0);
    const next: Checkpoint | null = more
      ? { v: 1, window, page: checkpoint.page + 1, previous: ids }
      : null;
    if (next) this.listAhead.start(JSON.stringify(next), () => this.list(next));
    const details = await this.details(ids.filter((id) => !checkpoint.previous.includes(id)));
    return {
      orders: details.items,
      problems: [...problems, ...details.problems],
      checkpoint: next ? JSON.stringify(next) : null,
    };
  }

  /** order.info.get for each id, concurrently; an order AliExpress does not return is reported. */
  async details(ids: string[]): Promise<Page<NormalizedOrder>> {
    const pages = await Promise.all(
      ids.map(async (id) => {
        if (!/^\d+$/.test(id)) {
          return {
            items: [],
            problems: [
              problem('missing', INFO, id, `"${id}" is not an AliExpress order id`, null, null),
            ],
          };
        }
        const reply = await this.api.business(
          INFO,
          { param1: { order_id: idParam(id) } },
          OrderInfoReply,
          true,
        );
        const { result } = reply.data;
        if (result.success === false || result.data === undefined) {
          const reason = result.error_message ?? String(result.error_code ?? 'no data');
          return {
            items: [],
            problems: [
              problem(
                'missing',
                INFO,
                id,
                `AliExpress did not return order ${id}: ${reason}`,
                result,
                reply.requestId,
              ),
            ],
          };
        }
        return orderOfDetail(result.data, reply.requestId);
      }),
    );
    return {
      items: pages.flatMap((page) => page.items),
      problems: pages.flatMap((page) => page.problems),
      nextCursor: null,
    };
  }

  private resume(text: string, window: [number, number]): Checkpoint {
    let parsed;
    try {
      parsed = Checkpoint.safeParse(JSON.parse(text));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) throw invalid('Not an AliExpress order checkpoint');
    if (parsed.data.window[0] !== window[0] || parsed.data.window[1] !== window[1]) {
      throw invalid('This checkpoint belongs to another order window');
    }
    return parsed.data;
  }
}
