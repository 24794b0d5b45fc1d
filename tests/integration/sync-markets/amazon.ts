/**
 * The fake Amazon as a MarketShop. A listing is one SKU (variant id ''); statuses follow the
 * SP-API documentation: a listing is active when BUYABLE, in error when an ERROR issue holds it,
 * inactive otherwise; orders by their fulfillment status (Orders API 2026-01-01). A listing Amazon
 * fulfils (FBA) shows no quantity of the seller's own.
 */
import { amazonSandboxShop } from '../../../src/cli/sandbox-shop-adapters.js';
import {
  AMAZON_SANDBOX_CREDENTIALS,
  startAmazonSandbox,
  type AmazonGroundTruthListing,
  type AmazonSandbox,
} from '../../../src/sandbox/index.js';
import {
  TEST_TIME_SCALES,
  type MarketOptions,
  type MarketSettings,
  type MarketShop,
  type MarketWrite,
} from './market.js';

const ORDER_STATUS: Record<string, string> = {
  PENDING_AVAILABILITY: 'unpaid',
  PENDING: 'unpaid',
  UNSHIPPED: 'to_ship',
  PARTIALLY_SHIPPED: 'to_ship',
  SHIPPED: 'shipped',
  CANCELLED: 'cancelled',
  UNFULFILLABLE: 'unknown',
};

function listingStatus(listing: AmazonGroundTruthListing): string {
  if (listing.buyable) return 'active';
  return listing.issues.some((issue) => issue.severity === 'ERROR') ? 'error' : 'inactive';
}

const CANCELLABLE = ['PENDING', 'UNSHIPPED'];
const SHIPPABLE = ['UNSHIPPED'];
const ITEM_FIELDS = new Set(['title', 'description', 'listing', 'deleted']);
/** The fake applies feeds in simulated time; tests wait this long for one (see amazonFeedTiming). */
export const AMAZON_TEST_FEED_TIMING = { queueMs: 300, processingMs: 500, perMessageMs: 1 };

export async function startAmazonMarket(options: MarketOptions): Promise<MarketShop> {
  const timeScale = options.timeScale ?? TEST_TIME_SCALES.amazon;
  const sandbox = await startAmazonSandbox({
    seed: options.seed,
    catalogSeed: options.catalogSeed,
    sellerId:
      options.index === 0
        ? AMAZON_SANDBOX_CREDENTIALS.sellerId
        : `${AMAZON_SANDBOX_CREDENTIALS.sellerId}${options.index}`,
    listings: options.items,
    orders: options.orders,
    orderDays: options.orderDays,
    startTime: options.startTime,
    timeScale,
    rateLimit: options.rateLimit,
    feedTiming: AMAZON_TEST_FEED_TIMING,
  });
  return amazonMarket(sandbox, { timeScale, clientRate: options.clientRate });
}

/** An already started fake Amazon as a MarketShop. */
export function amazonMarket(sandbox: AmazonSandbox, settings: MarketSettings): MarketShop {
  const ordersWith = (statuses: string[], merchantOnly: boolean) =>
    sandbox
      .groundTruth()
      .orders.filter(
        (order) =>
          statuses.includes(order.status) && (!merchantOnly || order.fulfilledBy === 'MERCHANT'),
      )
      .map((order) => order.orderId);
  return {
    marketplace: 'amazon',
    label: `amazon ${sandbox.sellerId}`,
    shop: amazonSandboxShop(sandbox, { pacing: settings.clientRate, feedPollMs: 1_000 }),
    now: () => sandbox.now(),
    advance: (ms) => sandbox.advance(ms),
    timeScale: settings.timeScale,
    faults: sandbox.faults,
    authPaths: ['/auth/o2/token'],
    expireAccessTokens: () => sandbox.control.expireAccessTokens(),
    listings: () =>
      sandbox.groundTruth().listings.map((listing) => ({
        remoteId: listing.sku,
        remoteVariantId: '',
        sku: listing.sku,
        title: listing.title,
        price: listing.priceMinor,
        quantity: listing.quantity ?? 0,
        status: listingStatus(listing),
      })),
    orders: () =>
      sandbox.groundTruth().orders.map((order) => ({
        remoteId: order.orderId,
        status: ORDER_STATUS[order.status] ?? `unknown ${order.status}`,
        rawStatus: order.status,
        total: order.totalMinor,
        lines: order.lines.map((line) => ({
          remoteListingId: line.sku,
          sku: line.sku,
          quantity: line.quantity,
          unitPrice: line.unitPriceMinor,
        })),
      })),
    placeOrder: (unit, quantity) => sandbox.control.placeOrder([{ sku: unit.remoteId, quantity }]),
    placeRandomOrders: (count) => sandbox.control.placeRandomOrders(count),
    cancellable: () => ordersWith(CANCELLABLE, false),
    cancelOrder: (orderId) => sandbox.control.cancelOrder(orderId),
    // The seller ships their own orders; Amazon ships the ones it fulfils.
    shippable: () => ordersWith(SHIPPABLE, true),
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
        remoteVariantId: ITEM_FIELDS.has(write.field) ? null : '',
        field: write.field,
        value: write.value,
      })),
    throttled: () => sandbox.stats().throttled,
    close: () => sandbox.close(),
  };
}
