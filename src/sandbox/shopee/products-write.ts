/**
 * Creating and editing items in the fake Shopee (v2.product.add_item / update_item / unlist_item).
 * add_item requires what the reference marks required: original_price, description, weight,
 * item_name, category_id, image.image_id_list and logistic_info; new items have no models. Every
 * applied field is logged (see ShopeeSandbox.writes) and stamps the item's update_time.
 */
import type { SandboxResponse } from '../kit/server.js';
import { ITEM_ID_STEP } from './generate.js';
import { UNEDITABLE_STATUSES, addItem as addShopItem, changeItem, type FakeItem } from './state.js';
import { logWrite, type ApiContext } from './products.js';
import { ShopeeApiError, centsFromJsonPrice, jsonPrice, success } from './protocol.js';

const DECIMALS = 2;

function weightText(value: unknown): string {
  if (typeof value !== 'number' || !(value > 0)) {
    throw new ShopeeApiError(
      'error_param',
      'Wrong parameters, detail: weight must be a positive number of kg.',
    );
  }
  return String(value);
}

function itemStatus(value: unknown): 'NORMAL' | 'UNLIST' | undefined {
  if (value === undefined) return undefined;
  if (value === 'NORMAL' || value === 'UNLIST') return value;
  throw new ShopeeApiError(
    'error_param',
    'Wrong parameters, detail: item_status could be UNLIST or NORMAL.',
  );
}

function itemJson(item: FakeItem) {
  return {
    item_id: item.item_id,
    item_name: item.item_name,
    description: item.description,
    item_status: item.item_status,
    category_id: item.category_id,
    weight: Number(item.weight),
    condition: 'NEW',
    pre_order: { is_pre_order: false, days_to_ship: 2 },
    images: {
      image_id_list: [`sbx-${item.item_id}`],
      image_url_list: [`https://sandbox.invalid/img/${item.item_id}.jpg`],
    },
    description_type: 'normal',
  };
}

export function addItem(context: ApiContext): SandboxResponse {
  const { params, state, random, nowSeconds } = context;
  const cents = centsFromJsonPrice(params.raw('original_price'), DECIMALS);
  if (cents === null)
    throw new ShopeeApiError('error_invalid_price', 'Invalid price, please use the correct format');
  const description = params.string('description', { required: true, maxLength: 5000 })!;
  const weight = weightText(params.raw('weight'));
  const name = params.string('item_name', { required: true, maxLength: 255 })!;
  const categoryId = params.int('category_id', { required: true, min: 1 })!;
  const image = params.object('image', true)!;
  if (!Array.isArray(image.image_id_list) || image.image_id_list.length === 0) {
    throw new ShopeeApiError(
      'error_param',
      'Wrong parameters, detail: image.image_id_list is required.',
    );
  }
  const logistics = params.array('logistic_info', { min: 1, max: 50 });
  for (const entry of logistics) {
    const channel = entry as Record<string, unknown> | null;
    if (typeof channel?.logistic_id !== 'number' || typeof channel.enabled !== 'boolean') {
      throw new ShopeeApiError(
        'error_param',
        'Wrong parameters, detail: logistic_info needs logistic_id and enabled.',
      );
    }
  }
  const stockEntries = params.raw('seller_stock');
  let stock = 0;
  if (stockEntries !== undefined) {
    const first = Array.isArray(stockEntries)
      ? (stockEntries[0] as Record<string, unknown> | undefined)
      : undefined;
    if (typeof first?.stock !== 'number' || !Number.isSafeInteger(first.stock) || first.stock < 0) {
      throw new ShopeeApiError(
        'error_param',
        'Wrong parameters, detail: seller_stock[].stock must be a non-negative integer.',
      );
    }
    stock = first.stock;
  }
  const item: FakeItem = {
    item_id: state.nextItemId,
    item_sku: params.string('item_sku', { required: false, maxLength: 100 }) ?? '',
    item_name: name,
    description,
    category_id: categoryId,
    item_status: itemStatus(params.raw('item_status')) ?? 'NORMAL',
    create_time: nowSeconds,
    update_time: nowSeconds,
    weight,
    price_cents: cents,
    stock,
    attributes: [],
    tier_variation: [],
    models: [],
  };
  state.nextItemId += ITEM_ID_STEP;
  addShopItem(state, item);
  logWrite(context, item.item_id, 0, 'item_name', item.item_name);
  logWrite(context, item.item_id, 0, 'description', item.description);
  logWrite(context, item.item_id, 0, 'item_status', item.item_status);
  logWrite(context, item.item_id, 0, 'price', cents);
  logWrite(context, item.item_id, 0, 'stock', stock);
  const price = jsonPrice(cents, DECIMALS);
  return success(random, {
    ...itemJson(item),
    price_info: { original_price: price, current_price: price },
    seller_stock: [{ location_id: '', stock }],
  });
}

export function updateItem(context: ApiContext): SandboxResponse {
  const { params, state, random, nowSeconds } = context;
  const item = state.itemById.get(params.int('item_id', { required: true, min: 1 })!);
  if (!item) throw new ShopeeApiError('error_item_not_found', 'Item_id is not found.');
  if (UNEDITABLE_STATUSES.includes(item.item_status)) {
    throw new ShopeeApiError(
      'error_item_uneditable',
      "Can't edit this item. item status can not support editing.",
    );
  }
  const name = params.string('item_name', { required: false, maxLength: 255 });
  const description = params.string('description', { required: false, maxLength: 5000 });
  const sku = params.string('item_sku', { required: false, maxLength: 100 });
  const status = itemStatus(params.raw('item_status'));
  const weight = params.has('weight') ? weightText(params.raw('weight')) : undefined;
  const id = item.item_id;
  changeItem(state, item, nowSeconds, () => {
    if (name !== undefined) {
      item.item_name = name;
      logWrite(context, id, 0, 'item_name', name);
    }
    if (description !== undefined) {
      item.description = description;
      logWrite(context, id, 0, 'description', description);
    }
    if (status !== undefined) {
      item.item_status = status;
      logWrite(context, id, 0, 'item_status', status);
    }
    // SKU and weight are not fields the write log follows; they still change the item.
    if (sku !== undefined) item.item_sku = sku;
    if (weight !== undefined) item.weight = weight;
  });
  return success(random, itemJson(item));
}

/**
 * v2.product.unlist_item: 1-50 `{item_id, unlist}`; each item succeeds or fails on its own
 * (failure_list / success_list). Banned and reviewing items cannot be delisted; when no entry
 * succeeds the call answers error_unlist_item_all_failed.
 */
export function unlistItem(context: ApiContext): SandboxResponse {
  const { params, state, random, nowSeconds } = context;
  const entries = params.array('item_list', { min: 1, max: 50 });
  const applied: { item: FakeItem; unlist: boolean }[] = [];
  const failureList: { item_id: number; failed_reason: string }[] = [];
  const seen = new Set<number>();
  for (const raw of entries) {
    const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const itemId = entry.item_id;
    if (typeof itemId !== 'number' || !Number.isSafeInteger(itemId) || itemId < 1) {
      throw new ShopeeApiError('error_param', 'Wrong parameters, detail: item_id is required.');
    }
    if (typeof entry.unlist !== 'boolean') {
      throw new ShopeeApiError('error_param', 'Wrong parameters, detail: unlist is required.');
    }
    if (seen.has(itemId)) throw new ShopeeApiError('error_param', 'Repeat item_id.');
    seen.add(itemId);
    const item = state.itemById.get(itemId);
    if (!item || item.item_status === 'SELLER_DELETE' || item.item_status === 'SHOPEE_DELETE') {
      failureList.push({ item_id: itemId, failed_reason: 'Product not found' });
    } else if (item.item_status === 'BANNED' || item.item_status === 'REVIEWING') {
      failureList.push({
        item_id: itemId,
        failed_reason: 'Banned and Reviewing Products cannot be delisted',
      });
    } else {
      applied.push({ item, unlist: entry.unlist });
    }
  }
  if (applied.length === 0) {
    throw new ShopeeApiError('error_unlist_item_all_failed', 'Unlist item all failed.', {
      failure_list: failureList,
      success_list: [],
    });
  }
  for (const { item, unlist } of applied) {
    const status = unlist ? 'UNLIST' : 'NORMAL';
    changeItem(state, item, nowSeconds, () => {
      item.item_status = status;
      logWrite(context, item.item_id, 0, 'item_status', status);
    });
  }
  return success(random, {
    failure_list: failureList,
    success_list: applied.map(({ item, unlist }) => ({ item_id: item.item_id, unlist })),
  });
}
