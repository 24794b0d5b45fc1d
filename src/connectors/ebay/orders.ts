/**
 * Orders changed in a window: getOrders with `filter=lastmodifieddate:[from..to]` ONLY (eBay
 * ignores lastmodifieddate when creationdate is also sent), percent-encoded, 200 per page, offset
 * paging; line items come inside each order.
 *
 * Offset paging over a set that moves. How eBay sorts the result set is not documented, and an
 * order modified during the pull moves (its lastModifiedDate changes). The pull is built so no
 * order is lost or doubled whatever the sort:
 * - Each pass freezes its range at its start, ending LAG_MS before the marketplace's now. An order
 *   modified after that leaves the range (its new time is later), and nothing can enter it: the
 *   set only shrinks, and the orders still in it keep their relative order. So the orders already
 *   read stay a prefix of the set; removals only move the unread rest towards lower offsets.
 * - Overlap + anchor: each page is asked OVERLAP orders before where the last one ended. Its first
 *   order must be one already read (the anchor: the orders read last, each as id@lastModifiedDate,
 *   so an order that changed since counts as new); then every order after the last already-read
 *   one is new, exactly. If it is not (more orders left than the overlap covers), the page is asked
 *   again further back. This dedupes too: an order is returned once per pass in each state.
 * - Re-check window: when the window reaches the present, one more pass reads what changed after
 *   the main range ended, open-ended (`[end..]`: no future end date to refuse): the orders of the
 *   last LAG_MS and those modified during the main pass, in their new state. An order modified
 *   again while that pass runs may move past it; that change is the next window's (the engine
 *   overlaps its windows).
 *
 * The checkpoint (opaque JSON, stored by the engine with each page) holds the pass, its range, the
 * position reached and the anchor, so a pull resumes exactly where it stopped.
 */
import { z } from 'zod';
import type { NormalizedOrder } from '../../shared/marketplace.js';
import { createLogger } from '../../shared/log.js';
import { chunks } from '../batch.js';
import type { OrderPage, OrderPageRequest, Page, PayloadProblem } from '../connector.js';
import { InvalidInputError } from '../http/errors.js';
import type { EbayApi } from './api.js';
import { problem } from './listing-normalize.js';
import { ordersOf, soldOn } from './order-normalize.js';
import { OrderKey, OrdersPage, issueLines } from './schemas.js';

export const ORDER_PAGE_SIZE = 200;
export const ORDER_IDS_BATCH = 50;
/** Orders asked again at the start of each page, to see whether the set moved. */
export const OVERLAP = 10;
/** How far behind the marketplace's now a pass ends: eBay refuses end dates in the future (30850). */
export const LAG_MS = 15_000;
/** eBay keeps orders for two years; a longer window is cut to that. */
const TWO_YEARS_MS = 2 * 365 * 86_400_000 - 86_400_000;
const ANCHOR_SIZE = 2 * ORDER_PAGE_SIZE;
const MAX_STEPS_BACK = 2;
const ORDERS_PATH = '/sell/fulfillment/v1/order';
const log = createLogger('connectors.ebay.orders');

const Checkpoint = z.object({
  v: z.literal(1),
  window: z.tuple([z.number().int(), z.number().int()]),
  phase: z.enum(['main', 'recheck']),
  /** The pass's lastmodifieddate range; an open end (the re-check) is null. */
  range: z.tuple([z.number().int(), z.number().int().nullable()]),
  /** Whether the window reaches the present (then the main pass is followed by a re-check). */
  live: z.boolean(),
  /** The position just after the last order read, when it was read. */
  boundary: z.number().int().nonnegative(),
  /** Orders read last in this pass (id@lastModified in base 36 ms), oldest first. */
  anchor: z.array(z.string()),
});
type Checkpoint = z.infer<typeof Checkpoint>;

const invalid = (message: string) =>
  new InvalidInputError(message, { marketplace: 'ebay', operation: 'fulfillment.getOrders' });

const iso = (ms: number) => new Date(ms).toISOString();

export class EbayOrders {
  constructor(
    private readonly api: EbayApi,
    private readonly site: string,
  ) {}

  private now(): number {
    return this.api.client.clock.now();
  }

  async listPage(request: OrderPageRequest): Promise<OrderPage> {
    const window = windowOf(request.window);
    const checkpoint =
      request.checkpoint === null ? this.start(window) : resume(request.checkpoint, window);
    if (checkpoint === null) return { orders: [], problems: [], checkpoint: null };
    const { fresh, problems, next } = await this.readPage(checkpoint);
    const normalized = ordersOf(
      fresh.filter((raw) => soldOn(raw.raw, this.site)).map((entry) => entry.raw),
      'fulfillment.getOrders',
      null,
    );
    return {
      orders: normalized.items,
      problems: [...problems, ...normalized.problems],
      checkpoint: next ? JSON.stringify(next) : null,
    };
  }

  /** The main pass's checkpoint, or null when the window lies entirely in the last LAG_MS. */
  private start(window: [number, number]): Checkpoint | null {
    const now = this.now();
    const end = Math.min(window[1], now - LAG_MS);
    const from = Math.max(window[0], end - TWO_YEARS_MS);
    if (end < from) return null;
    return {
      v: 1,
      window,
      phase: 'main',
      range: [from, end],
      live: window[1] > end,
      boundary: 0,
      anchor: [],
    };
  }

  private async readPage(checkpoint: Checkpoint): Promise<{
    fresh: { id: string; raw: unknown }[];
    problems: PayloadProblem[];
    next: Checkpoint | null;
  }> {
    const anchor = new Set(checkpoint.anchor);
    let offset = checkpoint.anchor.length > 0 ? Math.max(0, checkpoint.boundary - OVERLAP) : 0;
    for (let stepsBack = 0; ; stepsBack++) {
      const page = await this.fetch(checkpoint.range, offset);
      const first = page.entries[0];
      const confirmed = offset === 0 || (first !== undefined && anchor.has(first.id));
      if (!confirmed && stepsBack < MAX_STEPS_BACK) {
        // More orders left the range than the overlap covers: look further back.
        offset = Math.max(0, offset - (ORDER_PAGE_SIZE - 2 * OVERLAP));
        continue;
      }
      if (!confirmed) {
        log.warn(
          'could not find where the last eBay order page ended; reading on, duplicates possible',
          {
            offset,
          },
        );
      }
      let last = -1;
      page.entries.forEach((entry, index) => {
        if (anchor.has(entry.id)) last = index;
      });
      const fresh = page.entries.slice(last + 1);
      const done =
        page.entries.length < ORDER_PAGE_SIZE ||
        (page.total !== undefined && offset + page.entries.length >= page.total);
      const next: Checkpoint | null = done
        ? this.afterPass(checkpoint)
        : {
            ...checkpoint,
            boundary: offset + page.entries.length,
            anchor: [...checkpoint.anchor, ...fresh.map((entry) => entry.id)].slice(-ANCHOR_SIZE),
          };
      return { fresh, problems: page.problems, next };
    }
  }

  /** After the main pass of a window reaching the present: the re-check pass; else done. */
  private afterPass(checkpoint: Checkpoint): Checkpoint | null {
    if (checkpoint.phase !== 'main' || !checkpoint.live || checkpoint.range[1] === null)
      return null;
    const from = checkpoint.range[1] + 1;
    return { ...checkpoint, phase: 'recheck', range: [from, null], boundary: 0, anchor: [] };
  }

  private async fetch(range: [number, number | null], offset: number) {
    const reply = await this.api.call({
      operation: 'fulfillment.getOrders',
      bucket: 'fulfillment',
      method: 'GET',
      path: ORDERS_PATH,
      // URLSearchParams percent-encodes [ ] (and : .) as eBay requires.
      query: {
        filter: `lastmodifieddate:[${iso(range[0])}..${range[1] === null ? '' : iso(range[1])}]`,
        limit: ORDER_PAGE_SIZE,
        offset,
      },
      idempotent: true,
      schema: OrdersPage,
    });
    const entries: { id: string; raw: unknown }[] = [];
    const problems: PayloadProblem[] = [];
    (reply.data.orders ?? []).forEach((raw, index) => {
      const key = OrderKey.safeParse(raw);
      const modified = key.success ? Date.parse(key.data.lastModifiedDate) : Number.NaN;
      if (key.success && !Number.isNaN(modified)) {
        entries.push({ id: `${key.data.orderId}@${modified.toString(36)}`, raw });
        return;
      }
      // It still takes a place in the set: a stand-in id keeps the positions right.
      entries.push({ id: `#unreadable@${offset + index}`, raw });
      problems.push(
        problem(
          'invalid_payload',
          'fulfillment.getOrders',
          null,
          'An eBay order entry has no id or modification time',
          raw,
          reply.requestId,
          key.success ? ['lastModifiedDate: not a time'] : issueLines(key.error),
        ),
      );
    });
    return { entries, problems, total: reply.data.total };
  }

  /** Orders with their lines by id: getOrders?orderIds= in 50s, concurrently; missing ones reported. */
  async byIds(ids: string[]): Promise<Page<NormalizedOrder>> {
    for (const id of ids)
      if (!/^[\w-]{1,40}$/.test(id)) throw invalid(`"${id}" is not an eBay order id`);
    const batches = await Promise.all(
      chunks(ids, ORDER_IDS_BATCH).map(async (batch) => {
        const reply = await this.api.call({
          operation: 'fulfillment.getOrders',
          bucket: 'fulfillment',
          method: 'GET',
          path: ORDERS_PATH,
          query: { orderIds: batch.join(',') },
          idempotent: true,
          schema: OrdersPage,
        });
        const normalized = ordersOf(
          reply.data.orders ?? [],
          'fulfillment.getOrders',
          reply.requestId,
        );
        const returned = new Set([
          ...normalized.items.map((order) => order.remoteId),
          ...normalized.problems.map((entry) => entry.remoteId),
        ]);
        for (const id of batch) {
          if (!returned.has(id))
            normalized.problems.push(
              problem(
                'missing',
                'fulfillment.getOrders',
                id,
                `eBay did not return order ${id}`,
                null,
                reply.requestId,
              ),
            );
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
}

function windowOf(window: OrderPageRequest['window']): [number, number] {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  if (Number.isNaN(from) || Number.isNaN(to))
    throw invalid('The order window needs ISO-8601 times');
  if (to < from) throw invalid('The order window ends before it starts');
  return [from, to];
}

function resume(text: string, window: [number, number]): Checkpoint {
  let parsed;
  try {
    parsed = Checkpoint.safeParse(JSON.parse(text));
  } catch {
    throw invalid('Not an eBay order checkpoint');
  }
  if (!parsed.success) throw invalid('Not an eBay order checkpoint');
  if (parsed.data.window[0] !== window[0] || parsed.data.window[1] !== window[1])
    throw invalid('This checkpoint belongs to another order window');
  return parsed.data;
}
