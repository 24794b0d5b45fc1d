/**
 * Shopee items and models to NormalizedListing: one listing per sellable unit (an item without
 * models, or each model of an item), `remoteId` = item_id and `remoteVariantId` = model_id or ''.
 * Anything that cannot be read exactly (missing price or stock, unknown currency, a wrong type)
 * becomes a PayloadProblem with the raw payload, never a guess.
 */
import type { NormalizedListing } from '../../shared/marketplace.js';
import type { Money } from '../../shared/money.js';
import type { PayloadProblem } from '../connector.js';
import type { ShopeeMarket } from './hosts.js';
import { moneyFromShopee } from './money.js';
import { BaseItem, Model, issueLines, type ModelListReply, type StockInfo } from './schemas.js';
import { listingStatusOf } from './status.js';

export interface Normalized<T> {
  items: T[];
  problems: PayloadProblem[];
}

export interface ItemSource {
  raw: unknown;
  requestId: string | null;
}

export interface ModelSource {
  reply: ModelListReply;
  requestId: string | null;
}

function rawId(raw: unknown, field: string): string | null {
  const value = (raw as Record<string, unknown> | null)?.[field];
  return typeof value === 'number' || typeof value === 'string' ? String(value) : null;
}

export function problem(
  kind: PayloadProblem['kind'],
  operation: string,
  remoteId: string | null,
  message: string,
  raw: unknown,
  requestId: string | null,
  issues: string[] = [],
): PayloadProblem {
  return { kind, operation, remoteId, message, issues, requestId, raw };
}

/** Seller-managed stock (what update_stock sets), else the available total. */
function quantityOf(stock: StockInfo | null | undefined): number | null {
  const seller = stock?.seller_stock;
  if (seller && seller.length > 0) return seller.reduce((sum, entry) => sum + entry.stock, 0);
  return stock?.summary_info?.total_available_stock ?? null;
}

function priceOf(
  info: { currency?: string | null; original_price: number | string } | undefined,
  market: ShopeeMarket,
): Money {
  if (!info) throw new RangeError('no price_info');
  return moneyFromShopee(info.original_price, info.currency || market.currency);
}

function descriptionOf(item: BaseItem): string {
  if (item.description) return item.description;
  const fields = item.description_info?.extended_description?.field_list ?? [];
  return fields
    .filter((field) => field.field_type === 'text' && field.text)
    .map((field) => field.text)
    .join('\n');
}

function attributesOf(item: BaseItem): Record<string, string> {
  const out: Record<string, string> = {};
  for (const attribute of item.attribute_list ?? []) {
    const name =
      attribute.original_attribute_name ||
      (attribute.attribute_id ? `attribute_${attribute.attribute_id}` : null);
    const values = (attribute.attribute_value_list ?? [])
      .map((value) => value.original_value_name ?? '')
      .filter(Boolean);
    if (name && values.length > 0) out[name] = values.join(', ');
  }
  return out;
}

export function listingsOfItem(
  source: ItemSource,
  models: ModelSource | null,
  market: ShopeeMarket,
): Normalized<NormalizedListing> {
  const operation = 'product.get_item_base_info';
  const parsed = BaseItem.safeParse(source.raw);
  if (!parsed.success) {
    const id = rawId(source.raw, 'item_id');
    return {
      items: [],
      problems: [
        problem(
          'invalid_payload',
          operation,
          id,
          `Shopee item ${id ?? '?'} could not be read`,
          source.raw,
          source.requestId,
          issueLines(parsed.error),
        ),
      ],
    };
  }
  const item = parsed.data;
  const problems: PayloadProblem[] = [];
  const status = listingStatusOf(item.item_status);
  if (!status.known) {
    problems.push(
      problem(
        'unknown_value',
        operation,
        item.item_id,
        `Unknown Shopee item status "${item.item_status}"; kept as inactive`,
        source.raw,
        source.requestId,
      ),
    );
  }
  const common = {
    remoteId: item.item_id,
    title: item.item_name,
    description: descriptionOf(item),
    bulletPoints: [],
    keywords: [],
    locale: market.locale,
    remoteUpdatedAt: item.update_time ? new Date(item.update_time * 1000).toISOString() : null,
  };
  const attributes = attributesOf(item);

  if (!item.has_model) {
    try {
      const quantity = quantityOf(item.stock_info_v2);
      if (quantity === null) throw new RangeError('no stock_info_v2');
      const listing: NormalizedListing = {
        ...common,
        remoteVariantId: '',
        sku: item.item_sku ?? '',
        attributes,
        price: priceOf(item.price_info?.[0], market),
        quantity,
        status: status.status,
        raw: { item: source.raw },
      };
      return { items: [listing], problems };
    } catch (error) {
      const message = `Shopee item ${item.item_id}: ${error instanceof Error ? error.message : String(error)}`;
      problems.push(
        problem('invalid_payload', operation, item.item_id, message, source.raw, source.requestId),
      );
      return { items: [], problems };
    }
  }

  if (!models) {
    problems.push(
      problem(
        'missing',
        'product.get_model_list',
        item.item_id,
        `Shopee item ${item.item_id} has models but none were read`,
        source.raw,
        source.requestId,
      ),
    );
    return { items: [], problems };
  }
  const tiers = models.reply.tier_variation ?? [];
  const items: NormalizedListing[] = [];
  for (const rawModel of models.reply.model ?? []) {
    const model = Model.safeParse(rawModel);
    const raw = { item: source.raw, model: rawModel, tier_variation: tiers };
    if (!model.success) {
      const id = rawId(rawModel, 'model_id');
      problems.push(
        problem(
          'invalid_payload',
          'product.get_model_list',
          item.item_id,
          `Shopee model ${id ?? '?'} of item ${item.item_id} could not be read`,
          raw,
          models.requestId,
          issueLines(model.error),
        ),
      );
      continue;
    }
    const listing = listingOfModel(model.data, tiers, attributes, market);
    if ('error' in listing) {
      problems.push(
        problem(
          'invalid_payload',
          'product.get_model_list',
          item.item_id,
          `Shopee model ${model.data.model_id}: ${listing.error}`,
          raw,
          models.requestId,
        ),
      );
      continue;
    }
    const unavailable =
      model.data.model_status === 'MODEL_UNAVAILABLE' && status.status === 'active';
    items.push({
      ...common,
      ...listing,
      sku: model.data.model_sku || item.item_sku || '',
      status: unavailable ? 'inactive' : status.status,
      raw,
    });
  }
  return { items, problems };
}

function listingOfModel(
  model: Model,
  tiers: NonNullable<ModelListReply['tier_variation']>,
  itemAttributes: Record<string, string>,
  market: ShopeeMarket,
):
  | { remoteVariantId: string; attributes: Record<string, string>; price: Money; quantity: number }
  | { error: string } {
  try {
    const quantity = quantityOf(model.stock_info_v2);
    if (quantity === null) return { error: 'no stock_info_v2' };
    const attributes = { ...itemAttributes };
    (model.tier_index ?? []).forEach((option, tier) => {
      const variation = tiers[tier];
      const value = variation?.option_list?.[option]?.option;
      if (variation && value !== undefined) attributes[variation.name] = value;
    });
    return {
      remoteVariantId: model.model_id,
      attributes,
      price: priceOf(model.price_info[0], market),
      quantity,
    };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
