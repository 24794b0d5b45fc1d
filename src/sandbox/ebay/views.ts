/**
 * The fake's data as eBay's JSON: InventoryItemWithSkuLocaleGroupid, EbayOfferDetailsWithAll and
 * Order (contracts sell_inventory_v1 and sell_fulfillment_v1). Amounts are decimal strings with
 * their currency; times are ISO-8601 UTC with milliseconds.
 *
 * One deliberate departure from the contract text: `product.aspects` is an object of string arrays,
 * as the contract's own description and example show and eBay sends, although its schema says
 * "string".
 */
import { decimalOf } from './sites.js';
import {
  fulfillmentStatusOf,
  orderTotals,
  type FakeGroup,
  type FakeItem,
  type FakeOffer,
  type FakeOrder,
} from './state.js';

const iso = (ms: number) => new Date(ms).toISOString();
const amount = (minor: number, currency: string) => ({ value: decimalOf(minor), currency });

export function itemView(item: FakeItem): Record<string, unknown> {
  const product: Record<string, unknown> = {
    title: item.product.title,
    description: item.product.description,
    aspects: item.product.aspects,
    imageUrls: item.product.imageUrls,
  };
  if (item.product.brand !== null) product.brand = item.product.brand;
  if (item.product.mpn !== null) product.mpn = item.product.mpn;
  const view: Record<string, unknown> = {
    sku: item.sku,
    locale: item.locale,
    product,
    condition: item.condition,
    availability: { shipToLocationAvailability: { quantity: item.quantity } },
  };
  if (item.weightGrams !== null)
    view.packageWeightAndSize = { weight: { value: item.weightGrams, unit: 'GRAM' } };
  if (item.groupKeys.length > 0) {
    view.groupIds = [...item.groupKeys];
    view.inventoryItemGroupKeys = [...item.groupKeys];
  }
  return view;
}

export function offerView(offer: FakeOffer): Record<string, unknown> {
  const view: Record<string, unknown> = {
    offerId: offer.offerId,
    sku: offer.sku,
    marketplaceId: offer.marketplaceId,
    format: offer.format,
    listingDuration: 'GTC',
    hideBuyerDetails: false,
    includeCatalogProductDetails: true,
    // "For unpublished offers where pricing information has yet to be specified, this container
    // will be returned as empty."
    pricingSummary:
      offer.priceMinor === null ? {} : { price: amount(offer.priceMinor, offer.currency) },
    status: offer.status,
  };
  if (offer.availableQuantity !== null) view.availableQuantity = offer.availableQuantity;
  if (offer.categoryId !== null) view.categoryId = offer.categoryId;
  if (offer.listingDescription !== null) view.listingDescription = offer.listingDescription;
  if (offer.merchantLocationKey !== null) view.merchantLocationKey = offer.merchantLocationKey;
  view.listingPolicies = offer.policies ? { ...offer.policies } : {};
  if (offer.status === 'PUBLISHED' && offer.listing) {
    view.listing = {
      listingId: offer.listing.listingId,
      listingStatus: offer.listing.listingStatus,
      soldQuantity: offer.listing.soldQuantity,
      listingOnHold: offer.listing.onHold,
    };
  }
  return view;
}

export function groupView(group: FakeGroup): Record<string, unknown> {
  return {
    inventoryItemGroupKey: group.key,
    title: group.title,
    description: group.description,
    aspects: group.aspects,
    variantSKUs: [...group.variantSkus],
    variesBy: {
      aspectsImageVariesBy: [],
      specifications: group.variesBy.map((spec) => ({ name: spec.name, values: [...spec.values] })),
    },
  };
}

function lineView(order: FakeOrder, line: FakeOrder['lines'][number], sellerCountry: string) {
  const view: Record<string, unknown> = {
    lineItemId: line.lineItemId,
    legacyItemId: line.legacyItemId,
    sku: line.sku,
    title: line.title,
    lineItemCost: amount(line.unitMinor * line.quantity, order.currency),
    quantity: line.quantity,
    soldFormat: 'FIXED_PRICE',
    listingMarketplaceId: order.marketplaceId,
    purchaseMarketplaceId: order.marketplaceId,
    lineItemFulfillmentStatus:
      line.shippedQuantity >= line.quantity
        ? 'FULFILLED'
        : line.shippedQuantity > 0
          ? 'IN_PROGRESS'
          : 'NOT_STARTED',
    total: amount(line.unitMinor * line.quantity + line.deliveryMinor, order.currency),
    deliveryCost: { shippingCost: amount(line.deliveryMinor, order.currency) },
    appliedPromotions: [],
    taxes: [],
    refunds: [],
    properties: { buyerProtection: true },
    itemLocation: {
      countryCode: sellerCountry,
      location: 'Sandbox warehouse',
      postalCode: '00000',
    },
    lineItemFulfillmentInstructions: {
      shipByDate: iso(order.shipByMs),
      minEstimatedDeliveryDate: iso(order.shipByMs + 2 * 86_400_000),
      maxEstimatedDeliveryDate: iso(order.shipByMs + 6 * 86_400_000),
      guaranteedDelivery: false,
    },
  };
  if (line.legacyVariationId !== null) view.legacyVariationId = line.legacyVariationId;
  return view;
}

/** An Order; `detailed` (getOrder) fills cancelStatus.cancelRequests, which getOrders leaves empty. */
export function orderView(
  order: FakeOrder,
  context: { sellerId: string; baseUrl: string; sellerCountry: string; detailed: boolean },
): Record<string, unknown> {
  const totals = orderTotals(order);
  const money = (minor: number) => amount(minor, order.currency);
  const cancelStatus: Record<string, unknown> = {
    cancelState: order.cancelState,
    cancelRequests:
      context.detailed && order.cancelState !== 'NONE_REQUESTED'
        ? [
            {
              cancelInitiator: 'BUYER',
              cancelReason: 'ORDER_MISTAKE',
              cancelRequestId: `5${order.orderId.replace(/-/g, '')}`,
              cancelRequestState: order.cancelState === 'CANCELED' ? 'COMPLETED' : 'REQUESTED',
              cancelRequestedDate: iso(order.cancelledMs ?? order.lastModifiedMs),
              ...(order.cancelledMs === null
                ? {}
                : { cancelCompletedDate: iso(order.cancelledMs) }),
            },
          ]
        : [],
  };
  if (order.cancelledMs !== null) cancelStatus.cancelledDate = iso(order.cancelledMs);
  const payment: Record<string, unknown> = {
    paymentMethod: 'EBAY',
    paymentStatus: order.paymentStatus === 'PENDING' ? 'PENDING' : 'PAID',
    amount: money(totals.total),
  };
  if (order.paidMs !== null) payment.paymentDate = iso(order.paidMs);
  const view: Record<string, unknown> = {
    orderId: order.orderId,
    legacyOrderId: order.orderId,
    creationDate: iso(order.creationMs),
    lastModifiedDate: iso(order.lastModifiedMs),
    orderFulfillmentStatus: fulfillmentStatusOf(order),
    orderPaymentStatus: order.paymentStatus,
    sellerId: context.sellerId,
    buyer: { username: order.buyer.username },
    pricingSummary: {
      priceSubtotal: money(totals.subtotal),
      deliveryCost: money(totals.delivery),
      total: money(totals.total),
    },
    cancelStatus,
    paymentSummary: {
      totalDueSeller: money(totals.total),
      payments: [payment],
      refunds: [],
    },
    fulfillmentStartInstructions: [
      {
        fulfillmentInstructionsType: 'SHIP_TO',
        minEstimatedDeliveryDate: iso(order.shipByMs + 2 * 86_400_000),
        maxEstimatedDeliveryDate: iso(order.shipByMs + 6 * 86_400_000),
        ebaySupportedFulfillment: false,
        shippingStep: {
          shippingCarrierCode: 'USPS',
          shippingServiceCode: 'USPSPriority',
          shipTo: {
            fullName: order.buyer.fullName,
            contactAddress: {
              addressLine1: order.buyer.addressLine1,
              city: order.buyer.city,
              postalCode: order.buyer.postalCode,
              countryCode: order.buyer.countryCode,
            },
            primaryPhone: { phoneNumber: '0000000000' },
          },
        },
      },
    ],
    fulfillmentHrefs: order.fulfillments.map(
      (entry) =>
        `${context.baseUrl}/sell/fulfillment/v1/order/${order.orderId}/shipping_fulfillment/${entry.fulfillmentId}`,
    ),
    lineItems: order.lines.map((line) => lineView(order, line, context.sellerCountry)),
    salesRecordReference: order.salesRecordReference,
    totalFeeBasisAmount: money(totals.total),
    totalMarketplaceFee: money(Math.floor((totals.total * 13) / 100)),
  };
  if (order.buyerCheckoutNotes !== null) view.buyerCheckoutNotes = order.buyerCheckoutNotes;
  return view;
}

export function fulfillmentView(entry: FakeOrder['fulfillments'][number]): Record<string, unknown> {
  return {
    fulfillmentId: entry.fulfillmentId,
    lineItems: entry.lines.map((line) => ({ ...line })),
    shipmentTrackingNumber: entry.tracking,
    shippedDate: iso(entry.shippedMs),
    shippingCarrierCode: entry.carrier,
  };
}
