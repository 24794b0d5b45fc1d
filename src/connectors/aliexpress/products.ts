/**
 * Reading AliExpress products. `aliexpress.solution.product.list.get` takes ONE status per query
 * and pages by number (page_size below 100); it returns summaries without SKUs, so each product is
 * then read with `product.info.get` (concurrently; the limiter paces them). A full pull walks the
 * four statuses in turn. There is no "changed since" filter (notes §6.2), so the capability is
 * declared false and such a request is refused.
 *
 * Cursor (opaque JSON): the status being walked, the next page, and the ids on the page before, so
 * a product pushed onto the next page by a new one (the list is newest first) is not read twice.
 */
import { z } from 'zod';
import type { NormalizedListing } from '../../shared/marketplace.js';
import type { ListingPageRequest, Page, PayloadProblem } from '../connector.js';
import { ConnectorError, InvalidInputError, UnsupportedError } from '../http/errors.js';
import type { AliExpressApi, AliExpressReply } from './api.js';
import { listingsOfProduct, problem } from './normalize.js';
import { ReadAhead } from './read-ahead.js';
import { ProductInfoReply, ProductListReply, ProductSummary, issueLines } from './schemas.js';

export const PRODUCT_STATUSES = ['onSelling', 'offline', 'auditing', 'editingRequired'] as const;
/** Documented as "< 100"; 50 keeps each page's burst of info calls moderate. */
export const PRODUCT_PAGE_SIZE = 50;
const LIST = 'aliexpress.solution.product.list.get';
const INFO = 'aliexpress.solution.product.info.get';

const Cursor = z.object({
  v: z.literal(1),
  status: z
    .number()
    .int()
    .min(0)
    .max(PRODUCT_STATUSES.length - 1),
  page: z.number().int().min(1),
  previous: z.array(z.string()),
});
type Cursor = z.infer<typeof Cursor>;

type ListReply = AliExpressReply<z.infer<typeof ProductListReply>>;

export class AliExpressProducts {
  private readonly listAhead = new ReadAhead<ListReply>();

  constructor(private readonly api: AliExpressApi) {}

  async listPage(request: ListingPageRequest): Promise<Page<NormalizedListing>> {
    if (request.changedSince !== null) {
      throw new UnsupportedError('AliExpress cannot list products changed since a time', {
        marketplace: 'aliexpress',
        operation: LIST,
      });
    }
    const cursor: Cursor =
      request.cursor === null
        ? { v: 1, status: 0, page: 1, previous: [] }
        : this.resume(request.cursor);
    const reply = await this.listAhead.take(JSON.stringify(cursor), () => this.list(cursor));
    const result = reply.data.result;
    const problems: PayloadProblem[] = [];
    const ids: string[] = [];
    for (const raw of result.aeop_a_e_product_display_d_t_o_list) {
      const summary = ProductSummary.safeParse(raw);
      if (!summary.success) {
        problems.push(
          problem(
            'invalid_payload',
            LIST,
            null,
            'An AliExpress product list entry could not be read',
            raw,
            reply.requestId,
            issueLines(summary.error),
          ),
        );
      } else if (!ids.includes(summary.data.product_id)) {
        ids.push(summary.data.product_id);
      }
    }
    const totalPages = result.total_page ?? 0;
    let next: Cursor | null = null;
    if (ids.length > 0 && cursor.page < totalPages) {
      next = { v: 1, status: cursor.status, page: cursor.page + 1, previous: ids };
    } else if (cursor.status + 1 < PRODUCT_STATUSES.length) {
      next = { v: 1, status: cursor.status + 1, page: 1, previous: [] };
    }
    if (next) {
      const ahead = next;
      this.listAhead.start(JSON.stringify(ahead), () => this.list(ahead));
    }
    const page = await this.products(ids.filter((id) => !cursor.previous.includes(id)));
    return {
      items: page.items,
      problems: [...problems, ...page.problems],
      nextCursor: next ? JSON.stringify(next) : null,
    };
  }

  private list(cursor: Cursor): Promise<ListReply> {
    return this.api.business(
      LIST,
      {
        aeop_a_e_product_list_query: {
          product_status_type: PRODUCT_STATUSES[cursor.status],
          current_page: cursor.page,
          page_size: PRODUCT_PAGE_SIZE,
        },
      },
      ProductListReply,
      true,
    );
  }

  async getListing(remoteId: string): Promise<Page<NormalizedListing>> {
    if (!/^\d+$/.test(remoteId)) {
      throw new InvalidInputError(`"${remoteId}" is not an AliExpress product id`, {
        marketplace: 'aliexpress',
        operation: INFO,
      });
    }
    return this.products([remoteId]);
  }

  /** product.info.get for each id, concurrently; a product that no longer exists is reported. */
  async products(ids: string[]): Promise<Page<NormalizedListing>> {
    const pages = await Promise.all(
      ids.map(async (id) => {
        try {
          const reply = await this.api.business(INFO, { product_id: id }, ProductInfoReply, true);
          return listingsOfProduct(reply.data.result, reply.requestId);
        } catch (error) {
          if (
            error instanceof ConnectorError &&
            error.kind === 'permanent' &&
            /not[-_ ]?exist|not found/i.test(
              `${error.marketplaceCode ?? ''} ${error.marketplaceMessage ?? ''}`,
            )
          ) {
            return {
              items: [],
              problems: [
                problem(
                  'missing',
                  INFO,
                  id,
                  `AliExpress product ${id} was not found`,
                  null,
                  error.requestId,
                ),
              ],
            };
          }
          throw error;
        }
      }),
    );
    return {
      items: pages.flatMap((page) => page.items),
      problems: pages.flatMap((page) => page.problems),
      nextCursor: null,
    };
  }

  private resume(text: string): Cursor {
    let parsed;
    try {
      parsed = Cursor.safeParse(JSON.parse(text));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) {
      throw new InvalidInputError('Not an AliExpress product cursor', {
        marketplace: 'aliexpress',
        operation: LIST,
      });
    }
    return parsed.data;
  }
}
