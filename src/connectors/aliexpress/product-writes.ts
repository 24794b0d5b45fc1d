/**
 * Writing AliExpress products (notes §3.4, §6.3). Prices and stock go through the batch APIs:
 * `batch.product.price.update` and `batch.product.inventory.update`, at most 20 products per call
 * (and at most 200 SKUs per product for stock), SKUs addressed by sku_code, answering per product
 * in update_successful_list / update_failed_list. Updates are grouped by product, packed 20
 * products per call, sent concurrently (the limiter paces them), and every update gets a result:
 * its product's. Only absolute quantities are repeated after a lost reply; a price or a text edit
 * is applied exactly once (a lost reply is a retryable result the engine reconciles). Text edits use `product.edit`, which takes only the fields to change.
 */
import type { ItemResult, ListingChangesInput, PriceUpdate, StockUpdate } from '../connector.js';
import { chunks } from '../batch.js';
import {
  ConnectorError,
  InvalidInputError,
  PermanentError,
  UnsupportedError,
} from '../http/errors.js';
import { minorToDecimalString, currencyExponent } from '../../shared/money.js';
import { idParam, type AliExpressApi } from './api.js';
import { BatchReply, EditReply } from './schemas.js';

export const PRODUCT_BATCH = 20;
export const SKU_BATCH = 200;
const PRICE = 'aliexpress.solution.batch.product.price.update';
const STOCK = 'aliexpress.solution.batch.product.inventory.update';
const EDIT = 'aliexpress.solution.product.edit';

type Failure = Extract<ItemResult, { ok: false }>;
interface Keyed {
  remoteId: string;
  remoteVariantId: string;
}

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

/** One SKU's entry of a call, with the input positions it answers for. */
interface SkuEntry {
  entry: Record<string, string | number>;
  positions: number[];
}

/** One product's SKU entries of a call. */
interface ProductEntry {
  productId: string;
  skus: SkuEntry[];
}

export class AliExpressProductWrites {
  constructor(
    private readonly api: AliExpressApi,
    private readonly currency: string,
  ) {}

  updatePrices(updates: PriceUpdate[]): Promise<ItemResult[]> {
    // Not resent after a lost reply: the price may have landed, and a blind repeat could land after
    // a newer one. The engine's next pull shows whether it did.
    return this.batch(updates, PRICE, null, false, (update) => {
      if (update.price.currency !== this.currency) {
        throw new RangeError(
          `price is in ${update.price.currency}, the store sells in ${this.currency}`,
        );
      }
      if (update.price.amountMinor <= 0) throw new RangeError('price must be above zero');
      if (currencyExponent(update.price.currency) > 2)
        throw new RangeError('AliExpress prices have at most 2 decimals');
      return { price: minorToDecimalString(update.price.amountMinor, update.price.currency) };
    });
  }

  updateStock(updates: StockUpdate[]): Promise<ItemResult[]> {
    // An absolute quantity set twice is the same quantity, and stock pushes are recomputed anyway.
    return this.batch(updates, STOCK, SKU_BATCH, true, (update) => {
      if (!Number.isSafeInteger(update.quantity) || update.quantity < 0) {
        throw new RangeError('quantity must be a whole number ≥ 0');
      }
      return { inventory: update.quantity };
    });
  }

  private async batch<U extends Keyed>(
    updates: U[],
    method: string,
    skuLimit: number | null,
    idempotent: boolean,
    valueOf: (update: U) => Record<string, string | number>,
  ): Promise<ItemResult[]> {
    const results = new Array<ItemResult | undefined>(updates.length);
    // Grouped by product; a SKU given twice is sent once, with its last value, answering for both.
    const byProduct = new Map<string, Map<string, SkuEntry>>();
    updates.forEach((update, position) => {
      try {
        if (!/^\d+$/.test(update.remoteId))
          throw new RangeError(`"${update.remoteId}" is not an AliExpress product id`);
        if (update.remoteVariantId === '' || update.remoteVariantId.startsWith('#')) {
          throw new RangeError('this SKU has no sku_code, which AliExpress batch updates need');
        }
        const entry = { sku_code: update.remoteVariantId, ...valueOf(update) };
        const skus = byProduct.get(update.remoteId) ?? new Map<string, SkuEntry>();
        byProduct.set(update.remoteId, skus);
        const previous = skus.get(update.remoteVariantId);
        skus.set(update.remoteVariantId, {
          entry,
          positions: [...(previous?.positions ?? []), position],
        });
      } catch (error) {
        results[position] = failed(
          update,
          'permanent',
          'invalid_input',
          error instanceof Error ? error.message : String(error),
          null,
        );
      }
    });
    const entries: ProductEntry[] = [];
    for (const [productId, skus] of byProduct) {
      for (const part of chunks([...skus.values()], skuLimit ?? Number.MAX_SAFE_INTEGER))
        entries.push({ productId, skus: part });
    }
    // A product split into several parts goes into different calls, never twice in one.
    const calls: ProductEntry[][] = [];
    for (const entry of entries) {
      const call = calls.find(
        (candidate) =>
          candidate.length < PRODUCT_BATCH &&
          !candidate.some((other) => other.productId === entry.productId),
      );
      if (call) call.push(entry);
      else calls.push([entry]);
    }
    await Promise.all(calls.map((call) => this.send(method, call, idempotent, updates, results)));
    return results.map(
      (result, position) =>
        result ??
        failed(
          updates[position]!,
          'retryable',
          null,
          'AliExpress gave no result for this update',
          null,
        ),
    );
  }

  private async send<U extends Keyed>(
    method: string,
    call: ProductEntry[],
    idempotent: boolean,
    updates: U[],
    results: (ItemResult | undefined)[],
  ): Promise<void> {
    const answer = (entry: ProductEntry, result: (update: U) => ItemResult) => {
      for (const sku of entry.skus)
        for (const position of sku.positions) results[position] = result(updates[position]!);
    };
    let reply;
    try {
      reply = await this.api.business(
        method,
        {
          mutiple_product_update_list: call.map((entry) => ({
            product_id: idParam(entry.productId),
            multiple_sku_update_list: entry.skus.map((sku) => sku.entry),
          })),
        },
        BatchReply,
        idempotent,
      );
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      for (const entry of call) {
        answer(entry, (update) =>
          failed(
            update,
            error.kind,
            error.marketplaceCode,
            error.marketplaceMessage ?? error.message,
            error.requestId,
          ),
        );
      }
      return;
    }
    const succeeded = new Set(reply.data.update_successful_list.map((entry) => entry.product_id));
    const failures = new Map(
      reply.data.update_failed_list.map((entry) => [String(entry.product_id), entry]),
    );
    for (const entry of call) {
      const failure = failures.get(entry.productId);
      if (failure) {
        const code = failure.error_code === undefined ? null : String(failure.error_code);
        const retry = /system|busy|timeout|unavailable/i.test(
          `${code ?? ''} ${failure.error_message ?? ''}`,
        );
        answer(entry, (update) =>
          failed(
            update,
            retry ? 'retryable' : 'permanent',
            code,
            failure.error_message ?? 'AliExpress refused the update',
            reply.requestId,
          ),
        );
      } else if (
        succeeded.has(entry.productId) ||
        (reply.data.update_success === true && failures.size === 0)
      ) {
        answer(entry, (update) => ({
          remoteId: update.remoteId,
          remoteVariantId: update.remoteVariantId,
          ok: true,
        }));
      }
    }
  }

  /** Title and description through product.edit; other fields are not editable here. */
  async update(remoteId: string, changes: ListingChangesInput): Promise<void> {
    const details = { marketplace: 'aliexpress' as const, operation: EDIT };
    if (!/^\d+$/.test(remoteId))
      throw new InvalidInputError(`"${remoteId}" is not an AliExpress product id`, details);
    if (changes.status !== undefined || changes.sku !== undefined) {
      throw new UnsupportedError(
        'AliExpress listings can change title and description here, not status or SKU',
        details,
      );
    }
    const request: Record<string, string | number> = { product_id: idParam(remoteId) };
    if (changes.title !== undefined) {
      if (changes.title.trim() === '' || changes.title.length > 218)
        throw new InvalidInputError('The title must be 1-218 characters', details);
      request.subject = changes.title;
    }
    if (changes.description !== undefined) {
      if (changes.description.trim() === '')
        throw new InvalidInputError('The description must not be empty', details);
      request.detail = changes.description;
    }
    if (Object.keys(request).length === 1)
      throw new InvalidInputError('Nothing to change', details);
    // Not resent after a lost reply (thrown with maybeApplied): the engine checks on the next pull.
    const reply = await this.api.business(
      EDIT,
      { edit_product_request: request },
      EditReply,
      false,
    );
    if (reply.data.result.success === false) {
      throw new PermanentError(
        `AliExpress refused the edit: ${reply.data.result.error_message ?? ''}`,
        {
          ...details,
          requestId: reply.requestId,
          marketplaceCode:
            reply.data.result.error_code === undefined
              ? null
              : String(reply.data.result.error_code),
          marketplaceMessage: reply.data.result.error_message ?? null,
        },
      );
    }
  }
}
