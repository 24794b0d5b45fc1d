/**
 * The fake eBay as a MarketShop. A listing is one SKU's offer on the site (remote id = SKU,
 * variant id = offerId); its quantity is the offer's when it sets one, else the item's. Statuses
 * follow the Inventory and Fulfillment APIs' documentation: an order's cancellation, payment and
 * fulfillment states together give one status (cancelled, returned, unpaid, shipped, to ship).
 */
import { ebaySandboxShop } from '../../../src/cli/sandbox-shop-adapters.js';
import {
  EBAY_SANDBOX_CREDENTIALS,
  startEbaySandbox,
  type EbayGroundTruthListing,
  type EbayGroundTruthOrder,
  type EbaySandbox,
} from '../../../src/sandbox/index.js';
import {
  TEST_TIME_SCALES,
  type MarketOptions,
  type MarketSettings,
  type MarketShop,
  type MarketWrite,
} from './market.js';

function listingStatus(listing: EbayGroundTruthListing): string {
  if (listing.offerStatus === 'UNPUBLISHED') return 'inactive';
  if (listing.onHold) return 'error';
  return listing.listingStatus === 'ACTIVE' || listing.listingStatus === 'OUT_OF_STOCK'
    ? 'active'
    : 'inactive';
}

function orderStatus(order: EbayGroundTruthOrder): string {
  if (order.cancelState === 'CANCELED') return 'cancelled';
  if (order.paymentStatus === 'FULLY_REFUNDED') return 'returned';
  if (order.paymentStatus === 'PENDING' || order.paymentStatus === 'FAILED') return 'unpaid';
  return order.fulfillmentStatus === 'FULFILLED' ? 'shipped' : 'to_ship';
}

const cancellable = (order: EbayGroundTruthOrder) =>
  order.cancelState !== 'CANCELED' && order.fulfillmentStatus === 'NOT_STARTED';
const shippable = (order: EbayGroundTruthOrder) =>
  order.cancelState !== 'CANCELED' &&
  order.paymentStatus === 'PAID' &&
  order.fulfillmentStatus !== 'FULFILLED';

export async function startEbayMarket(options: MarketOptions): Promise<MarketShop> {
  const timeScale = options.timeScale ?? TEST_TIME_SCALES.ebay;
  const sandbox = await startEbaySandbox({
    seed: options.seed,
    catalogSeed: options.catalogSeed,
    sellerId:
      options.index === 0
        ? EBAY_SANDBOX_CREDENTIALS.sellerId
        : `${EBAY_SANDBOX_CREDENTIALS.sellerId}-${options.index}`,
    items: options.items,
    orders: options.orders,
    orderDays: options.orderDays,
    startTime: options.startTime,
    timeScale,
    rateLimit: options.rateLimit,
  });
  return ebayMarket(sandbox, { timeScale, clientRate: options.clientRate });
}

/** An already started fake Ebay as a MarketShop. */
export function ebayMarket(sandbox: EbaySandbox, settings: MarketSettings): MarketShop {
  const ordersWhere = (test: (order: EbayGroundTruthOrder) => boolean) =>
    sandbox
      .groundTruth()
      .orders.filter(test)
      .map((order) => order.orderId);
  return {
    marketplace: 'ebay',
    label: `ebay ${sandbox.sellerId}`,
    shop: ebaySandboxShop(sandbox, { pacing: settings.clientRate }),
    now: () => sandbox.now(),
    advance: (ms) => sandbox.advance(ms),
    timeScale: settings.timeScale,
    faults: sandbox.faults,
    authPaths: ['/identity/v1/oauth2/token'],
    expireAccessTokens: () => sandbox.control.expireAccessTokens(),
    listings: () =>
      sandbox.groundTruth().listings.map((listing) => ({
        remoteId: listing.sku,
        remoteVariantId: listing.offerId,
        sku: listing.sku,
        title: listing.title,
        price: listing.priceMinor ?? 0,
        quantity: listing.quantity,
        status: listingStatus(listing),
      })),
    orders: () =>
      sandbox.groundTruth().orders.map((order) => ({
        remoteId: order.orderId,
        status: orderStatus(order),
        // FULFILLMENT/PAYMENT[/CANCEL] on our side: a composite of three, not compared.
        rawStatus: null,
        total: order.totalMinor,
        lines: order.lines.map((line) => ({
          remoteListingId: line.sku,
          sku: line.sku,
          quantity: line.quantity,
          unitPrice: line.unitMinor,
        })),
      })),
    placeOrder: (unit, quantity) => sandbox.control.placeOrder([{ sku: unit.remoteId, quantity }]),
    placeRandomOrders: (count) => sandbox.control.placeRandomOrders(count),
    cancellable: () => ordersWhere(cancellable),
    cancelOrder: (orderId) => sandbox.control.cancelOrder(orderId),
    shippable: () => ordersWhere(shippable),
    shipOrder: (orderId) => sandbox.control.shipOrder(orderId),
    sellerEdit: (unit, change) =>
      sandbox.control.sellerEdit(unit.remoteId, {
        ...(change.title === undefined ? {} : { title: change.title }),
        ...(change.price === undefined ? {} : { priceMinor: change.price }),
        ...(change.quantity === undefined ? {} : { quantity: change.quantity }),
      }),
    writes: () =>
      sandbox.writes().map((write): MarketWrite => ({
        remoteId: write.sku,
        // An item's quantity stands for every offer of its SKU that sets none of its own.
        remoteVariantId: write.offerId,
        field: write.field === 'item_quantity' ? 'quantity' : write.field,
        value: write.value,
      })),
    throttled: () => {
      const { throttled } = sandbox.stats();
      return throttled.daily + throttled.rate;
    },
    close: () => sandbox.close(),
  };
}
