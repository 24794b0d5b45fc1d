/**
 * Inventory items and reads of offers (contract sell_inventory_v1):
 * - getInventoryItems: `limit` 1-200 (default 25) and `offset` = the PAGE number (0-based), both
 *   strings; items in creation order; `total` items, `size` = number of pages (as the contract
 *   says), `next`/`prev` links;
 * - getInventoryItem, getInventoryItemGroup;
 * - createOrReplaceInventoryItem: Content-Language required; a COMPLETE replacement (a field left
 *   out is gone, so an item sent without availability has no quantity left); 201 when created,
 *   204 when replaced; a replaced item with published offers revises their listings (250 a day);
 * - deleteInventoryItem: the item and its offers go (published listings end);
 * - getOffers (`sku` needed: the method "retrieves all existing offers for the specified SKU";
 *   the contract marks it optional, UNCONFIRMED), getOffer. A SKU without offers answers 404 with
 *   errorId 25713 "This Offer is not available." (UNCONFIRMED).
 */
import type { SandboxResponse } from '../kit/server.js';
import { jsonBody, isObject, queryInteger, type HandlerInput } from './context.js';
import { inventoryError, invalidInventoryValue } from './errors.js';
import { EBAY_SITES } from './sites.js';
import {
  addItem,
  recordWrite,
  refreshListingStatus,
  removeItem,
  revisionAllowed,
  takeRevision,
  type FakeItem,
  type FakeOffer,
  type ShopState,
} from './state.js';
import { groupView, itemView, offerView } from './views.js';

const BASE = '/sell/inventory/v1';
const SKU_PATTERN = /^[A-Za-z0-9_.-]{1,50}$/;
export const CONDITIONS = [
  'NEW',
  'LIKE_NEW',
  'NEW_OTHER',
  'NEW_WITH_DEFECTS',
  'CERTIFIED_REFURBISHED',
  'SELLER_REFURBISHED',
  'USED_EXCELLENT',
  'USED_VERY_GOOD',
  'USED_GOOD',
  'USED_ACCEPTABLE',
  'FOR_PARTS_OR_NOT_WORKING',
];
const LANGUAGES = new Set(Object.values(EBAY_SITES).map((site) => site.language));

const pagination = (name: string) =>
  inventoryError(25706, `You have provided invalid pagination values. ${name}.`, {
    fieldName: name,
  });

export const notAvailable = () => inventoryError(25713, 'This Offer is not available.', {}, 404);

export function getInventoryItems({ account, request }: HandlerInput): SandboxResponse {
  const { state } = account;
  const limit = queryInteger(request, 'limit', { min: 1, max: 200, fallback: 25 }, pagination);
  const page = queryInteger(request, 'offset', { min: 0, fallback: 0 }, pagination);
  const total = state.items.length;
  const pages = Math.ceil(total / limit);
  const link = (offset: number) =>
    `${account.baseUrl()}${BASE}/inventory_item?limit=${limit}&offset=${offset}`;
  const body: Record<string, unknown> = {
    href: link(page),
    total,
    size: pages,
    limit,
    inventoryItems: state.items.slice(page * limit, (page + 1) * limit).map(itemView),
  };
  if (page + 1 < pages) body.next = link(page + 1);
  if (page > 0) body.prev = link(page - 1);
  return { status: 200, json: body };
}

function findItem(state: ShopState, sku: string): FakeItem {
  const item = state.itemBySku.get(sku);
  if (!item) {
    throw inventoryError(
      25710,
      "We didn't find the resource/entity you are requesting. Please verify the request",
      {},
      404,
    );
  }
  return item;
}

export function getInventoryItem({ account, params }: HandlerInput): SandboxResponse {
  return { status: 200, json: itemView(findItem(account.state, params.sku!)) };
}

export function getInventoryItemGroup({ account, params }: HandlerInput): SandboxResponse {
  const group = account.state.groups.get(params.inventoryItemGroupKey!);
  if (!group) {
    throw inventoryError(
      25710,
      "We didn't find the resource/entity you are requesting. Please verify the request",
      {},
      404,
    );
  }
  return { status: 200, json: groupView(group) };
}

/** The Content-Language of a create/replace call: required, one of eBay's site languages. */
export function contentLanguage(input: HandlerInput): string {
  const value = String(input.request.headers['content-language'] ?? '');
  if (!LANGUAGES.has(value)) throw invalidInventoryValue('Content-Language');
  return value;
}

function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string'))
    throw invalidInventoryValue(field);
  return value as string[];
}

/** Reads an InventoryItem body; anything malformed is refused before anything changes. */
function readItem(sku: string, locale: string, body: Record<string, unknown>): FakeItem {
  const product = body.product;
  if (product !== undefined && !isObject(product)) throw invalidInventoryValue('product');
  const text = (field: string, max: number): string => {
    const value = product?.[field];
    if (value === undefined) return '';
    if (typeof value !== 'string' || value.length > max)
      throw invalidInventoryValue(`product.${field}`);
    return value;
  };
  const aspects: Record<string, string[]> = {};
  if (product?.aspects !== undefined) {
    if (!isObject(product.aspects)) throw invalidInventoryValue('product.aspects');
    for (const [name, values] of Object.entries(product.aspects))
      aspects[name] = stringList(values, `product.aspects.${name}`);
  }
  const availability = body.availability;
  let quantity = 0;
  if (availability !== undefined) {
    const ship = isObject(availability) ? availability.shipToLocationAvailability : undefined;
    const value = isObject(ship) ? ship.quantity : undefined;
    if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= 0))
      throw invalidInventoryValue('availability.shipToLocationAvailability.quantity');
    quantity = (value as number | undefined) ?? 0;
  }
  const condition = body.condition ?? 'NEW';
  if (typeof condition !== 'string' || !CONDITIONS.includes(condition))
    throw invalidInventoryValue('condition');
  let weightGrams: number | null = null;
  const weight = isObject(body.packageWeightAndSize) ? body.packageWeightAndSize.weight : undefined;
  if (isObject(weight)) {
    const factor = { GRAM: 1, KILOGRAM: 1000, OUNCE: 28.349523125, POUND: 453.59237 }[
      String(weight.unit)
    ];
    if (factor === undefined || typeof weight.value !== 'number' || !(weight.value >= 0))
      throw invalidInventoryValue('packageWeightAndSize.weight');
    weightGrams = Math.round(weight.value * factor);
  }
  return {
    sku,
    locale: locale.replace('-', '_'),
    condition,
    product: {
      title: text('title', 80),
      description: text('description', 500_000),
      aspects,
      imageUrls:
        product?.imageUrls === undefined ? [] : stringList(product.imageUrls, 'product.imageUrls'),
      brand: text('brand', 65) || null,
      mpn: text('mpn', 65) || null,
    },
    quantity,
    weightGrams,
    groupKeys: [],
  };
}

export function createOrReplaceInventoryItem(input: HandlerInput): SandboxResponse {
  const { account, params, nowMs } = input;
  const { state } = account;
  const sku = params.sku!;
  if (!SKU_PATTERN.test(sku)) throw invalidInventoryValue('sku');
  const locale = contentLanguage(input);
  const next = readItem(sku, locale, jsonBody(input.request));
  if (next.product.imageUrls.some((url) => !url.startsWith('https://')))
    throw invalidInventoryValue('product.imageUrls', 'URLs must use HTTPS.');
  const existing = state.itemBySku.get(sku);
  if (!existing) {
    addItem(state, next);
    recordWrite(state, {
      at: nowMs,
      operation: 'createOrReplaceInventoryItem',
      sku,
      offerId: null,
      field: 'item',
      value: next.product.title,
    });
    return { status: 201, json: {} };
  }
  const live = (state.offersBySku.get(sku) ?? []).filter((offer) => offer.listing !== null);
  const capped = live.find((offer) => !revisionAllowed(state, offer, nowMs));
  if (capped) throw revisionCapError(capped);
  for (const offer of live) takeRevision(state, offer, nowMs);
  const before = {
    title: existing.product.title,
    description: existing.product.description,
    quantity: existing.quantity,
  };
  Object.assign(existing, { ...next, groupKeys: existing.groupKeys });
  for (const offer of state.offersBySku.get(sku) ?? []) refreshListingStatus(state, offer);
  const write = (field: 'title' | 'description' | 'item_quantity', value: string | number) =>
    recordWrite(state, {
      at: nowMs,
      operation: 'createOrReplaceInventoryItem',
      sku,
      offerId: null,
      field,
      value,
    });
  if (before.title !== next.product.title) write('title', next.product.title);
  if (before.description !== next.product.description)
    write('description', next.product.description);
  if (before.quantity !== next.quantity) write('item_quantity', next.quantity);
  return { status: 204 };
}

/** What the fake answers when a listing has used its 250 revisions today (wording UNCONFIRMED). */
export function revisionCapError(offer: FakeOffer) {
  return inventoryError(
    25002,
    `A user error has occurred. Listing ${offer.listing?.listingId ?? ''} has reached the maximum number of revisions allowed in one calendar day (250).`,
    { listingId: offer.listing?.listingId ?? '' },
  );
}

export function deleteInventoryItem({ account, params }: HandlerInput): SandboxResponse {
  findItem(account.state, params.sku!);
  removeItem(account.state, params.sku!);
  return { status: 204 };
}

export function getOffers({ account, request }: HandlerInput): SandboxResponse {
  const { state } = account;
  const sku = request.query.get('sku');
  if (sku === null || sku === '' || sku.length > 50) throw invalidInventoryValue('sku');
  const limit = queryInteger(request, 'limit', { min: 1, fallback: 100 }, pagination);
  const page = queryInteger(request, 'offset', { min: 0, fallback: 0 }, pagination);
  const marketplace = request.query.get('marketplace_id');
  const format = request.query.get('format');
  const offers = (state.offersBySku.get(sku) ?? []).filter(
    (offer) =>
      (marketplace === null || offer.marketplaceId === marketplace) &&
      (format === null || offer.format === format),
  );
  if (offers.length === 0) throw notAvailable();
  const slice = offers.slice(page * limit, (page + 1) * limit);
  const link = (offset: number) =>
    `${account.baseUrl()}${BASE}/offer?sku=${encodeURIComponent(sku)}&limit=${limit}&offset=${offset}`;
  const body: Record<string, unknown> = {
    href: link(page),
    limit,
    size: slice.length,
    total: offers.length,
    offers: slice.map(offerView),
  };
  if ((page + 1) * limit < offers.length) body.next = link(page + 1);
  if (page > 0) body.prev = link(page - 1);
  return { status: 200, json: body };
}

export function findOffer(state: ShopState, offerId: string): FakeOffer {
  const offer = state.offers.get(offerId);
  if (!offer) throw notAvailable();
  return offer;
}

export function getOffer({ account, params }: HandlerInput): SandboxResponse {
  return { status: 200, json: offerView(findOffer(account.state, params.offerId!)) };
}
