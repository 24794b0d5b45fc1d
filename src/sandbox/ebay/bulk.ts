/**
 * bulkUpdatePriceQuantity (contract sell_inventory_v1): up to 25 offers per call, a result per
 * offer (and per item whose ship-to-home quantity was set): 200 when every update succeeded, 207
 * otherwise. Works on published offers (revising their listings, 250 a day) and on unpublished
 * ones (their offer record only). Whether one call may carry several SKUs is open (notes §2.8):
 * see FakeAccount.bulkMode.
 */
import type { SandboxResponse } from '../kit/server.js';
import { isObject, jsonBody, type HandlerInput } from './context.js';
import { inventoryError, invalidInventoryValue, type EbayErrorDetail } from './errors.js';
import { revisionCapError } from './inventory.js';
import { readPrice } from './offers.js';
import {
  recordWrite,
  refreshListingStatus,
  revisionAllowed,
  takeRevision,
  type ShopState,
  type WriteField,
} from './state.js';

type Outcome = { statusCode: number; offerId?: string; sku: string; errors?: EbayErrorDetail[] };

export function bulkUpdatePriceQuantity(input: HandlerInput): SandboxResponse {
  const { state, bulkMode } = input.account;
  const body = jsonBody(input.request);
  const requests = body.requests;
  if (
    !Array.isArray(requests) ||
    requests.length === 0 ||
    requests.some((entry) => !isObject(entry))
  )
    throw invalidInventoryValue('requests');
  const entries = requests as Record<string, unknown>[];
  const offerCount = entries.reduce(
    (sum, entry) => sum + (Array.isArray(entry.offers) ? entry.offers.length : 0),
    0,
  );
  if (entries.length > 25 || offerCount > 25)
    throw invalidInventoryValue('requests', 'At most 25 offers may be updated per call.');
  if (bulkMode() === 'one_sku' && entries.length > 1)
    throw inventoryError(25002, 'A user error has occurred. Only one SKU can be updated per call.');
  const outcomes: Outcome[] = [];
  for (const entry of entries) outcomes.push(...applyEntry(state, entry, input.nowMs));
  const allOk = outcomes.every((outcome) => outcome.statusCode === 200);
  return { status: allOk ? 200 : 207, json: { responses: outcomes } };
}

function applyEntry(state: ShopState, entry: Record<string, unknown>, nowMs: number): Outcome[] {
  const sku = typeof entry.sku === 'string' ? entry.sku : undefined;
  const fail = (
    statusCode: number,
    error: ReturnType<typeof inventoryError>,
    offerId?: string,
    forSku = sku ?? '',
  ): Outcome => ({
    statusCode,
    sku: forSku,
    ...(offerId === undefined ? {} : { offerId }),
    errors: [error.detail],
  });
  const out: Outcome[] = [];
  if (entry.shipToLocationAvailability !== undefined) {
    const ship = entry.shipToLocationAvailability;
    const quantity = isObject(ship) ? ship.quantity : undefined;
    const item = sku === undefined ? undefined : state.itemBySku.get(sku);
    if (!item) out.push(fail(400, invalidInventoryValue('sku')));
    else if (!(Number.isSafeInteger(quantity) && (quantity as number) >= 0))
      out.push(fail(400, invalidInventoryValue('shipToLocationAvailability.quantity')));
    else {
      item.quantity = quantity as number;
      for (const offer of state.offersBySku.get(item.sku) ?? []) refreshListingStatus(state, offer);
      recordWrite(state, {
        at: nowMs,
        operation: 'bulkUpdatePriceQuantity',
        sku: item.sku,
        offerId: null,
        field: 'item_quantity',
        value: item.quantity,
      });
      out.push({ statusCode: 200, sku: item.sku });
    }
  }
  const offers = entry.offers === undefined ? [] : entry.offers;
  if (!Array.isArray(offers)) return [...out, fail(400, invalidInventoryValue('offers'))];
  const seen = new Set<string>();
  for (const raw of offers) {
    const offerId = isObject(raw) && typeof raw.offerId === 'string' ? raw.offerId : '';
    const offer = state.offers.get(offerId);
    if (!isObject(raw) || !offer) {
      out.push(fail(404, inventoryError(25713, 'This Offer is not available.'), offerId));
      continue;
    }
    if (seen.has(offerId) || (sku !== undefined && offer.sku !== sku)) {
      out.push(
        fail(
          400,
          inventoryError(
            25002,
            'A user error has occurred. Duplicate offer or offer of another SKU in one request.',
          ),
          offerId,
          offer.sku,
        ),
      );
      continue;
    }
    seen.add(offerId);
    let priceMinor: number | undefined;
    let quantity: number | undefined;
    try {
      if (raw.price !== undefined) priceMinor = readPrice(raw.price, offer.currency, 'price');
      if (raw.availableQuantity !== undefined) {
        if (!(
          Number.isSafeInteger(raw.availableQuantity) && (raw.availableQuantity as number) >= 0
        ))
          throw invalidInventoryValue('availableQuantity');
        quantity = raw.availableQuantity as number;
      }
      if (priceMinor === undefined && quantity === undefined)
        throw invalidInventoryValue('offers', 'Give a price or an availableQuantity.');
    } catch (error) {
      out.push(fail(400, error as ReturnType<typeof inventoryError>, offerId, offer.sku));
      continue;
    }
    if (offer.listing && !revisionAllowed(state, offer, nowMs)) {
      out.push(fail(400, revisionCapError(offer), offerId, offer.sku));
      continue;
    }
    takeRevision(state, offer, nowMs);
    const write = (field: WriteField, value: number) =>
      recordWrite(state, {
        at: nowMs,
        operation: 'bulkUpdatePriceQuantity',
        sku: offer.sku,
        offerId,
        field,
        value,
      });
    if (priceMinor !== undefined) {
      offer.priceMinor = priceMinor;
      write('price', priceMinor);
    }
    if (quantity !== undefined) {
      offer.availableQuantity = quantity;
      // The item must hold what the offer sells (eBay keeps the two in step).
      const item = state.itemBySku.get(offer.sku);
      if (item && item.quantity < quantity) item.quantity = quantity;
      write('quantity', quantity);
    }
    refreshListingStatus(state, offer);
    out.push({ statusCode: 200, offerId, sku: offer.sku });
  }
  return out;
}
