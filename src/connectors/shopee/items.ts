/**
 * Reading a Shopee shop's listings: get_item_list pages (offset paging, page_size at most 100, all
 * item statuses so deletions and bans are seen, optional update_time range), then
 * get_item_base_info for at most 50 items per call, then get_model_list for each item that has
 * models. The calls of one page run concurrently; the rate limiter paces them.
 *
 * Pipelining: as soon as a page's item list is known, the next page's item list and base info are
 * requested too (one page ahead, kept for a minute), so the limiter is not left idle while the
 * engine stores a page and asks for the next: the chain list → base info → models would otherwise
 * cost three round trips of idle time per page.
 */
import type { NormalizedListing } from '../../shared/marketplace.js';
import { chunks } from '../batch.js';
import type { ListingPageRequest, Page, PayloadProblem } from '../connector.js';
import {
  ConnectorError,
  InvalidInputError,
  InvalidPayloadError,
  PermanentError,
} from '../http/errors.js';
import type { ShopeeApi, ShopeeReply } from './api.js';
import type { ShopeeMarket } from './hosts.js';
import { listingsOfItem, problem, type ModelSource } from './item-normalize.js';
import {
  BaseInfoReply,
  BaseItem,
  ItemListEntry,
  ItemListReply,
  ModelListReply,
  issueLines,
} from './schemas.js';
import { ALL_ITEM_STATUSES } from './status.js';

const ITEM_LIST_PATH = '/api/v2/product/get_item_list';
const BASE_INFO_PATH = '/api/v2/product/get_item_base_info';
const MODEL_LIST_PATH = '/api/v2/product/get_model_list';
export const ITEM_PAGE_SIZE = 100;
export const BASE_INFO_BATCH = 50;
const PREFETCH_TTL_MS = 60_000;

interface ListingCursor {
  offset: number;
  /** The update_time range, frozen at the first page so later pages see the same set. */
  from: number | null;
  to: number | null;
}

type Normalized = { items: NormalizedListing[]; problems: PayloadProblem[] };
/** A base-info call's outcome; never rejects, so a prefetch nobody collects cannot go unhandled. */
type BaseOutcome = { ids: string[] } & (
  { ok: true; reply: ShopeeReply<BaseInfoReply> } | { ok: false; error: unknown }
);

interface ListedPage {
  problems: PayloadProblem[];
  nextCursor: string | null;
  bases: Promise<BaseOutcome>[];
}

function decodeCursor(text: string): ListingCursor {
  try {
    const value = JSON.parse(text) as Partial<ListingCursor>;
    const ok =
      Number.isSafeInteger(value.offset) &&
      (value.from === null || Number.isSafeInteger(value.from)) &&
      (value.to === null || Number.isSafeInteger(value.to));
    if (ok) return { offset: value.offset!, from: value.from!, to: value.to! };
  } catch {
    // fall through to the error below
  }
  throw new InvalidInputError('Not a Shopee listing cursor', {
    marketplace: 'shopee',
    operation: 'product.get_item_list',
  });
}

/** A permanent answer about one item is that item's problem; anything else fails the page. */
function itemProblem(error: unknown, itemId: string, operation: string): PayloadProblem {
  if (error instanceof PermanentError) {
    const issues = error instanceof InvalidPayloadError ? error.issues : [];
    return problem(
      'invalid_payload',
      operation,
      itemId,
      error.message,
      null,
      error.requestId,
      issues,
    );
  }
  throw error;
}

export class ShopeeItems {
  private prefetched: { cursor: string; at: number; page: Promise<ListedPage> } | null = null;

  constructor(
    private readonly api: ShopeeApi,
    private readonly market: ShopeeMarket,
  ) {}

  async listPage(request: ListingPageRequest): Promise<Page<NormalizedListing>> {
    const cursor = request.cursor ?? JSON.stringify(this.firstCursor(request.changedSince));
    const listed = await (this.takePrefetched(cursor) ?? this.list(cursor));
    if (listed.nextCursor !== null) this.prefetch(listed.nextCursor);
    const page = await this.finish(listed.bases);
    return {
      items: page.items,
      problems: [...listed.problems, ...page.problems],
      nextCursor: listed.nextCursor,
    };
  }

  /** One item with all its models. */
  async getListing(remoteId: string): Promise<Page<NormalizedListing>> {
    if (!/^\d+$/.test(remoteId)) {
      throw new InvalidInputError(`"${remoteId}" is not a Shopee item id`, {
        marketplace: 'shopee',
        operation: 'product.get_item_base_info',
      });
    }
    const page = await this.finish([this.base([remoteId])]);
    return { ...page, nextCursor: null };
  }

  private firstCursor(changedSince: string | null): ListingCursor {
    if (changedSince === null) return { offset: 0, from: null, to: null };
    const since = Date.parse(changedSince);
    if (Number.isNaN(since)) {
      throw new InvalidInputError(`changedSince "${changedSince}" is not an ISO-8601 time`, {
        marketplace: 'shopee',
        operation: 'product.get_item_list',
      });
    }
    return {
      offset: 0,
      from: Math.floor(since / 1000),
      to: Math.floor(this.api.client.clock.now() / 1000),
    };
  }

  private takePrefetched(cursor: string): Promise<ListedPage> | null {
    const entry = this.prefetched;
    this.prefetched = null;
    if (
      !entry ||
      entry.cursor !== cursor ||
      this.api.client.clock.now() - entry.at > PREFETCH_TTL_MS
    )
      return null;
    return entry.page;
  }

  private prefetch(cursor: string): void {
    const page = this.list(cursor);
    // Observed here so a prefetch that fails and is never asked for stays quiet; a caller that
    // takes it still sees the failure.
    page.catch(() => undefined);
    this.prefetched = { cursor, at: this.api.client.clock.now(), page };
  }

  /** The item list of one page; base info for its items is requested at once. */
  private async list(cursorText: string): Promise<ListedPage> {
    const cursor = decodeCursor(cursorText);
    const reply = await this.api.shopGet(
      'product.get_item_list',
      ITEM_LIST_PATH,
      {
        offset: cursor.offset,
        page_size: ITEM_PAGE_SIZE,
        item_status: ALL_ITEM_STATUSES,
        update_time_from: cursor.from ?? undefined,
        update_time_to: cursor.to ?? undefined,
      },
      ItemListReply,
    );
    const problems: PayloadProblem[] = [];
    const ids: string[] = [];
    for (const raw of reply.data.item ?? []) {
      const entry = ItemListEntry.safeParse(raw);
      if (entry.success) {
        if (!ids.includes(entry.data.item_id)) ids.push(entry.data.item_id);
      } else {
        problems.push(
          problem(
            'invalid_payload',
            'product.get_item_list',
            null,
            'A Shopee item list entry could not be read',
            raw,
            reply.requestId,
            issueLines(entry.error),
          ),
        );
      }
    }
    let nextCursor: string | null = null;
    if (reply.data.has_next_page) {
      const next = reply.data.next_offset ?? cursor.offset + (reply.data.item?.length ?? 0);
      if (next <= cursor.offset) {
        throw new InvalidPayloadError(
          'Shopee get_item_list said there is a next page but gave no later offset',
          [],
          {
            marketplace: 'shopee',
            operation: 'product.get_item_list',
            requestId: reply.requestId,
          },
        );
      }
      nextCursor = JSON.stringify({ ...cursor, offset: next });
    }
    return {
      problems,
      nextCursor,
      bases: chunks(ids, BASE_INFO_BATCH).map((batch) => this.base(batch)),
    };
  }

  private async base(ids: string[]): Promise<BaseOutcome> {
    try {
      const reply = await this.api.shopGet(
        'product.get_item_base_info',
        BASE_INFO_PATH,
        { item_id_list: ids.join(',') },
        BaseInfoReply,
      );
      return { ids, ok: true, reply };
    } catch (error) {
      return { ids, ok: false, error };
    }
  }

  /** Models for the items that have them, then normalisation; all batches concurrently. */
  private async finish(bases: Promise<BaseOutcome>[]): Promise<Normalized> {
    const batches = await Promise.all(
      bases.map(async (outcome) => this.finishBatch(await outcome)),
    );
    return {
      items: batches.flatMap((batch) => batch.items),
      problems: batches.flatMap((batch) => batch.problems),
    };
  }

  private async finishBatch(outcome: BaseOutcome): Promise<Normalized> {
    const { ids } = outcome;
    if (!outcome.ok) {
      const { error } = outcome;
      // error_item_not_found for the whole batch: every id is gone (deleted meanwhile).
      if (error instanceof ConnectorError && error.marketplaceCode === 'error_item_not_found') {
        return {
          items: [],
          problems: ids.map((id) =>
            problem(
              'missing',
              'product.get_item_base_info',
              id,
              `Shopee item ${id} was not found`,
              null,
              error.requestId,
            ),
          ),
        };
      }
      throw error;
    }
    const { reply } = outcome;
    const seen = new Set<string>();
    const results = await Promise.all(
      (reply.data.item_list ?? []).map(async (raw): Promise<Normalized> => {
        const peek = BaseItem.safeParse(raw);
        if (peek.success) seen.add(peek.data.item_id);
        let models: ModelSource | null = null;
        if (peek.success && peek.data.has_model) {
          try {
            const modelReply = await this.api.shopGet(
              'product.get_model_list',
              MODEL_LIST_PATH,
              { item_id: peek.data.item_id },
              ModelListReply,
            );
            models = { reply: modelReply.data, requestId: modelReply.requestId };
          } catch (error) {
            return {
              items: [],
              problems: [itemProblem(error, peek.data.item_id, 'product.get_model_list')],
            };
          }
        }
        return listingsOfItem({ raw, requestId: reply.requestId }, models, this.market);
      }),
    );
    const problems = results.flatMap((result) => result.problems);
    for (const id of ids) {
      if (!seen.has(id) && !problems.some((entry) => entry.remoteId === id)) {
        problems.push(
          problem(
            'missing',
            'product.get_item_base_info',
            id,
            `Shopee did not return item ${id}`,
            null,
            reply.requestId,
          ),
        );
      }
    }
    return { items: results.flatMap((result) => result.items), problems };
  }
}
