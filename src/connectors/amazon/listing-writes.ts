/**
 * Changing listings. Price and quantity are patches of `purchasable_offer` and
 * `fulfillment_availability` with `merge` (the 2025-06-16 JSON Patch merge: the entry named is
 * updated and the rest kept, so a price change keeps the seller's minimum/maximum price and a
 * quantity change keeps other fulfilment channels). A small batch goes out as patchListingsItem
 * calls (5 per second); a larger one as one JSON_LISTINGS_FEED (up to 25,000 SKUs), and every SKU
 * gets its own result either way: Amazon's issue text when it refused (status INVALID / ERROR
 * issues in the processing report), never swallowed.
 * Writes must name the SKU's product type: it is known from earlier reads or looked up.
 */
import type { NormalizedListing } from '../../shared/marketplace.js';
import { currencyExponent, minorToDecimalString } from '../../shared/money.js';
import type {
  CreateListingInput,
  ItemResult,
  ListingChangesInput,
  Page,
  PriceUpdate,
  StockUpdate,
} from '../connector.js';
import { ConnectorError, InvalidInputError, PermanentError } from '../http/errors.js';
import { AmazonApi } from './api.js';
import type { AmazonFeeds, FeedEdit, FeedPatch } from './feeds.js';
import { MAX_FEED_MESSAGES } from './feeds.js';
import type { AmazonListings } from './listings.js';
import { SubmissionResponse } from './schemas.js';
import { textPatches, textProblem } from './text-languages.js';

type Failure = Extract<ItemResult, { ok: false }>;

export interface WriteOptions {
  /** Batches larger than this go out as a JSON_LISTINGS_FEED. */
  feedThreshold: number;
}

export class AmazonListingWrites {
  constructor(
    private readonly api: AmazonApi,
    private readonly listings: AmazonListings,
    private readonly feeds: AmazonFeeds,
    private readonly options: WriteOptions,
  ) {}

  private localized(value: string) {
    const { marketplaceId, locale } = this.api.identity;
    return { value, language_tag: locale.replace('-', '_'), marketplace_id: marketplaceId };
  }

  private pricePatch(update: PriceUpdate): FeedPatch {
    const { marketplaceId } = this.api.identity;
    // A JSON number from the exact decimal text ("19.99"), as the attribute schema wants.
    const value = Number(minorToDecimalString(update.price.amountMinor, update.price.currency));
    return {
      op: 'merge',
      path: '/attributes/purchasable_offer',
      value: [
        {
          marketplace_id: marketplaceId,
          currency: update.price.currency,
          audience: 'ALL',
          our_price: [{ schedule: [{ value_with_tax: value }] }],
        },
      ],
    };
  }

  private stockPatch(update: StockUpdate): FeedPatch {
    return {
      op: 'merge',
      path: '/attributes/fulfillment_availability',
      value: [{ fulfillment_channel_code: 'DEFAULT', quantity: update.quantity }],
    };
  }

  private refuse(
    update: { remoteId: string; remoteVariantId: string },
    message: string,
    code = 'invalid_input',
  ): Failure {
    return {
      remoteId: update.remoteId,
      remoteVariantId: update.remoteVariantId,
      ok: false,
      kind: 'permanent',
      code,
      message,
      requestId: null,
    };
  }

  private checkPrice(update: PriceUpdate): string | null {
    if (update.remoteVariantId !== '')
      return 'Amazon listings have no variant id under the SKU; use remoteVariantId ""';
    if (update.price.currency !== this.api.identity.currency)
      return `The price is in ${update.price.currency}, but marketplace ${this.api.identity.marketplaceId} sells in ${this.api.identity.currency}`;
    if (!Number.isSafeInteger(update.price.amountMinor) || update.price.amountMinor <= 0)
      return 'The price must be a positive amount';
    currencyExponent(update.price.currency);
    return null;
  }

  private checkStock(update: StockUpdate): string | null {
    if (update.remoteVariantId !== '')
      return 'Amazon listings have no variant id under the SKU; use remoteVariantId ""';
    if (!Number.isSafeInteger(update.quantity) || update.quantity < 0)
      return 'The quantity must be a whole number of at least 0';
    return null;
  }

  updatePrices(updates: PriceUpdate[]): Promise<ItemResult[]> {
    return this.write(
      updates,
      (update) => this.checkPrice(update),
      (update) => this.pricePatch(update),
    );
  }

  updateStock(updates: StockUpdate[]): Promise<ItemResult[]> {
    return this.write(
      updates,
      (update) => this.checkStock(update),
      (update) => this.stockPatch(update),
    );
  }

  private async write<T extends { remoteId: string; remoteVariantId: string }>(
    updates: T[],
    check: (update: T) => string | null,
    patch: (update: T) => FeedPatch,
  ): Promise<ItemResult[]> {
    const results: (ItemResult | null)[] = updates.map((update) => {
      const problem = check(update);
      return problem ? this.refuse(update, problem) : null;
    });
    const seen = new Set<string>();
    updates.forEach((update, index) => {
      if (results[index] !== null) return;
      if (seen.has(update.remoteId))
        results[index] = this.refuse(update, `SKU ${update.remoteId} appears twice in one batch`);
      seen.add(update.remoteId);
    });
    const pending = updates
      .map((update, index) => ({ update, index }))
      .filter(({ index }) => results[index] === null);
    const types = await this.listings.productTypesOf(pending.map(({ update }) => update.remoteId));
    const edits: { index: number; edit: FeedEdit }[] = [];
    for (const { update, index } of pending) {
      const productType = types.get(update.remoteId);
      if (!productType)
        results[index] = this.refuse(
          update,
          `Amazon has no listing with SKU ${update.remoteId} in marketplace ${this.api.identity.marketplaceId}`,
          'not_found',
        );
      else
        edits.push({
          index,
          edit: { sku: update.remoteId, productType, patches: [patch(update)] },
        });
    }
    if (edits.length > this.options.feedThreshold) {
      for (let start = 0; start < edits.length; start += MAX_FEED_MESSAGES) {
        const batch = edits.slice(start, start + MAX_FEED_MESSAGES);
        const outcomes = await this.feeds.submit(batch.map(({ edit }) => edit));
        batch.forEach(({ index, edit }, position) => {
          const outcome = outcomes[position]!;
          results[index] = outcome.ok
            ? { remoteId: edit.sku, remoteVariantId: '', ok: true }
            : {
                remoteId: edit.sku,
                remoteVariantId: '',
                ok: false,
                kind: outcome.kind,
                code: outcome.code,
                message: outcome.message,
                requestId: null,
              };
        });
      }
    } else {
      await Promise.all(
        edits.map(async ({ index, edit }) => (results[index] = await this.patch(edit))),
      );
    }
    return results.map((result, index) => result ?? this.refuse(updates[index]!, 'not sent'));
  }

  /** One patchListingsItem call; an INVALID answer becomes this SKU's failure with Amazon's text. */
  private async patch(edit: FeedEdit): Promise<ItemResult> {
    try {
      return submissionResult(edit.sku, await this.sendPatch(edit));
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      // A lost reply comes back retryable (maybeApplied on the error): the engine re-reads the
      // listing on the next pull before it sends the value again.
      return {
        remoteId: edit.sku,
        remoteVariantId: '',
        ok: false,
        kind: error.kind,
        code: error.marketplaceCode,
        message: error.message,
        requestId: error.requestId,
      };
    }
  }

  private sendPatch(edit: FeedEdit): Promise<SubmissionResponse> {
    const sellerId = this.api.identity.sellerId ?? '';
    return this.api.call(
      'patchListingsItem',
      'listings.patch',
      {
        method: 'PATCH',
        path: `/listings/2021-08-01/items/${AmazonApi.segment(sellerId)}/${AmazonApi.segment(edit.sku)}`,
        query: {
          marketplaceIds: this.api.identity.marketplaceId,
          issueLocale: this.api.identity.locale.replace('-', '_'),
        },
        body: { productType: edit.productType, patches: edit.patches },
        // Not repeated after a lost reply: the patch may have landed, and a blind repeat could
        // land after a newer value of the same field (writes are applied exactly once; the
        // engine's next pull shows whether this one did).
        idempotent: false,
      },
      SubmissionResponse,
    );
  }

  async updateListing(sku: string, changes: ListingChangesInput): Promise<void> {
    const operation = 'patchListingsItem';
    if (changes.sku !== undefined || changes.status !== undefined)
      throw new InvalidInputError(
        'Amazon listings cannot change SKU or status through this connector (declared in capabilities)',
        { marketplace: 'amazon', operation },
      );
    const patches = textPatches(this.api.identity, changes);
    if (patches.length === 0)
      throw new InvalidInputError('Nothing to change', { marketplace: 'amazon', operation });
    const problem = textProblem(this.api.identity, changes);
    if (problem !== null)
      throw new InvalidInputError(problem, { marketplace: 'amazon', operation });
    const productType = (await this.listings.productTypesOf([sku])).get(sku);
    if (!productType)
      throw new PermanentError(`Amazon has no listing with SKU ${sku}`, {
        marketplace: 'amazon',
        operation,
        marketplaceCode: 'not_found',
      });
    // A transport failure (a lost reply included) is thrown as is, keeping kind and maybeApplied.
    const result = submissionResult(sku, await this.sendPatch({ sku, productType, patches }));
    if (!result.ok)
      throw new PermanentError(result.message, {
        marketplace: 'amazon',
        operation,
        marketplaceCode: result.code,
        requestId: result.requestId,
      });
  }

  /** putListingsItem; `marketplaceFields.productType` is required, `attributes` are added as given. */
  async createListing(
    input: CreateListingInput,
    read: (sku: string) => Promise<Page<NormalizedListing>>,
  ): Promise<Page<NormalizedListing>> {
    const operation = 'putListingsItem';
    const { productType, attributes } = input.marketplaceFields as {
      productType?: unknown;
      attributes?: unknown;
    };
    const problems: string[] = [];
    if (typeof productType !== 'string' || !/^[A-Z0-9_]+$/.test(productType))
      problems.push('marketplaceFields.productType must be an Amazon product type such as LUGGAGE');
    if (
      attributes !== undefined &&
      (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))
    )
      problems.push('marketplaceFields.attributes must be an object of Amazon attributes');
    if (input.sku.trim() === '' || input.title.trim() === '')
      problems.push('sku and title are required');
    const priceProblem = this.checkPrice({
      remoteId: input.sku,
      remoteVariantId: '',
      price: input.price,
    });
    if (priceProblem) problems.push(priceProblem);
    if (!Number.isSafeInteger(input.quantity) || input.quantity < 0)
      problems.push('quantity must be a whole number of at least 0');
    if (problems.length > 0)
      throw new InvalidInputError(`Cannot create the Amazon listing: ${problems.join('; ')}`, {
        marketplace: 'amazon',
        operation,
      });
    const sellerId = this.api.identity.sellerId ?? '';
    const offer = this.pricePatch({
      remoteId: input.sku,
      remoteVariantId: '',
      price: input.price,
    }).value;
    const reply = await this.api.call(
      operation,
      'listings.put',
      {
        method: 'PUT',
        path: `/listings/2021-08-01/items/${AmazonApi.segment(sellerId)}/${AmazonApi.segment(input.sku)}`,
        query: { marketplaceIds: this.api.identity.marketplaceId },
        body: {
          productType,
          requirements: 'LISTING',
          attributes: {
            ...(attributes as Record<string, unknown> | undefined),
            item_name: [this.localized(input.title)],
            product_description: [this.localized(input.description)],
            condition_type: [{ value: 'new_new', marketplace_id: this.api.identity.marketplaceId }],
            purchasable_offer: offer,
            fulfillment_availability: [
              { fulfillment_channel_code: 'DEFAULT', quantity: input.quantity },
            ],
          },
        },
        idempotent: true,
      },
      SubmissionResponse,
    );
    const result = submissionResult(input.sku, reply);
    if (!result.ok)
      throw new PermanentError(result.message, {
        marketplace: 'amazon',
        operation,
        marketplaceCode: result.code,
      });
    this.listings.productTypes.set(input.sku, productType as string);
    return read(input.sku);
  }
}

export function submissionResult(sku: string, reply: SubmissionResponse): ItemResult {
  const errors = (reply.issues ?? []).filter((entry) => entry.severity === 'ERROR');
  if (reply.status !== 'INVALID' && errors.length === 0)
    return { remoteId: sku, remoteVariantId: '', ok: true };
  return {
    remoteId: sku,
    remoteVariantId: '',
    ok: false,
    kind: 'permanent',
    code: errors[0]?.code ?? reply.status,
    message: errors.map((entry) => entry.message).join(' ') || `Amazon answered ${reply.status}`,
    requestId: null,
  };
}
