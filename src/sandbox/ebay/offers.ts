/**
 * Offer writes (contract sell_inventory_v1): createOffer (sku, marketplaceId, format required;
 * one offer per SKU, site and format), updateOffer (a complete replacement; a published offer
 * keeps what publishing needs and is revised), publishOffer / withdrawOffer and their inventory
 * item group forms (bulkUpdatePriceQuantity is in bulk.ts). Every revision of a live listing
 * counts against its 250 a day.
 */
import type { SandboxResponse } from '../kit/server.js';
import { isObject, jsonBody, type HandlerInput } from './context.js';
import { inventoryError, invalidInventoryValue } from './errors.js';
import { contentLanguage, findOffer, revisionCapError } from './inventory.js';
import { EBAY_SITES, ebaySite, minorOf } from './sites.js';
import {
  addOffer,
  nextListingId,
  nextOfferId,
  recordWrite,
  refreshListingStatus,
  revisionAllowed,
  sellableQuantity,
  takeRevision,
  type FakeOffer,
  type FakePolicies,
  type ShopState,
  type WriteField,
} from './state.js';

interface OfferFields {
  availableQuantity: number | null;
  priceMinor: number | null;
  categoryId: string | null;
  listingDescription: string | null;
  merchantLocationKey: string | null;
  policies: FakePolicies | null;
}

function readOfferFields(body: Record<string, unknown>, currency: string): OfferFields {
  const quantity = body.availableQuantity;
  if (quantity !== undefined && !(Number.isSafeInteger(quantity) && (quantity as number) >= 0))
    throw invalidInventoryValue('availableQuantity');
  let priceMinor: number | null = null;
  const pricing = body.pricingSummary;
  if (pricing !== undefined) {
    if (!isObject(pricing)) throw invalidInventoryValue('pricingSummary');
    if (pricing.price !== undefined)
      priceMinor = readPrice(pricing.price, currency, 'pricingSummary.price');
  }
  const text = (field: string, max: number, pattern?: RegExp): string | null => {
    const value = body[field];
    if (value === undefined) return null;
    if (typeof value !== 'string' || value.length > max || (pattern && !pattern.test(value)))
      throw invalidInventoryValue(field);
    return value;
  };
  let policies: FakePolicies | null = null;
  if (body.listingPolicies !== undefined) {
    const given = body.listingPolicies;
    if (!isObject(given)) throw invalidInventoryValue('listingPolicies');
    const id = (name: keyof FakePolicies) => {
      const value = given[name];
      if (value !== undefined && typeof value !== 'string')
        throw invalidInventoryValue(`listingPolicies.${name}`);
      return value ?? '';
    };
    policies = {
      fulfillmentPolicyId: id('fulfillmentPolicyId'),
      paymentPolicyId: id('paymentPolicyId'),
      returnPolicyId: id('returnPolicyId'),
    };
  }
  return {
    availableQuantity: (quantity as number | undefined) ?? null,
    priceMinor,
    categoryId: text('categoryId', 10, /^\d+$/),
    listingDescription: text('listingDescription', 500_000),
    merchantLocationKey: text('merchantLocationKey', 36),
    policies,
  };
}

/** An Amount: a positive decimal string of at most 2 places in the site's currency. */
export function readPrice(value: unknown, currency: string, field: string): number {
  if (!isObject(value) || typeof value.value !== 'string') throw invalidInventoryValue(field);
  if (value.currency !== currency) throw invalidInventoryValue(`${field}.currency`);
  const minor = minorOf(value.value);
  if (minor === null || minor <= 0) throw invalidInventoryValue(`${field}.value`);
  return minor;
}

export function createOffer(input: HandlerInput): SandboxResponse {
  const { state } = input.account;
  contentLanguage(input);
  const body = jsonBody(input.request);
  const sku = body.sku;
  if (typeof sku !== 'string' || sku === '') throw invalidInventoryValue('sku');
  const marketplaceId = body.marketplaceId;
  if (typeof marketplaceId !== 'string' || !EBAY_SITES[marketplaceId])
    throw invalidInventoryValue('marketplaceId');
  if (body.format !== 'FIXED_PRICE')
    throw invalidInventoryValue('format', 'Only FIXED_PRICE is offered here.');
  if (!state.itemBySku.has(sku))
    throw inventoryError(25702, `${sku} could not be found or is not available in the system.`, {
      sku,
    });
  const existing = (state.offersBySku.get(sku) ?? []).find(
    (offer) => offer.marketplaceId === marketplaceId && offer.format === 'FIXED_PRICE',
  );
  if (existing)
    throw inventoryError(25002, 'A user error has occurred. Offer entity already exists.', {
      offerId: existing.offerId,
    });
  const fields = readOfferFields(body, ebaySite(marketplaceId).currency);
  const offer: FakeOffer = {
    offerId: nextOfferId(state),
    sku,
    marketplaceId,
    format: 'FIXED_PRICE',
    currency: ebaySite(marketplaceId).currency,
    status: 'UNPUBLISHED',
    listing: null,
    variationId: null,
    ...fields,
  };
  addOffer(state, offer);
  recordWrite(state, {
    at: input.nowMs,
    operation: 'createOffer',
    sku,
    offerId: offer.offerId,
    field: 'offer',
    value: offer.priceMinor,
  });
  return { status: 201, json: { offerId: offer.offerId } };
}

/** What publishing needs, as the publishOffer errors name it; null when the offer is complete. */
function missingForPublish(
  state: ShopState,
  offer: FakeOffer,
): ReturnType<typeof inventoryError> | null {
  const item = state.itemBySku.get(offer.sku);
  const user = (message: string) => inventoryError(25002, `A user error has occurred. ${message}`);
  if (!item || item.product.title === '') return user('The inventory item has no product title.');
  if (item.product.description === '' && !offer.listingDescription)
    return user('A description is required.');
  if (item.product.imageUrls.length === 0) return user('At least one product image is required.');
  if (offer.priceMinor === null)
    return inventoryError(
      25003,
      'The eBay listing associated with the inventory item, or the unpublished offer has an invalid price. Price is missing.',
    );
  if (sellableQuantity(state, offer) <= 0)
    return inventoryError(
      25004,
      'The eBay listing associated with the inventory item, or the unpublished offer has an invalid quantity. Quantity must be at least 1.',
    );
  if (!offer.categoryId)
    return inventoryError(
      25005,
      'The eBay listing associated with the inventory item, or the unpublished offer has an invalid category ID.',
    );
  if (!offer.policies?.fulfillmentPolicyId)
    return inventoryError(
      25007,
      'The eBay listing associated with the inventory item, or the unpublished offer has invalid data in the associated Fulfillment policy.',
    );
  if (!offer.policies.paymentPolicyId)
    return inventoryError(
      25008,
      'The eBay listing associated with the inventory item, or the unpublished offer has invalid data in the associated Payment policy.',
    );
  if (!offer.policies.returnPolicyId)
    return inventoryError(
      25009,
      'The eBay listing associated with the inventory item, or the unpublished offer has invalid data in the associated Return policy.',
    );
  if (!offer.merchantLocationKey)
    return user('No inventory location (merchantLocationKey) was given.');
  return null;
}

export function updateOffer(input: HandlerInput): SandboxResponse {
  const { state } = input.account;
  contentLanguage(input);
  const offer = findOffer(state, input.params.offerId!);
  const body = jsonBody(input.request);
  const fields = readOfferFields(body, offer.currency);
  const live = offer.status === 'PUBLISHED' && offer.listing !== null;
  if (live && fields.listingDescription === null)
    throw inventoryError(
      25002,
      'A user error has occurred. listingDescription is required to revise a published offer.',
    );
  const next: FakeOffer = { ...offer, ...fields };
  if (live) {
    const missing = missingForPublish(state, next);
    if (missing) throw missing;
    if (!revisionAllowed(state, offer, input.nowMs)) throw revisionCapError(offer);
    takeRevision(state, offer, input.nowMs);
  }
  const write = (field: WriteField, value: string | number | null) =>
    recordWrite(state, {
      at: input.nowMs,
      operation: 'updateOffer',
      sku: offer.sku,
      offerId: offer.offerId,
      field,
      value,
    });
  if (next.priceMinor !== offer.priceMinor) write('price', next.priceMinor);
  if (next.availableQuantity !== offer.availableQuantity) write('quantity', next.availableQuantity);
  if (next.listingDescription !== offer.listingDescription)
    write('description', next.listingDescription);
  Object.assign(offer, fields);
  refreshListingStatus(state, offer);
  return { status: 200, json: { offerId: offer.offerId } };
}

function publish(state: ShopState, offer: FakeOffer, nowMs: number, operation: string): string {
  if (offer.status === 'PUBLISHED' && offer.listing) {
    takeRevision(state, offer, nowMs);
    return offer.listing.listingId;
  }
  const group = state.itemBySku.get(offer.sku)?.groupKeys[0];
  const sibling = group
    ? (state.groups.get(group)?.variantSkus ?? [])
        .flatMap((sku) => state.offersBySku.get(sku) ?? [])
        .find((other) => other.marketplaceId === offer.marketplaceId && other.listing)
    : undefined;
  offer.status = 'PUBLISHED';
  offer.listing = {
    listingId: sibling?.listing?.listingId ?? nextListingId(state),
    listingStatus: 'ACTIVE',
    soldQuantity: 0,
    onHold: false,
  };
  refreshListingStatus(state, offer);
  recordWrite(state, {
    at: nowMs,
    operation,
    sku: offer.sku,
    offerId: offer.offerId,
    field: 'publish',
    value: offer.listing.listingId,
  });
  return offer.listing.listingId;
}

export function publishOffer(input: HandlerInput): SandboxResponse {
  const { state } = input.account;
  const offer = findOffer(state, input.params.offerId!);
  if (state.itemBySku.get(offer.sku)?.groupKeys.length)
    throw inventoryError(
      25002,
      'A user error has occurred. This offer belongs to an inventory item group: use publishOfferByInventoryItemGroup.',
    );
  const missing = missingForPublish(state, offer);
  if (missing) throw missing;
  if (!revisionAllowed(state, offer, input.nowMs)) throw revisionCapError(offer);
  return { status: 200, json: { listingId: publish(state, offer, input.nowMs, 'publishOffer') } };
}

function withdraw(state: ShopState, offer: FakeOffer, nowMs: number, operation: string): string {
  const listingId = offer.listing?.listingId ?? '';
  offer.status = 'UNPUBLISHED';
  offer.listing = null;
  recordWrite(state, {
    at: nowMs,
    operation,
    sku: offer.sku,
    offerId: offer.offerId,
    field: 'withdraw',
    value: listingId,
  });
  return listingId;
}

export function withdrawOffer(input: HandlerInput): SandboxResponse {
  const { state } = input.account;
  const offer = findOffer(state, input.params.offerId!);
  if (offer.status !== 'PUBLISHED')
    throw inventoryError(25002, 'A user error has occurred. The offer is not published.');
  return { status: 200, json: { listingId: withdraw(state, offer, input.nowMs, 'withdrawOffer') } };
}

function groupOffers(input: HandlerInput): FakeOffer[] {
  const body = jsonBody(input.request);
  const { state } = input.account;
  const group =
    typeof body.inventoryItemGroupKey === 'string'
      ? state.groups.get(body.inventoryItemGroupKey)
      : undefined;
  if (!group) throw invalidInventoryValue('inventoryItemGroupKey');
  if (typeof body.marketplaceId !== 'string' || !EBAY_SITES[body.marketplaceId])
    throw invalidInventoryValue('marketplaceId');
  const offers = group.variantSkus
    .flatMap((sku) => state.offersBySku.get(sku) ?? [])
    .filter((offer) => offer.marketplaceId === body.marketplaceId);
  if (offers.length === 0)
    throw invalidInventoryValue(
      'inventoryItemGroupKey',
      'The group has no offers on this marketplace.',
    );
  return offers;
}

export function publishByGroup(input: HandlerInput): SandboxResponse {
  const { state } = input.account;
  const offers = groupOffers(input);
  for (const offer of offers) {
    const missing = missingForPublish(state, offer);
    if (missing) throw missing;
    if (!revisionAllowed(state, offer, input.nowMs)) throw revisionCapError(offer);
  }
  let listingId = '';
  for (const offer of offers)
    listingId = publish(state, offer, input.nowMs, 'publishOfferByInventoryItemGroup');
  return { status: 200, json: { listingId } };
}

export function withdrawByGroup(input: HandlerInput): SandboxResponse {
  const { state } = input.account;
  for (const offer of groupOffers(input).filter((entry) => entry.status === 'PUBLISHED'))
    withdraw(state, offer, input.nowMs, 'withdrawOfferByInventoryItemGroup');
  return { status: 204 };
}
