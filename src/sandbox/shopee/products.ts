/**
 * Product APIs of the fake Shopee (v2.product.*), from the reference records: item list with
 * offset paging (page_size 1-100, item_status repeated, optional update_time range), base info
 * for at most 50 items, model lists, and price/stock updates of ONE item with 1-50 models per call
 * answering per-model success_list / failure_list.
 */
import type { SandboxResponse } from '../kit/server.js';
import type { Random } from '../kit/random.js';
import {
  ITEM_STATUSES,
  UNEDITABLE_STATUSES,
  changeItem,
  findModel,
  recordWrite,
  type FakeItem,
  type FakeModel,
  type ShopState,
  type WriteField,
} from './state.js';
import type { Params } from './protocol.js';
import { ShopeeApiError, centsFromJsonPrice, jsonPrice, success } from './protocol.js';

export interface ApiContext {
  state: ShopState;
  random: Random;
  nowSeconds: number;
  /** Simulated epoch milliseconds of the request (the write log's time). */
  nowMs: number;
  path: string;
  params: Params;
}

/** Records one applied field of a write API call (see ShopeeSandbox.writes). */
export function logWrite(
  context: ApiContext,
  itemId: number,
  modelId: number,
  field: WriteField,
  value: number | string,
): void {
  recordWrite(context.state, {
    at: context.nowMs,
    path: context.path,
    itemId,
    modelId,
    field,
    value,
  });
}

const DECIMALS = 2;

function findItem(state: ShopState, itemId: number): FakeItem {
  const item = state.itemById.get(itemId);
  if (!item) throw new ShopeeApiError('error_item_not_found', 'Item_id is not found.');
  return item;
}

function priceInfo(state: ShopState, cents: number) {
  const price = jsonPrice(cents, DECIMALS);
  return [
    {
      currency: state.currency,
      original_price: price,
      current_price: price,
      inflated_price_of_original_price: price,
      inflated_price_of_current_price: price,
    },
  ];
}

function stockInfo(stock: number) {
  return {
    summary_info: { total_reserved_stock: 0, total_available_stock: stock },
    seller_stock: [{ location_id: '', stock, if_saleable: true }],
  };
}

function baseInfo(state: ShopState, item: FakeItem) {
  const hasModel = item.models.length > 0;
  return {
    item_id: item.item_id,
    category_id: item.category_id,
    item_name: item.item_name,
    description: item.description,
    item_sku: item.item_sku,
    create_time: item.create_time,
    update_time: item.update_time,
    attribute_list: item.attributes.map((attribute) => ({
      attribute_id: attribute.attribute_id,
      original_attribute_name: attribute.name,
      is_mandatory: false,
      attribute_value_list: [{ value_id: 0, original_value_name: attribute.value, value_unit: '' }],
    })),
    ...(hasModel ? {} : { price_info: priceInfo(state, item.price_cents) }),
    image: {
      image_url_list: [`https://sandbox.invalid/img/${item.item_id}.jpg`],
      image_id_list: [`sbx-${item.item_id}`],
    },
    weight: item.weight,
    pre_order: { is_pre_order: false, days_to_ship: 2 },
    condition: 'NEW',
    item_status: item.item_status,
    has_model: hasModel,
    promotion_id: 0,
    brand: { brand_id: 0, original_brand_name: 'NoBrand' },
    description_type: 'normal',
    ...(hasModel ? {} : { stock_info_v2: stockInfo(item.stock) }),
  };
}

interface ListCacheEntry {
  version: number;
  items: FakeItem[];
}
/**
 * The last few item-list queries per shop, valid while no item changed status or update_time:
 * walking the list page by page then filters the shop once, not once per page.
 */
const listCache = new WeakMap<ShopState, Map<string, ListCacheEntry>>();
const LIST_CACHE_SIZE = 8;

function matchingItems(
  state: ShopState,
  statuses: string[],
  from: number | undefined,
  to: number | undefined,
): FakeItem[] {
  const key = `${[...new Set(statuses)].sort().join(',')}|${from ?? ''}|${to ?? ''}`;
  let cache = listCache.get(state);
  if (!cache) listCache.set(state, (cache = new Map<string, ListCacheEntry>()));
  const hit = cache.get(key);
  if (hit && hit.version === state.itemsVersion) return hit.items;
  const wanted = new Set(statuses);
  let items: FakeItem[];
  if (from === undefined && to === undefined) {
    items = state.items.filter((item) => wanted.has(item.item_status));
  } else {
    // The update_time index narrows the range; the answer keeps the item_id order of a full list.
    const index = state.itemsByUpdate;
    const start = from === undefined ? 0 : index.firstIndex((item) => item.update_time < from);
    const end =
      to === undefined ? index.length : index.firstIndex((item) => item.update_time <= to);
    items = index
      .slice(start, end)
      .filter((item) => wanted.has(item.item_status))
      .sort((a, b) => a.item_id - b.item_id);
  }
  cache.delete(key);
  cache.set(key, { version: state.itemsVersion, items });
  if (cache.size > LIST_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return items;
}

export function getItemList(context: ApiContext): SandboxResponse {
  const { params, state, random } = context;
  const offset = params.int('offset', { required: true, min: 0 })!;
  const pageSize = params.int('page_size', { required: true, min: 1, max: 100 })!;
  const statuses = params.all('item_status');
  if (statuses.length === 0)
    throw new ShopeeApiError('error_param', 'Wrong parameters, detail: item_status is required.');
  if (statuses.some((status) => !(ITEM_STATUSES as readonly string[]).includes(status))) {
    throw new ShopeeApiError('error_param_item_status', 'Item status error.');
  }
  const from = params.int('update_time_from', { required: false, min: 0 });
  const to = params.int('update_time_to', { required: false, min: 0 });
  if (from !== undefined && to !== undefined && to < from) {
    throw new ShopeeApiError(
      'error_update_time_range',
      'Update_time_to should be later than update_time_from.',
    );
  }
  const matching = matchingItems(state, statuses, from, to);
  const page = matching.slice(offset, offset + pageSize);
  const hasNext = offset + page.length < matching.length;
  return success(random, {
    item: page.map((item) => ({
      item_id: item.item_id,
      item_status: item.item_status,
      update_time: item.update_time,
      tag: { kit: false },
    })),
    total_count: matching.length,
    has_next_page: hasNext,
    next_offset: hasNext ? offset + page.length : 0,
  });
}

export function getItemBaseInfo(context: ApiContext): SandboxResponse {
  const { params, state, random } = context;
  const ids = params.intList('item_id_list', { min: 1, max: 50 });
  const found = ids
    .map((id) => state.itemById.get(id))
    .filter((item): item is FakeItem => item !== undefined);
  if (found.length === 0) throw new ShopeeApiError('error_item_not_found', 'Item_id is not found.');
  return success(random, { item_list: found.map((item) => baseInfo(state, item)) });
}

function modelJson(state: ShopState, model: FakeModel) {
  return {
    model_id: model.model_id,
    model_sku: model.model_sku,
    model_status: model.model_status,
    tier_index: model.tier_index,
    promotion_id: 0,
    price_info: priceInfo(state, model.price_cents),
    stock_info_v2: stockInfo(model.stock),
    pre_order: { is_pre_order: false, days_to_ship: 2 },
  };
}

export function getModelList(context: ApiContext): SandboxResponse {
  const { params, state, random } = context;
  const item = findItem(state, params.int('item_id', { required: true, min: 1 })!);
  return success(random, {
    tier_variation: item.tier_variation.map((tier) => ({
      name: tier.name,
      option_list: tier.options.map((option) => ({ option })),
    })),
    model: item.models.map((model) => modelJson(state, model)),
  });
}

interface ModelTarget {
  modelId: number;
  value: number;
  target: FakeItem | FakeModel;
}

/** Shared shape of update_price and update_stock: one item, 1-50 entries, per-model outcome. */
function updateModels(
  context: ApiContext,
  listName: 'price_list' | 'stock_list',
  field: WriteField,
  read: (entry: Record<string, unknown>) => { value: number } | { failure: string },
  write: (target: FakeItem | FakeModel, value: number) => void,
  successEntry: (modelId: number, value: number) => Record<string, unknown>,
): SandboxResponse {
  const { params, state, random, nowSeconds } = context;
  const item = findItem(state, params.int('item_id', { required: true, min: 1 })!);
  if (UNEDITABLE_STATUSES.includes(item.item_status)) {
    throw new ShopeeApiError(
      'error_item_uneditable',
      "Can't edit this item. item status can not support editing.",
    );
  }
  const entries = params.array(listName, { min: 1, max: 50 });
  const seen = new Set<number>();
  const successList: Record<string, unknown>[] = [];
  const failureList: { model_id: number; failed_reason: string }[] = [];
  const targets: ModelTarget[] = [];
  for (const raw of entries) {
    if (typeof raw !== 'object' || raw === null)
      throw new ShopeeApiError('error_param', 'Invalid parameter for product.');
    const entry = raw as Record<string, unknown>;
    const modelId = entry.model_id === undefined ? 0 : entry.model_id;
    if (typeof modelId !== 'number' || !Number.isSafeInteger(modelId)) {
      throw new ShopeeApiError('error_param', 'Wrong model_id.');
    }
    if (seen.has(modelId)) throw new ShopeeApiError('error_param', 'Repeat model_id.');
    seen.add(modelId);
    if (modelId === 0 && item.models.length > 0) {
      const code =
        listName === 'price_list'
          ? 'error_edit_item_price_for_item_has_model'
          : 'error_edit_item_stock_for_item_has_model';
      throw new ShopeeApiError(code, "Can't edit item directly while item has models.");
    }
    const model = modelId === 0 ? null : findModel(item, modelId);
    if (model === undefined) {
      failureList.push({ model_id: modelId, failed_reason: 'Wrong model_id.' });
      continue;
    }
    const parsed = read(entry);
    if ('failure' in parsed) {
      failureList.push({ model_id: modelId, failed_reason: parsed.failure });
      continue;
    }
    targets.push({ modelId, value: parsed.value, target: model ?? item });
    successList.push(successEntry(modelId, parsed.value));
  }
  // Nothing is written until every entry has been read, so a malformed call changes nothing.
  if (targets.length > 0) {
    changeItem(state, item, nowSeconds, () => {
      for (const { target, value, modelId } of targets) {
        write(target, value);
        logWrite(context, item.item_id, modelId, field, value);
      }
    });
  }
  if (targets.length === 0 && listName === 'stock_list') {
    throw new ShopeeApiError(
      'error_busi_update_stock_failed',
      'Update stock failed, please check failure_list for detailed reason',
      { failure_list: failureList, success_list: [] },
    );
  }
  return success(random, { failure_list: failureList, success_list: successList });
}

export function updatePrice(context: ApiContext): SandboxResponse {
  return updateModels(
    context,
    'price_list',
    'price',
    (entry) => {
      const cents = centsFromJsonPrice(entry.original_price, DECIMALS);
      return cents === null
        ? { failure: 'Invalid price, please use the correct format' }
        : { value: cents };
    },
    (target, cents) => {
      target.price_cents = cents;
    },
    (modelId, cents) => ({ model_id: modelId, original_price: jsonPrice(cents, DECIMALS) }),
  );
}

export function updateStock(context: ApiContext): SandboxResponse {
  return updateModels(
    context,
    'stock_list',
    'stock',
    (entry) => {
      const sellerStock = entry.seller_stock;
      if (!Array.isArray(sellerStock) || sellerStock.length !== 1) {
        return { failure: 'Parameter is not match the constraints, seller_stock needs one entry.' };
      }
      const stock = (sellerStock[0] as Record<string, unknown> | null)?.stock;
      if (typeof stock !== 'number' || !Number.isSafeInteger(stock) || stock < 0) {
        return {
          failure: 'Parameter is not match the constraints, stock must be a non-negative integer.',
        };
      }
      return { value: stock };
    },
    (target, stock) => {
      target.stock = stock;
    },
    (modelId, stock) => ({ model_id: modelId, location_id: '', stock }),
  );
}
