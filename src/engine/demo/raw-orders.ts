/**
 * Raw order payloads shaped like each marketplace's own (Amazon Orders, eBay Fulfillment, AliExpress
 * order.get, Wish v3, Shopee get_order_detail), trimmed to a few fields and carrying no personal
 * data: only the destination country of the buyer. Also the raw status strings each marketplace
 * uses for the unified OrderStatus.
 */
import type { Marketplace, OrderStatus } from '../../shared/domain.js';
import type { NormalizedOrder, NormalizedOrderLine } from '../../shared/marketplace.js';
import { minorToDecimalString, type Money } from '../../shared/money.js';
import { amazonMarketplaceId, unixSeconds } from './raw-common.js';
import type { DemoSite } from './sites.js';

/**
 * Raw statuses by unified status. A marketplace with no status of its own for a unified one (Amazon
 * has no "delivered", Wish no "unpaid") is given the fallback's instead, see `rawStatusFor`.
 */
const RAW_STATUSES: Readonly<Record<Marketplace, Partial<Record<OrderStatus, readonly string[]>>>> =
  {
    amazon: {
      unpaid: ['Pending'],
      to_ship: ['Unshipped', 'Unshipped', 'PartiallyShipped'],
      shipped: ['Shipped'],
      cancelled: ['Canceled'],
      unknown: ['Unfulfillable', 'InvoiceUnconfirmed'],
    },
    ebay: {
      unpaid: ['PENDING'],
      to_ship: ['NOT_STARTED', 'IN_PROGRESS'],
      shipped: ['FULFILLED'],
      cancelled: ['CANCELED'],
      returned: ['FULLY_REFUNDED'],
      unknown: ['FAILED'],
    },
    aliexpress: {
      unpaid: ['PLACE_ORDER_SUCCESS'],
      to_ship: ['WAIT_SELLER_SEND_GOODS', 'SELLER_PART_SEND_GOODS'],
      shipped: ['WAIT_BUYER_ACCEPT_GOODS'],
      delivered: ['FINISH'],
      cancelled: ['FINISH'],
      returned: ['FINISH'],
      unknown: ['IN_FROZEN', 'RISK_CONTROL', 'IN_ISSUE'],
    },
    wish: {
      to_ship: ['APPROVED'],
      shipped: ['SHIPPED'],
      cancelled: ['REFUNDED'],
      returned: ['REFUNDED'],
      unknown: ['REQUIRE_REVIEW', 'DECLINED'],
    },
    shopee: {
      unpaid: ['UNPAID'],
      to_ship: ['READY_TO_SHIP', 'PROCESSED'],
      shipped: ['SHIPPED'],
      delivered: ['COMPLETED', 'TO_CONFIRM_RECEIVE'],
      cancelled: ['CANCELLED'],
      returned: ['TO_RETURN'],
      unknown: ['INVOICE_PENDING', 'IN_CANCEL'],
    },
  };

const FALLBACK: Readonly<Partial<Record<OrderStatus, OrderStatus>>> = {
  delivered: 'shipped',
  returned: 'delivered',
  unpaid: 'to_ship',
};

/** The status a marketplace can express for `wanted`, and the raw strings it writes for it. */
export function rawStatusFor(
  marketplace: Marketplace,
  wanted: OrderStatus,
): { status: OrderStatus; raws: readonly string[] } {
  let status = wanted;
  for (;;) {
    const raws = RAW_STATUSES[marketplace][status];
    if (raws && raws.length > 0) return { status, raws };
    const next = FALLBACK[status];
    if (!next) throw new RangeError(`No raw ${marketplace} status for "${wanted}"`);
    status = next;
  }
}

/** AliExpress writes its times as `yyyy-MM-dd HH:mm:ss` in US Pacific time; sv-SE formats that way. */
const PACIFIC = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

function pacificTime(iso: string): string {
  return PACIFIC.format(new Date(iso));
}

function decimal(money: Money): string {
  return minorToDecimalString(money.amountMinor, money.currency);
}

function lineTotal(line: NormalizedOrderLine): string {
  return decimal({
    amountMinor: line.unitPrice.amountMinor * line.quantity,
    currency: line.unitPrice.currency,
  });
}

/** eBay spreads an order's state over three fields; the raw status names the one that decides. */
const EBAY_FIELDS: Readonly<
  Record<string, { fulfillment: string; payment: string; cancel: string }>
> = {
  PENDING: { fulfillment: 'NOT_STARTED', payment: 'PENDING', cancel: 'NONE_REQUESTED' },
  NOT_STARTED: { fulfillment: 'NOT_STARTED', payment: 'PAID', cancel: 'NONE_REQUESTED' },
  IN_PROGRESS: { fulfillment: 'IN_PROGRESS', payment: 'PAID', cancel: 'NONE_REQUESTED' },
  FULFILLED: { fulfillment: 'FULFILLED', payment: 'PAID', cancel: 'NONE_REQUESTED' },
  CANCELED: { fulfillment: 'NOT_STARTED', payment: 'FULLY_REFUNDED', cancel: 'CANCELED' },
  FULLY_REFUNDED: { fulfillment: 'FULFILLED', payment: 'FULLY_REFUNDED', cancel: 'NONE_REQUESTED' },
  FAILED: { fulfillment: 'NOT_STARTED', payment: 'FAILED', cancel: 'NONE_REQUESTED' },
};

/** Why an AliExpress order ended, which is what tells a cancelled or refunded FINISH from a delivered one. */
const ALIEXPRESS_END_REASON: Partial<Record<OrderStatus, string>> = {
  delivered: 'buyer_accept_goods',
  cancelled: 'buyer_cancel_order',
  returned: 'refund_success',
};

export function orderRaw(site: DemoSite, order: NormalizedOrder): unknown {
  const lines = order.lines;
  switch (site.marketplace) {
    case 'amazon':
      return {
        AmazonOrderId: order.remoteId,
        MarketplaceId: amazonMarketplaceId(site),
        OrderStatus: order.rawStatus,
        PurchaseDate: order.placedAt,
        LastUpdateDate: order.updatedAt,
        LatestShipDate: order.shipBy,
        FulfillmentChannel: 'MFN',
        OrderTotal: { CurrencyCode: order.total.currency, Amount: decimal(order.total) },
        NumberOfItemsUnshipped:
          order.status === 'to_ship' ? lines.reduce((sum, line) => sum + line.quantity, 0) : 0,
        // Amazon leaves the address out of Pending orders.
        ...(order.buyerCountry ? { ShippingAddress: { CountryCode: order.buyerCountry } } : {}),
        OrderItems: lines.map((line) => ({
          OrderItemId: line.lineId,
          SellerSKU: line.sku,
          Title: line.title,
          QuantityOrdered: line.quantity,
          ItemPrice: { CurrencyCode: line.unitPrice.currency, Amount: lineTotal(line) },
        })),
      };
    case 'ebay': {
      const fields = EBAY_FIELDS[order.rawStatus] ?? EBAY_FIELDS.NOT_STARTED;
      return {
        orderId: order.remoteId,
        creationDate: order.placedAt,
        lastModifiedDate: order.updatedAt,
        orderFulfillmentStatus: fields?.fulfillment,
        orderPaymentStatus: fields?.payment,
        cancelStatus: { cancelState: fields?.cancel },
        pricingSummary: { total: { value: decimal(order.total), currency: order.total.currency } },
        fulfillmentStartInstructions: [
          {
            shippingStep: { shipTo: { contactAddress: { countryCode: order.buyerCountry } } },
            maxEstimatedDeliveryDate: order.shipBy,
          },
        ],
        lineItems: lines.map((line) => ({
          lineItemId: line.lineId,
          legacyItemId: line.remoteListingId,
          sku: line.sku,
          title: line.title,
          quantity: line.quantity,
          lineItemCost: { value: lineTotal(line), currency: line.unitPrice.currency },
        })),
      };
    }
    case 'aliexpress':
      return {
        order_id: order.remoteId,
        order_status: order.rawStatus,
        order_end_reason:
          order.rawStatus === 'FINISH' ? (ALIEXPRESS_END_REASON[order.status] ?? null) : null,
        gmt_create: pacificTime(order.placedAt),
        gmt_modified: pacificTime(order.updatedAt),
        pay_amount: { amount: decimal(order.total), currency_code: order.total.currency },
        receipt_address: { country: order.buyerCountry },
        product_list: lines.map((line) => ({
          child_id: line.lineId,
          product_id: line.remoteListingId,
          sku_code: line.sku,
          product_name: line.title,
          product_count: line.quantity,
          product_unit_price: {
            amount: decimal(line.unitPrice),
            currency_code: line.unitPrice.currency,
          },
        })),
      };
    case 'wish': {
      // A Wish order is always one product variation.
      const [line] = lines;
      return {
        id: order.remoteId,
        state: order.rawStatus,
        released_at: order.placedAt,
        updated_at: order.updatedAt,
        fulfillment_requirements: { expected_ship_time: order.shipBy },
        full_address: { shipping_detail: { country_code: order.buyerCountry } },
        product_information: line
          ? {
              id: line.remoteListingId,
              variation_id: line.remoteVariantId,
              sku: line.sku,
              name: line.title,
            }
          : null,
        order_payment: {
          general_payment_details: {
            product_quantity: line?.quantity ?? 0,
            payment_total: {
              amount: Number(decimal(order.total)),
              currency_code: order.total.currency,
            },
          },
        },
      };
    }
    case 'shopee':
      return {
        order_sn: order.remoteId,
        order_status: order.rawStatus,
        region: site.site,
        currency: order.total.currency,
        create_time: unixSeconds(order.placedAt),
        update_time: unixSeconds(order.updatedAt),
        ship_by_date: unixSeconds(order.shipBy),
        // Shopee sends money as JSON numbers; the demo keeps that shape, parsed from the exact decimal.
        total_amount: Number(decimal(order.total)),
        recipient_address: { region: order.buyerCountry },
        item_list: lines.map((line) => ({
          item_id: Number(line.remoteListingId),
          model_id: line.remoteVariantId ? Number(line.remoteVariantId) : 0,
          model_sku: line.sku,
          item_name: line.title,
          model_quantity_purchased: line.quantity,
          model_discounted_price: Number(decimal(line.unitPrice)),
        })),
      };
  }
}
