/**
 * Reading a Wish merchant's products. GET /api/v3/products lists shallow products ("without nested
 * data": no variations) with `limit` up to 1,000, walked by updated_at window (window.ts); each
 * product of a page is then read with GET /api/v3/products/{id} for its variations. The detail
 * calls of one page run concurrently and the limiter paces them.
 *
 * UNCONFIRMED: the list and detail paths (notes §4.4) and whether the list could carry variations;
 * reading each product is the choice that works either way. The asynchronous bulk_get would cost
 * fewer calls but its result file's format is not published.
 */
import type { NormalizedListing } from '../../shared/marketplace.js';
import type { ListingPageRequest, Page, PayloadProblem } from '../connector.js';
import { ConnectorError, InvalidInputError, PermanentError } from '../http/errors.js';
import type { WishApi } from './api.js';
import { listingsOfProduct, problem } from './normalize.js';
import { ProductVariation, ShallowProduct, issueLines } from './schemas.js';
import {
  advance,
  decodeWalk,
  queryOf,
  startWalk,
  WindowStuckError,
  type WindowEntry,
} from './window.js';
import { z } from 'zod';

const LIST_PATH = '/api/v3/products';
export const PRODUCT_PAGE_LIMIT = 1000;
const WALK_KIND = 'wish.products';

const iso = (ms: number) => new Date(ms).toISOString();

function invalid(message: string): InvalidInputError {
  return new InvalidInputError(message, { marketplace: 'wish', operation: 'products.list' });
}

/** Wish's "not found" for a product removed meanwhile is a generic 90001 with a message. */
function isNotFound(error: unknown): boolean {
  return (
    error instanceof PermanentError &&
    /could not find|not found|no such/i.test(error.marketplaceMessage ?? error.message)
  );
}

export class WishProducts {
  /** Warehouses holding each variation, learnt from every product read (stock writes name one). */
  readonly warehouses = new Map<string, string[]>();

  constructor(
    private readonly api: WishApi,
    private readonly warehouseId: () => string | null,
  ) {}

  async listPage(request: ListingPageRequest): Promise<Page<NormalizedListing>> {
    let walk;
    if (request.cursor !== null) {
      walk = decodeWalk(request.cursor, WALK_KIND);
      if (!walk) throw invalid('Not a Wish product cursor');
    } else {
      let from: number | null = null;
      if (request.changedSince !== null) {
        from = Date.parse(request.changedSince);
        if (Number.isNaN(from))
          throw invalid(`changedSince "${request.changedSince}" is not an ISO-8601 time`);
      }
      // The window's end is frozen at the first page so later pages see the same set.
      walk = startWalk(WALK_KIND, from, this.api.client.clock.now());
    }
    const query = queryOf(walk);
    const rows = await this.api.get(
      'products.list',
      LIST_PATH,
      {
        limit: PRODUCT_PAGE_LIMIT,
        updated_at_min: query.primaryMin === null ? undefined : iso(query.primaryMin),
        updated_at_max: iso(query.primaryMax),
        created_at_min: query.secondaryMin === null ? undefined : iso(query.secondaryMin),
        sort_by: query.sortBy === 'primary' ? 'updated_at.asc' : 'created_at.asc',
      },
      z.array(z.unknown()),
    );
    const problems: PayloadProblem[] = [];
    const entries: WindowEntry[] = [];
    for (const raw of rows) {
      const entry = ShallowProduct.safeParse(raw);
      const primary = entry.success ? Date.parse(entry.data.updated_at) : NaN;
      const secondary = entry.success ? Date.parse(entry.data.created_at) : NaN;
      if (!entry.success || Number.isNaN(primary) || Number.isNaN(secondary)) {
        problems.push(
          problem(
            'invalid_payload',
            'products.list',
            null,
            'A Wish product list entry could not be read',
            raw,
            entry.success ? [] : issueLines(entry.error),
          ),
        );
        continue;
      }
      entries.push({ id: entry.data.id, primary, secondary });
    }
    let step;
    try {
      step = advance(walk, entries, rows.length, PRODUCT_PAGE_LIMIT);
    } catch (error) {
      if (error instanceof WindowStuckError) {
        throw new PermanentError(error.message, {
          marketplace: 'wish',
          operation: 'products.list',
          marketplaceCode: 'window_stuck',
        });
      }
      throw error;
    }
    const details = await this.details(step.fresh);
    return {
      items: details.items,
      problems: [...problems, ...details.problems],
      nextCursor: step.next ? JSON.stringify(step.next) : null,
    };
  }

  async getListing(remoteId: string): Promise<Page<NormalizedListing>> {
    if (!/^[0-9a-fA-F]{24}$/.test(remoteId)) {
      throw new InvalidInputError(`"${remoteId}" is not a Wish product id`, {
        marketplace: 'wish',
        operation: 'products.get',
      });
    }
    const page = await this.details([remoteId]);
    return { ...page, nextCursor: null };
  }

  private noteWarehouses(raw: unknown): void {
    const variations = (raw as { variations?: unknown } | null)?.variations;
    if (!Array.isArray(variations)) return;
    for (const entry of variations) {
      const variation = ProductVariation.safeParse(entry);
      if (variation.success) {
        this.warehouses.set(
          variation.data.id,
          variation.data.inventories.map((slot) => slot.warehouse_id),
        );
      }
    }
  }

  /** Products with their variations, read one by one (concurrently); gone ones are reported. */
  async details(
    ids: string[],
  ): Promise<{ items: NormalizedListing[]; problems: PayloadProblem[] }> {
    const results = await Promise.all(
      ids.map(async (id) => {
        try {
          const raw = await this.api.get('products.get', `${LIST_PATH}/${id}`, {}, z.unknown());
          this.noteWarehouses(raw);
          return listingsOfProduct(raw, this.warehouseId());
        } catch (error) {
          if (isNotFound(error)) {
            return {
              items: [],
              problems: [
                problem('missing', 'products.get', id, `Wish product ${id} was not found`, null),
              ],
            };
          }
          if (error instanceof ConnectorError && error.kind === 'permanent') {
            return {
              items: [],
              problems: [problem('invalid_payload', 'products.get', id, error.message, null)],
            };
          }
          throw error;
        }
      }),
    );
    return {
      items: results.flatMap((result) => result.items),
      problems: results.flatMap((result) => result.problems),
    };
  }
}
