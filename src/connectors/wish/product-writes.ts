/**
 * Writing to Wish products. Price and stock go through the asynchronous bulk update:
 * POST /api/v3/products/bulk_update with one BulkUpdateProduct per product (its variations' price
 * or inventories), then GET /api/v3/products/bulk_update/{id} until the job is READY (or EXCEPTION).
 *
 * Per-item results: the job reports counts and, when READY, result files whose format is not
 * published (UNCONFIRMED). So the outcome of each variation is established the safe way: every
 * product of the job is read back, and a variation whose price or inventory is not what was asked
 * is reported as not applied. Updates for the same variation within one call: the last one wins
 * and every one of them gets that outcome. Item-level edits use PUT /api/v3/products/{id}
 * (path UNCONFIRMED).
 */
import { chunks } from '../batch.js';
import type { ItemResult, ListingChangesInput, PriceUpdate, StockUpdate } from '../connector.js';
import { ConnectorError, InvalidInputError } from '../http/errors.js';
import type { Money } from '../../shared/money.js';
import { z } from 'zod';
import type { WishApi } from './api.js';
import { moneyFromWish, wishMoneyOf } from './normalize.js';
import type { WishProducts } from './products.js';
import { BulkJob, Product, ProductVariation } from './schemas.js';

const BULK_PATH = '/api/v3/products/bulk_update';
/** Wish states no batch size; 100 products per job keeps a failed job small. UNCONFIRMED. */
export const BULK_PRODUCTS = 100;
export const POLL_INTERVAL_MS = 2000;
export const MAX_JOB_WAIT_MS = 15 * 60_000;
const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

type Failure = Extract<ItemResult, { ok: false }>;
interface Target {
  index: number;
  remoteId: string;
  remoteVariantId: string;
}
type Want =
  { kind: 'price'; price: Money } | { kind: 'stock'; quantity: number; warehouseId: string };

function failure(
  target: Target,
  kind: Failure['kind'],
  code: string | null,
  message: string,
): Failure {
  return {
    remoteId: target.remoteId,
    remoteVariantId: target.remoteVariantId,
    ok: false,
    kind,
    code,
    message,
    requestId: null,
  };
}

export class WishProductWrites {
  constructor(
    private readonly api: WishApi,
    private readonly products: WishProducts,
    private readonly warehouseId: () => string | null,
  ) {}

  async updatePrices(updates: PriceUpdate[]): Promise<ItemResult[]> {
    return this.run(
      updates.map((update) => ({
        target: update,
        want: { kind: 'price' as const, price: update.price },
      })),
    );
  }

  async updateStock(updates: StockUpdate[]): Promise<ItemResult[]> {
    const results: (ItemResult | null)[] = updates.map(() => null);
    const prepared: { target: StockUpdate; want: Want; index: number }[] = [];
    const unknown = updates.filter(
      (update) => OBJECT_ID.test(update.remoteId) && !this.warehouseFor(update.remoteVariantId),
    );
    // Where a variation's warehouse is not known yet, its product is read first.
    if (unknown.length > 0)
      await this.products.details([...new Set(unknown.map((update) => update.remoteId))]);
    updates.forEach((update, index) => {
      const target = { ...update, index };
      if (
        !Number.isSafeInteger(update.quantity) ||
        update.quantity < 0 ||
        update.quantity > 500_000
      ) {
        results[index] = failure(
          target,
          'permanent',
          'invalid_quantity',
          'Wish takes inventory from 0 to 500,000',
        );
        return;
      }
      const warehouse = this.warehouseFor(update.remoteVariantId);
      if (warehouse === null && OBJECT_ID.test(update.remoteId)) {
        results[index] = failure(
          target,
          'needs_user',
          'warehouse_unknown',
          'This Wish variation is stocked in several warehouses (or none is known); choose the warehouse in the account settings',
        );
        return;
      }
      prepared.push({
        target: update,
        index,
        want: { kind: 'stock', quantity: update.quantity, warehouseId: warehouse ?? '' },
      });
    });
    const ran = await this.run(prepared.map(({ target, want }) => ({ target, want })));
    prepared.forEach((entry, position) => {
      results[entry.index] = ran[position]!;
    });
    return results as ItemResult[];
  }

  private warehouseFor(variationId: string): string | null {
    const configured = this.warehouseId();
    if (configured !== null) return configured;
    const known = this.products.warehouses.get(variationId);
    return known && known.length === 1 ? known[0]! : null;
  }

  /** Validates, groups by product, runs the jobs concurrently and reads the products back. */
  private async run(
    entries: { target: { remoteId: string; remoteVariantId: string }; want: Want }[],
  ): Promise<ItemResult[]> {
    const results: ItemResult[] = new Array<ItemResult>(entries.length);
    const byProduct = new Map<string, Map<string, { want: Want; targets: Target[] }>>();
    entries.forEach(({ target, want }, index) => {
      const item: Target = {
        index,
        remoteId: target.remoteId,
        remoteVariantId: target.remoteVariantId,
      };
      if (!OBJECT_ID.test(target.remoteId) || !OBJECT_ID.test(target.remoteVariantId)) {
        results[index] = failure(
          item,
          'permanent',
          'invalid_id',
          'A Wish listing is a product id and a variation id (24 hex digits each)',
        );
        return;
      }
      const variations =
        byProduct.get(target.remoteId) ?? new Map<string, { want: Want; targets: Target[] }>();
      byProduct.set(target.remoteId, variations);
      const slot = variations.get(target.remoteVariantId);
      if (slot) {
        slot.want = want;
        slot.targets.push(item);
      } else variations.set(target.remoteVariantId, { want, targets: [item] });
    });
    const groups = chunks([...byProduct.entries()], BULK_PRODUCTS);
    await Promise.all(
      groups.map(async (group) => {
        const outcome = await this.job(group);
        for (const [productId, variations] of group) {
          for (const [variationId, slot] of variations) {
            const verdict = outcome(productId, variationId, slot.want);
            for (const target of slot.targets) {
              results[target.index] =
                verdict === null
                  ? { remoteId: target.remoteId, remoteVariantId: target.remoteVariantId, ok: true }
                  : {
                      ...verdict,
                      remoteId: target.remoteId,
                      remoteVariantId: target.remoteVariantId,
                    };
            }
          }
        }
      }),
    );
    return results;
  }

  /**
   * One bulk job; resolves with a judge that says, per variation, null (applied) or the failure.
   * Errors of the whole job (the marketplace refused it, it failed, it never finished) become every
   * item's failure rather than a rejection, so one bad job does not hide the others' results.
   */
  private async job(
    group: [string, Map<string, { want: Want; targets: Target[] }>][],
  ): Promise<(productId: string, variationId: string, want: Want) => Failure | null> {
    const body = group.map(([productId, variations]) => ({
      id: productId,
      variations: [...variations].map(([variationId, { want }]) =>
        want.kind === 'price'
          ? { id: variationId, price: wishMoneyOf(want.price) }
          : {
              id: variationId,
              inventories: [{ warehouse_id: want.warehouseId, inventory: want.quantity }],
            },
      ),
    }));
    const everyone = (kind: Failure['kind'], code: string | null, message: string) => () =>
      ({
        remoteId: '',
        remoteVariantId: '',
        ok: false,
        kind,
        code,
        message,
        requestId: null,
      }) as Failure;
    const stockOnly = group.every(([, variations]) =>
      [...variations.values()].every(({ want }) => want.kind === 'stock'),
    );
    let job: BulkJob;
    try {
      // A job whose creation reply was lost may be queued already: creating it again would apply
      // it twice (a price could even land after a newer one). Only an all-stock job, setting
      // absolute quantities, is repeated; otherwise the items come back retryable for the engine
      // to reconcile on its next pull.
      job = await this.api.send(
        'products.bulk_update',
        'POST',
        BULK_PATH,
        body,
        BulkJob,
        stockOnly,
      );
      const clock = this.api.client.clock;
      const started = clock.now();
      while (job.status !== 'READY' && job.status !== 'EXCEPTION') {
        if (clock.now() - started > MAX_JOB_WAIT_MS) {
          return everyone(
            'retryable',
            'job_timeout',
            `Wish bulk job ${job.id} did not finish in time; it may still apply`,
          );
        }
        await clock.sleep(POLL_INTERVAL_MS);
        job = await this.api.get(
          'products.bulk_update_status',
          `${BULK_PATH}/${job.id}`,
          {},
          BulkJob,
        );
      }
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      return everyone(error.kind, error.marketplaceCode, error.message);
    }
    if (job.status === 'EXCEPTION')
      return everyone('retryable', 'job_exception', `Wish bulk job ${job.id} failed`);
    return this.readBack(group.map(([productId]) => productId));
  }

  private async readBack(
    productIds: string[],
  ): Promise<(productId: string, variationId: string, want: Want) => Failure | null> {
    const read = new Map<string, Map<string, ProductVariation> | ConnectorError>();
    await Promise.all(
      productIds.map(async (id) => {
        try {
          const product = await this.api.get('products.get', `/api/v3/products/${id}`, {}, Product);
          const variations = new Map<string, ProductVariation>();
          for (const raw of product.variations) {
            const variation = ProductVariation.safeParse(raw);
            if (variation.success) variations.set(variation.data.id, variation.data);
          }
          read.set(id, variations);
        } catch (error) {
          if (!(error instanceof ConnectorError)) throw error;
          read.set(id, error);
        }
      }),
    );
    return (productId, variationId, want) => {
      const base = {
        remoteId: productId,
        remoteVariantId: variationId,
        ok: false as const,
        requestId: null,
      };
      const product = read.get(productId);
      if (product instanceof ConnectorError) {
        return {
          ...base,
          kind: product.kind === 'permanent' ? 'permanent' : 'retryable',
          code: product.marketplaceCode,
          message: `The job ran but the product could not be read back: ${product.message}`,
        };
      }
      const variation = product?.get(variationId);
      if (!variation)
        return {
          ...base,
          kind: 'permanent',
          code: 'not_found',
          message: `Wish product ${productId} has no variation ${variationId}`,
        };
      if (want.kind === 'price') {
        let current: Money | null;
        try {
          current = moneyFromWish(variation.price);
        } catch {
          current = null;
        }
        if (
          current &&
          current.amountMinor === want.price.amountMinor &&
          current.currency === want.price.currency
        )
          return null;
        return {
          ...base,
          kind: 'permanent',
          code: 'not_applied',
          message: `Wish did not apply the price (it is ${variation.price.amount} ${variation.price.currency_code})`,
        };
      }
      const slot = variation.inventories.find((entry) => entry.warehouse_id === want.warehouseId);
      if (slot && slot.inventory === want.quantity) return null;
      return {
        ...base,
        kind: 'permanent',
        code: 'not_applied',
        message: `Wish did not apply the inventory (it is ${slot?.inventory ?? 'unknown'})`,
      };
    };
  }

  async updateListing(remoteId: string, changes: ListingChangesInput): Promise<void> {
    const operation = 'products.update';
    const invalid = (message: string) =>
      new InvalidInputError(message, { marketplace: 'wish', operation });
    if (!OBJECT_ID.test(remoteId)) throw invalid(`"${remoteId}" is not a Wish product id`);
    if (changes.sku !== undefined)
      throw invalid('The SKU of a Wish listing is set on its variation, not here');
    const body: Record<string, string> = {};
    if (changes.title !== undefined) {
      if (changes.title.trim() === '') throw invalid('The title must not be empty');
      body.name = changes.title;
    }
    if (changes.description !== undefined) {
      if (changes.description.trim() === '' || changes.description.length > 4000) {
        throw invalid('The description must be 1 to 4,000 characters');
      }
      body.description = changes.description;
    }
    if (changes.status !== undefined)
      body.status = changes.status === 'active' ? 'ENABLED' : 'DISABLED';
    if (Object.keys(body).length === 0) throw invalid('Nothing to change');
    // Not repeated after a lost reply (thrown with maybeApplied): a blind repeat could land after a
    // newer edit of the same fields; the engine's next pull shows whether this one landed.
    await this.api.send(operation, 'PUT', `/api/v3/products/${remoteId}`, body, z.unknown(), false);
  }
}
