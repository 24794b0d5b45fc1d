/**
 * eBay inventory items and offers to NormalizedListing. The mapping chosen:
 *
 * - One NormalizedListing per SKU and offer on the account's site: `remoteId` = the SKU (the
 *   inventory item's key, the only handle the Inventory API reads a listing by, and what order
 *   line items carry), `remoteVariantId` = the offerId (what bulkUpdatePriceQuantity needs; a SKU
 *   may have a fixed-price and an auction offer on one site). An eBay item is account-wide; its
 *   offers on other sites belong to those sites' accounts and are left out here, as are items
 *   with no offer on this site (nothing is listed, so there is no price to show).
 * - A multi-variation listing (an inventory item group) is one eBay listing whose variations are
 *   separate SKUs with their own offers sharing one listingId: each variation is its own
 *   NormalizedListing, and the group key and listingId are kept in `attributes`.
 * - Title, aspects and condition come from the item; price, quantity, status and the listing text
 *   from the offer (its listingDescription, else the item's description). Quantity is the offer's
 *   availableQuantity, or the item's ship-to-home quantity when the offer does not set one.
 * - An offer without a price yet (an unpublished draft) gets price 0 in the site currency rather
 *   than being dropped; a published offer without a price is a problem.
 */
import type { NormalizedListing } from '../../shared/marketplace.js';
import type { Money } from '../../shared/money.js';
import type { PayloadProblem } from '../connector.js';
import type { EbayMarket } from './hosts.js';
import { moneyOf } from './money.js';
import { InventoryItem, Offer, issueLines } from './schemas.js';
import { listingStatusOf } from './status.js';

export interface Normalized<T> {
  items: T[];
  problems: PayloadProblem[];
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

/** `en_US` (how eBay writes an item's locale) as BCP 47 `en-US`. */
export function bcp47(locale: string | undefined, fallback: string): string {
  if (!locale) return fallback;
  return /^[a-z]{2,3}([_-][A-Za-z]{2})?$/.test(locale) ? locale.replace('_', '-') : fallback;
}

function attributesOf(item: InventoryItem, offer: Offer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(item.product?.aspects ?? {}))
    if (values.length > 0) out[name] = values.join(', ');
  if (item.product?.brand) out.Brand ??= item.product.brand;
  if (item.condition) out['ebay.condition'] = item.condition;
  if (offer.categoryId) out['ebay.categoryId'] = offer.categoryId;
  if (offer.format) out['ebay.format'] = offer.format;
  if (offer.listing?.listingId) out['ebay.listingId'] = offer.listing.listingId;
  const groups = item.inventoryItemGroupKeys ?? item.groupIds ?? [];
  if (groups.length > 0) out['ebay.inventoryItemGroupKey'] = groups.join(', ');
  return out;
}

/** The listings of one item on `site` (one per offer there); unreadable parts become problems. */
export function listingsOfItem(
  rawItem: unknown,
  rawOffers: unknown[],
  site: string,
  market: EbayMarket,
  requestId: string | null,
): Normalized<NormalizedListing> {
  const out: Normalized<NormalizedListing> = { items: [], problems: [] };
  const item = InventoryItem.safeParse(rawItem);
  if (!item.success) {
    const sku = (rawItem as { sku?: unknown } | null)?.sku;
    out.problems.push(
      problem(
        'invalid_payload',
        'inventory.getInventoryItem',
        typeof sku === 'string' ? sku : null,
        'An eBay inventory item could not be read',
        rawItem,
        requestId,
        issueLines(item.error),
      ),
    );
    return out;
  }
  for (const rawOffer of rawOffers) {
    const offer = Offer.safeParse(rawOffer);
    if (!offer.success) {
      out.problems.push(
        problem(
          'invalid_payload',
          'inventory.getOffers',
          item.data.sku,
          `An eBay offer of ${item.data.sku} could not be read`,
          rawOffer,
          requestId,
          issueLines(offer.error),
        ),
      );
      continue;
    }
    if (offer.data.marketplaceId !== site) continue;
    const listing = listingOf(item.data, offer.data, market, { item: rawItem, offer: rawOffer });
    if ('problem' in listing) {
      out.problems.push(
        problem(
          listing.kind,
          'inventory.getOffers',
          item.data.sku,
          listing.problem,
          rawOffer,
          requestId,
        ),
      );
    } else {
      out.items.push(listing);
    }
  }
  return out;
}

function listingOf(
  item: InventoryItem,
  offer: Offer,
  market: EbayMarket,
  raw: unknown,
): NormalizedListing | { problem: string; kind: PayloadProblem['kind'] } {
  const status = listingStatusOf(offer);
  if (!status.known) {
    return {
      kind: 'unknown_value',
      problem: `eBay offer ${offer.offerId} has an unknown status ${offer.status}/${offer.listing?.listingStatus ?? '-'}`,
    };
  }
  let price: Money;
  const amount = offer.pricingSummary?.price;
  if (amount) {
    try {
      price = moneyOf(amount);
    } catch (error) {
      return {
        kind: 'invalid_payload',
        problem: `eBay offer ${offer.offerId}: ${(error as Error).message}`,
      };
    }
  } else if (offer.status === 'UNPUBLISHED') {
    price = { amountMinor: 0, currency: market.currency };
  } else {
    return { kind: 'missing', problem: `Published eBay offer ${offer.offerId} has no price` };
  }
  const quantity =
    offer.availableQuantity ?? item.availability?.shipToLocationAvailability?.quantity ?? null;
  if (quantity === null) {
    return {
      kind: 'missing',
      problem: `eBay offer ${offer.offerId} has no quantity, nor has its item`,
    };
  }
  return {
    remoteId: item.sku,
    remoteVariantId: offer.offerId,
    sku: item.sku,
    title: item.product?.title ?? '',
    description: offer.listingDescription ?? item.product?.description ?? '',
    bulletPoints: [],
    keywords: [],
    attributes: attributesOf(item, offer),
    price,
    quantity,
    status: status.status,
    locale: bcp47(item.locale, market.language),
    // Neither items nor offers carry a modification time.
    remoteUpdatedAt: null,
    raw,
  };
}
