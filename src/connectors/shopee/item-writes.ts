/**
 * Writing Shopee listings. Prices and stock go through update_price / update_stock, which take ONE
 * item and 1-50 of its models per call ("If you need batch modification, please call multiple
 * times"): updates are grouped by item, split in 50s, sent concurrently (the limiter paces them),
 * and every update gets its own result from success_list / failure_list. Setting a price or a
 * stock twice is harmless, so these calls may be retried after a lost reply; add_item may not.
 */
import type { NormalizedListing } from '../../shared/marketplace.js';
import { z } from 'zod';
import { chunks } from '../batch.js';
import type {
  CreateListingInput,
  ItemResult,
  ListingChangesInput,
  Page,
  PriceUpdate,
  StockUpdate,
} from '../connector.js';
import { ConnectorError, InvalidInputError } from '../http/errors.js';
import type { ShopeeApi } from './api.js';
import type { ShopeeMarket } from './hosts.js';
import type { ShopeeItems } from './items.js';
import { shopeePriceOf } from './money.js';
import { ItemWriteReply, ModelUpdateReply } from './schemas.js';

export const MODEL_BATCH = 50;
const UPDATE_PRICE_PATH = '/api/v2/product/update_price';
const UPDATE_STOCK_PATH = '/api/v2/product/update_stock';
const ADD_ITEM_PATH = '/api/v2/product/add_item';
const UPDATE_ITEM_PATH = '/api/v2/product/update_item';

interface Keyed {
  remoteId: string;
  remoteVariantId: string;
}

type Failure = Extract<ItemResult, { ok: false }>;

function failed(
  update: Keyed,
  kind: Failure['kind'],
  code: string | null,
  message: string,
  requestId: string | null,
): ItemResult {
  return {
    remoteId: update.remoteId,
    remoteVariantId: update.remoteVariantId,
    ok: false,
    kind,
    code,
    message,
    requestId,
  };
}

/** The fields Shopee's add_item requires beyond our common ones. */
export const ShopeeCreateFields = z.object({
  categoryId: z.number().int().positive(),
  imageIds: z.array(z.string().min(1)).min(1).max(9),
  logistics: z
    .array(
      z.object({
        logisticId: z.number().int().positive(),
        enabled: z.boolean(),
        isFree: z.boolean().optional(),
        shippingFee: z.number().nonnegative().optional(),
      }),
    )
    .min(1),
  condition: z.enum(['NEW', 'USED']).optional(),
});

export class ShopeeItemWrites {
  constructor(
    private readonly api: ShopeeApi,
    private readonly market: ShopeeMarket,
    private readonly items: ShopeeItems,
  ) {}

  updatePrices(updates: PriceUpdate[]): Promise<ItemResult[]> {
    return this.perModel(
      updates,
      'product.update_price',
      UPDATE_PRICE_PATH,
      'price_list',
      (update) => {
        if (update.price.currency !== this.market.currency) {
          throw new RangeError(
            `price is in ${update.price.currency}, the shop sells in ${this.market.currency}`,
          );
        }
        if (update.price.amountMinor <= 0) throw new RangeError('price must be above zero');
        return { original_price: shopeePriceOf(update.price, this.market.decimalPrices) };
      },
    );
  }

  updateStock(updates: StockUpdate[]): Promise<ItemResult[]> {
    return this.perModel(
      updates,
      'product.update_stock',
      UPDATE_STOCK_PATH,
      'stock_list',
      (update) => {
        if (!Number.isSafeInteger(update.quantity) || update.quantity < 0)
          throw new RangeError('quantity must be a whole number ≥ 0');
        return { seller_stock: [{ stock: update.quantity }] };
      },
    );
  }

  private async perModel<U extends Keyed>(
    updates: U[],
    operation: string,
    path: string,
    listName: 'price_list' | 'stock_list',
    entryOf: (update: U) => Record<string, unknown>,
  ): Promise<ItemResult[]> {
    const results: (ItemResult | undefined)[] = new Array<ItemResult | undefined>(updates.length);
    const groups = new Map<
      string,
      { index: number; update: U; entry: Record<string, unknown> }[]
    >();
    updates.forEach((update, index) => {
      try {
        if (!/^\d+$/.test(update.remoteId))
          throw new RangeError(`"${update.remoteId}" is not a Shopee item id`);
        if (update.remoteVariantId !== '' && !/^\d+$/.test(update.remoteVariantId)) {
          throw new RangeError(`"${update.remoteVariantId}" is not a Shopee model id`);
        }
        const entry = {
          model_id: update.remoteVariantId === '' ? 0 : Number(update.remoteVariantId),
          ...entryOf(update),
        };
        const group = groups.get(update.remoteId) ?? [];
        if (group.some((other) => other.update.remoteVariantId === update.remoteVariantId)) {
          throw new RangeError('the same model appears twice in one batch');
        }
        group.push({ index, update, entry });
        groups.set(update.remoteId, group);
      } catch (error) {
        results[index] = failed(
          update,
          'permanent',
          'invalid_input',
          error instanceof Error ? error.message : String(error),
          null,
        );
      }
    });
    const calls = [...groups.entries()].flatMap(([itemId, group]) =>
      chunks(group, MODEL_BATCH).map((batch) => ({ itemId, batch })),
    );
    await Promise.all(
      calls.map(async ({ itemId, batch }) => {
        try {
          const reply = await this.api.shopPost(
            operation,
            path,
            { item_id: Number(itemId), [listName]: batch.map((b) => b.entry) },
            ModelUpdateReply,
            // A stock level set twice is the same stock level, and a stock push is recomputed
            // anyway. A seller's price is resent only by the engine, once the next pull has shown
            // whether the write whose reply was cut landed ("applied exactly once").
            listName === 'stock_list',
          );
          const ok = new Set((reply.data.success_list ?? []).map((entry) => entry.model_id));
          const reasons = new Map(
            (reply.data.failure_list ?? []).map((entry) => [
              entry.model_id,
              entry.failed_reason ?? '',
            ]),
          );
          for (const { index, update, entry } of batch) {
            const modelId = String(entry.model_id);
            if (ok.has(modelId))
              results[index] = {
                remoteId: update.remoteId,
                remoteVariantId: update.remoteVariantId,
                ok: true,
              };
            else if (reasons.has(modelId))
              results[index] = failed(
                update,
                'permanent',
                'failure_list',
                reasons.get(modelId) || 'refused',
                reply.requestId,
              );
            else
              results[index] = failed(
                update,
                'permanent',
                'not_confirmed',
                'Shopee neither confirmed nor refused this update',
                reply.requestId,
              );
          }
        } catch (error) {
          if (!(error instanceof ConnectorError)) throw error;
          for (const { index, update } of batch) {
            results[index] = failed(
              update,
              error.kind,
              error.marketplaceCode,
              error.message,
              error.requestId,
            );
          }
        }
      }),
    );
    return results.map(
      (result, index) =>
        result ?? failed(updates[index]!, 'permanent', 'internal', 'no result', null),
    );
  }

  async create(input: CreateListingInput): Promise<Page<NormalizedListing>> {
    const operation = 'product.add_item';
    const fields = ShopeeCreateFields.safeParse(input.marketplaceFields);
    const invalid = (message: string) =>
      new InvalidInputError(`Cannot create the Shopee listing: ${message}`, {
        marketplace: 'shopee',
        operation,
      });
    if (!fields.success)
      throw invalid(
        fields.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
      );
    if (input.weightGrams === null || !(input.weightGrams > 0))
      throw invalid('a weight is required');
    if (!Number.isSafeInteger(input.quantity) || input.quantity < 0)
      throw invalid('quantity must be a whole number ≥ 0');
    let price: number;
    try {
      if (input.price.currency !== this.market.currency)
        throw new RangeError(`the shop sells in ${this.market.currency}`);
      price = shopeePriceOf(input.price, this.market.decimalPrices);
    } catch (error) {
      throw invalid(error instanceof Error ? error.message : String(error));
    }
    const reply = await this.api.shopPost(
      operation,
      ADD_ITEM_PATH,
      {
        original_price: price,
        description: input.description,
        weight: input.weightGrams / 1000,
        item_name: input.title,
        item_status: input.status === 'active' ? 'NORMAL' : 'UNLIST',
        category_id: fields.data.categoryId,
        image: { image_id_list: fields.data.imageIds },
        logistic_info: fields.data.logistics.map((channel) => ({
          logistic_id: channel.logisticId,
          enabled: channel.enabled,
          ...(channel.isFree === undefined ? {} : { is_free: channel.isFree }),
          ...(channel.shippingFee === undefined ? {} : { shipping_fee: channel.shippingFee }),
        })),
        item_sku: input.sku,
        condition: fields.data.condition ?? 'NEW',
        seller_stock: [{ stock: input.quantity }],
      },
      ItemWriteReply,
      false,
    );
    return this.items.getListing(reply.data.item_id);
  }

  async update(remoteId: string, changes: ListingChangesInput): Promise<void> {
    const operation = 'product.update_item';
    if (!/^\d+$/.test(remoteId))
      throw new InvalidInputError(`"${remoteId}" is not a Shopee item id`, {
        marketplace: 'shopee',
        operation,
      });
    const body: Record<string, unknown> = { item_id: Number(remoteId) };
    if (changes.title !== undefined) body.item_name = changes.title;
    if (changes.description !== undefined) body.description = changes.description;
    if (changes.sku !== undefined) body.item_sku = changes.sku;
    if (changes.status !== undefined)
      body.item_status = changes.status === 'active' ? 'NORMAL' : 'UNLIST';
    if (Object.keys(body).length === 1)
      throw new InvalidInputError('Nothing to change', { marketplace: 'shopee', operation });
    // Not retried blindly after a cut reply: the engine checks on the next pull whether it landed.
    await this.api.shopPost(operation, UPDATE_ITEM_PATH, body, ItemWriteReply, false);
  }
}
