/**
 * Reading the account's listings: getInventoryItems pages (limit 200, `offset` = the PAGE number),
 * then getOffers for each item's SKU (offers are per SKU; the Inventory API has no call listing
 * every offer), keeping the offers on the account's site. eBay has no changed-since filter for
 * inventory items, so every pull reads them all.
 *
 * Pipelining: as soon as a page of items is known, the next page is asked for too, with its
 * offers (one page ahead, kept for a minute), so the rate limiter is never idle while the engine
 * stores a page.
 *
 * A set that changes during the pull: items added or deleted meanwhile move the others across
 * page boundaries. The cursor keeps the SKUs of the last pages and the item total: a SKU already
 * returned is skipped (insertions move items forward), and when the total dropped (deletions move
 * them back) the previous page is read again before going on.
 */
import { z } from 'zod';
import type { NormalizedListing } from '../../shared/marketplace.js';
import type { ListingPageRequest, Page, PayloadProblem } from '../connector.js';
import {
  ConnectorError,
  InvalidInputError,
  InvalidPayloadError,
  PermanentError,
} from '../http/errors.js';
import type { EbayApi } from './api.js';
import type { EbayMarket } from './hosts.js';
import { listingsOfItem, problem } from './listing-normalize.js';
import { InventoryItemsPage, OffersPage } from './schemas.js';

export const ITEM_PAGE_SIZE = 200;
const OFFERS_PAGE_SIZE = 100;
const PREFETCH_TTL_MS = 60_000;
const REMEMBERED_SKUS = 3 * ITEM_PAGE_SIZE;
const ITEMS_PATH = '/sell/inventory/v1/inventory_item';
const OFFERS_PATH = '/sell/inventory/v1/offer';

const Cursor = z.object({
  v: z.literal(1),
  page: z.number().int().nonnegative(),
  /** Items the account had when the previous page was read. */
  total: z.number().int().nonnegative(),
  /** SKUs returned most recently, oldest first. */
  seen: z.array(z.string()),
});
type Cursor = z.infer<typeof Cursor>;

interface ReadPage {
  items: NormalizedListing[];
  problems: PayloadProblem[];
  nextCursor: string | null;
}

const invalidCursor = () =>
  new InvalidInputError('Not an eBay listing cursor', {
    marketplace: 'ebay',
    operation: 'inventory.getInventoryItems',
  });

function decode(text: string): Cursor {
  try {
    const parsed = Cursor.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the error below
  }
  throw invalidCursor();
}

/** Whether an error says "this SKU has no offers": eBay's 404 with 25713 (or 25710). */
function noOffers(error: unknown): boolean {
  return (
    error instanceof ConnectorError &&
    error.httpStatus === 404 &&
    (error.marketplaceCode === '25713' ||
      error.marketplaceCode === '25710' ||
      error.marketplaceCode === null)
  );
}

export class EbayListings {
  private prefetched: { cursor: string; at: number; page: Promise<ReadPage> } | null = null;
  /** Offer → listing pairs seen, for the revision ledger (variations share one listing). */
  onListings: (pairs: [string, string][]) => void = () => {};

  constructor(
    private readonly api: EbayApi,
    private readonly site: string,
    private readonly market: EbayMarket,
  ) {}

  async listPage(request: ListingPageRequest): Promise<Page<NormalizedListing>> {
    const cursor = request.cursor ?? JSON.stringify({ v: 1, page: 0, total: 0, seen: [] });
    decode(cursor);
    const page = await (this.takePrefetched(cursor) ?? this.read(cursor));
    if (page.nextCursor !== null) this.prefetch(page.nextCursor);
    return page;
  }

  private takePrefetched(cursor: string): Promise<ReadPage> | null {
    const entry = this.prefetched;
    this.prefetched = null;
    if (!entry || entry.cursor !== cursor || this.now() - entry.at > PREFETCH_TTL_MS) return null;
    return entry.page;
  }

  private prefetch(cursor: string): void {
    const page = this.read(cursor);
    // Observed here so a prefetch nobody asks for stays quiet; a caller that takes it sees the error.
    page.catch(() => undefined);
    this.prefetched = { cursor, at: this.now(), page };
  }

  private now(): number {
    return this.api.client.clock.now();
  }

  private async read(text: string): Promise<ReadPage> {
    const cursor = decode(text);
    let reply = await this.itemsPage(cursor.page);
    let page = cursor.page;
    const total = reply.data.total ?? 0;
    if (cursor.page > 0 && total < cursor.total) {
      // Items were deleted since the last page: those after them moved back across the boundary.
      page = Math.max(0, cursor.page - Math.ceil((cursor.total - total) / ITEM_PAGE_SIZE));
      reply = await this.itemsPage(page);
    }
    const seen = new Set(cursor.seen);
    const problems: PayloadProblem[] = [];
    const fresh: unknown[] = [];
    for (const raw of reply.data.inventoryItems ?? []) {
      const sku = (raw as { sku?: unknown } | null)?.sku;
      if (typeof sku !== 'string' || sku === '') {
        problems.push(
          problem(
            'invalid_payload',
            'inventory.getInventoryItems',
            null,
            'An eBay inventory item has no SKU',
            raw,
            reply.requestId,
          ),
        );
        continue;
      }
      if (seen.has(sku)) continue;
      seen.add(sku);
      fresh.push(raw);
    }
    const results = await Promise.all(fresh.map((raw) => this.withOffers(raw)));
    const items = results.flatMap((result) => result.items);
    this.onListings(
      items.flatMap((listing) =>
        listing.attributes['ebay.listingId']
          ? [[listing.remoteVariantId, listing.attributes['ebay.listingId']] as [string, string]]
          : [],
      ),
    );
    const latestTotal = reply.data.total ?? total;
    const hasNext = (page + 1) * ITEM_PAGE_SIZE < latestTotal;
    const next: Cursor = {
      v: 1,
      page: page + 1,
      total: latestTotal,
      seen: [...cursor.seen, ...fresh.map((raw) => (raw as { sku: string }).sku)].slice(
        -REMEMBERED_SKUS,
      ),
    };
    return {
      items,
      problems: [...problems, ...results.flatMap((result) => result.problems)],
      nextCursor: hasNext ? JSON.stringify(next) : null,
    };
  }

  private itemsPage(page: number) {
    return this.api.call({
      operation: 'inventory.getInventoryItems',
      bucket: 'inventory',
      method: 'GET',
      path: ITEMS_PATH,
      query: { limit: ITEM_PAGE_SIZE, offset: page },
      idempotent: true,
      schema: InventoryItemsPage,
    });
  }

  /** Every offer of a SKU (pages of 100; a SKU rarely has more than one per site). */
  private async offersOf(sku: string): Promise<{ offers: unknown[]; requestId: string | null }> {
    const offers: unknown[] = [];
    let requestId: string | null = null;
    for (let page = 0; ; page++) {
      let reply;
      try {
        reply = await this.api.call({
          operation: 'inventory.getOffers',
          bucket: 'inventory',
          method: 'GET',
          path: OFFERS_PATH,
          query: { sku, limit: OFFERS_PAGE_SIZE, offset: page },
          idempotent: true,
          schema: OffersPage,
        });
      } catch (error) {
        if (noOffers(error)) return { offers, requestId };
        throw error;
      }
      requestId = reply.requestId;
      offers.push(...(reply.data.offers ?? []));
      if (
        (page + 1) * OFFERS_PAGE_SIZE >= (reply.data.total ?? 0) ||
        (reply.data.offers ?? []).length === 0
      )
        return { offers, requestId };
    }
  }

  private async withOffers(
    raw: unknown,
  ): Promise<{ items: NormalizedListing[]; problems: PayloadProblem[] }> {
    const sku = (raw as { sku: string }).sku;
    try {
      const { offers, requestId } = await this.offersOf(sku);
      return listingsOfItem(raw, offers, this.site, this.market, requestId);
    } catch (error) {
      // A permanent refusal about one SKU is that SKU's problem; anything else fails the page.
      if (error instanceof PermanentError) {
        return {
          items: [],
          problems: [
            problem(
              'invalid_payload',
              'inventory.getOffers',
              sku,
              error.message,
              null,
              error.requestId,
              error instanceof InvalidPayloadError ? error.issues : [],
            ),
          ],
        };
      }
      throw error;
    }
  }

  /** One SKU with its offers on the site. */
  async getListing(sku: string): Promise<Page<NormalizedListing>> {
    if (sku === '' || sku.length > 50) {
      throw new InvalidInputError(`"${sku}" is not an eBay SKU`, {
        marketplace: 'ebay',
        operation: 'inventory.getInventoryItem',
      });
    }
    let item;
    try {
      item = await this.api.call({
        operation: 'inventory.getInventoryItem',
        bucket: 'inventory',
        method: 'GET',
        path: `${ITEMS_PATH}/${encodeURIComponent(sku)}`,
        idempotent: true,
        schema: z.unknown(),
      });
    } catch (error) {
      if (error instanceof ConnectorError && error.httpStatus === 404) {
        return {
          items: [],
          problems: [
            problem(
              'missing',
              'inventory.getInventoryItem',
              sku,
              `eBay has no inventory item ${sku}`,
              null,
              error.requestId,
            ),
          ],
          nextCursor: null,
        };
      }
      throw error;
    }
    const result = await this.withOffers(item.data);
    return { ...result, nextCursor: null };
  }
}
