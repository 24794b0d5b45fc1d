/**
 * Reading listings (searchListingsItems / getListingsItem, 2021-08-01). A full pull pages by SKU
 * (a listing changed during the pull keeps its place, so none is skipped or served twice); an
 * incremental pull asks for lastUpdatedAfter and pages oldest change first. Pages are the
 * largest the model allows (20). The cursor carries Amazon's pageToken together with the query
 * it belongs to, since a token is only valid with the same parameters.
 * Every listing read also teaches the connector the SKU's product type, which writes need.
 */
import type { NormalizedListing } from '../../shared/marketplace.js';
import type { ListingPageRequest, Page, PayloadProblem } from '../connector.js';
import { InvalidInputError, PermanentError } from '../http/errors.js';
import { AmazonApi } from './api.js';
import { normalizeListing } from './listing-normalize.js';
import { ItemSearchResults } from './schemas.js';

export const LISTINGS_PAGE_SIZE = 20;
const INCLUDED = 'summaries,attributes,issues,offers,fulfillmentAvailability';
const SEARCH = 'searchListingsItems';

interface ListingsCursor {
  token: string;
  since: string | null;
}

function encodeCursor(cursor: ListingsCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decodeCursor(text: string): ListingsCursor {
  try {
    const value = JSON.parse(
      Buffer.from(text, 'base64url').toString('utf8'),
    ) as Partial<ListingsCursor>;
    if (
      typeof value.token === 'string' &&
      (value.since === null || typeof value.since === 'string')
    )
      return { token: value.token, since: value.since };
  } catch {
    // fall through to the error below
  }
  throw new InvalidInputError('This Amazon listings cursor is not one the connector made', {
    marketplace: 'amazon',
    operation: SEARCH,
  });
}

/** Amazon's date-time: ISO 8601 UTC to the second. */
export function amazonTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export class AmazonListings {
  /** SKU → product type, learnt from every read (writes must name it). */
  readonly productTypes = new Map<string, string>();

  constructor(private readonly api: AmazonApi) {}

  private sellerPath(): string {
    const { sellerId } = this.api.identity;
    if (!sellerId)
      throw new InvalidInputError('The Amazon seller id is unknown; authorise the account first', {
        marketplace: 'amazon',
        operation: SEARCH,
      });
    return `/listings/2021-08-01/items/${AmazonApi.segment(sellerId)}`;
  }

  private normalizePage(raw: readonly unknown[], operation: string): Page<NormalizedListing> {
    const items: NormalizedListing[] = [];
    const problems: PayloadProblem[] = [];
    for (const entry of raw) {
      const result = normalizeListing(entry, this.api.identity, operation);
      if ('problem' in result) problems.push(result.problem);
      else {
        items.push(result.listing);
        if (result.productType) this.productTypes.set(result.listing.sku, result.productType);
      }
    }
    return { items, problems, nextCursor: null };
  }

  async listPage(request: ListingPageRequest): Promise<Page<NormalizedListing>> {
    const cursor = request.cursor === null ? null : decodeCursor(request.cursor);
    const since = cursor ? cursor.since : request.changedSince;
    const sinceMs = since === null ? null : Date.parse(since);
    if (sinceMs !== null && Number.isNaN(sinceMs))
      throw new InvalidInputError(`changedSince ${since} is not an ISO-8601 time`, {
        marketplace: 'amazon',
        operation: SEARCH,
      });
    const query = {
      marketplaceIds: this.api.identity.marketplaceId,
      includedData: INCLUDED,
      pageSize: LISTINGS_PAGE_SIZE,
      ...(sinceMs === null
        ? { sortBy: 'sku', sortOrder: 'ASC' }
        : { lastUpdatedAfter: amazonTime(sinceMs), sortBy: 'lastUpdatedDate', sortOrder: 'ASC' }),
      ...(cursor ? { pageToken: cursor.token } : {}),
    };
    const reply = await this.api.call(
      SEARCH,
      'listings.search',
      { method: 'GET', path: this.sellerPath(), query, idempotent: true },
      ItemSearchResults,
    );
    const page = this.normalizePage(reply.items, SEARCH);
    const next = reply.pagination?.nextToken;
    return { ...page, nextCursor: next ? encodeCursor({ token: next, since }) : null };
  }

  async getListing(sku: string): Promise<Page<NormalizedListing>> {
    if (sku === '')
      throw new InvalidInputError('A listing SKU is required', {
        marketplace: 'amazon',
        operation: 'getListingsItem',
      });
    try {
      const item = await this.api.call(
        'getListingsItem',
        'listings.get',
        {
          method: 'GET',
          path: `${this.sellerPath()}/${AmazonApi.segment(sku)}`,
          query: { marketplaceIds: this.api.identity.marketplaceId, includedData: INCLUDED },
          idempotent: true,
        },
        ItemSearchResults.shape.items.element,
      );
      return this.normalizePage([item], 'getListingsItem');
    } catch (error) {
      if (error instanceof PermanentError && error.httpStatus === 404)
        return {
          items: [],
          problems: [
            {
              kind: 'missing',
              operation: 'getListingsItem',
              remoteId: sku,
              message: `Amazon has no listing with SKU ${sku}`,
              issues: [],
              requestId: error.requestId,
              raw: null,
            },
          ],
          nextCursor: null,
        };
      throw error;
    }
  }

  /**
   * Product types of SKUs the connector has not read yet, 20 per search (identifiers of type
   * SKU). SKUs Amazon does not know are left out of the answer.
   */
  async productTypesOf(skus: readonly string[]): Promise<Map<string, string>> {
    const missing = [...new Set(skus)].filter((sku) => !this.productTypes.has(sku));
    for (let start = 0; start < missing.length; start += 20) {
      const batch = missing.slice(start, start + 20);
      if (batch.some((sku) => sku.includes(',')))
        throw new InvalidInputError('An Amazon SKU with a comma cannot be looked up in a batch', {
          marketplace: 'amazon',
          operation: SEARCH,
        });
      const reply = await this.api.call(
        SEARCH,
        'listings.search',
        {
          method: 'GET',
          path: this.sellerPath(),
          query: {
            marketplaceIds: this.api.identity.marketplaceId,
            identifiers: batch.join(','),
            identifiersType: 'SKU',
            includedData: 'summaries',
            pageSize: 20,
          },
          idempotent: true,
        },
        ItemSearchResults,
      );
      for (const entry of reply.items) {
        const item = entry as {
          sku?: unknown;
          summaries?: { marketplaceId?: unknown; productType?: unknown }[];
        };
        const summary =
          item.summaries?.find(
            (candidate) => candidate.marketplaceId === this.api.identity.marketplaceId,
          ) ?? item.summaries?.[0];
        if (typeof item.sku === 'string' && typeof summary?.productType === 'string')
          this.productTypes.set(item.sku, summary.productType);
      }
    }
    return new Map(
      skus
        .filter((sku) => this.productTypes.has(sku))
        .map((sku) => [sku, this.productTypes.get(sku)!]),
    );
  }
}
