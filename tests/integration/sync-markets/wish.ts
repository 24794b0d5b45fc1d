/**
 * The fake Wish as a MarketShop. A listing is one variation (variant id = variation id, never '');
 * statuses follow the Merchant API v3 documentation: a product's state, with a disabled variation
 * of an active product inactive; an order is to ship once approved, unpaid while under review,
 * cancelled when refunded or declined. A Wish order holds exactly one variation.
 */
import { wishSandboxShop } from '../../../src/cli/sandbox-shop-adapters.js';
import { startWishSandbox, type WishSandbox } from '../../../src/sandbox/index.js';
import {
  TEST_TIME_SCALES,
  type MarketOptions,
  type MarketSettings,
  type MarketShop,
  type MarketWrite,
} from './market.js';

const PRODUCT_STATUS: Record<string, string> = {
  ACTIVE: 'active',
  WISH_INACTIVE: 'inactive',
  MERCHANT_INACTIVE: 'inactive',
  REMOVED_BY_WISH: 'error',
  REMOVED_BY_MERCHANT: 'deleted',
};

const ORDER_STATUS: Record<string, string> = {
  APPROVED: 'to_ship',
  SHIPPED: 'shipped',
  REFUNDED: 'cancelled',
  REQUIRE_REVIEW: 'unpaid',
  DECLINED: 'cancelled',
};

const CANCELLABLE = ['APPROVED', 'REQUIRE_REVIEW'];
const SHIPPABLE = ['APPROVED'];
const FIELDS: Record<string, string> = { inventory: 'quantity', name: 'title' };

export async function startWishMarket(options: MarketOptions): Promise<MarketShop> {
  const timeScale = options.timeScale ?? TEST_TIME_SCALES.wish;
  const sandbox = await startWishSandbox({
    seed: options.seed,
    catalogSeed: options.catalogSeed,
    ...(options.index === 0 ? {} : { shopId: `5f${String(options.index + 1).padStart(22, '0')}` }),
    items: options.items,
    orders: options.orders,
    orderDays: options.orderDays,
    startTime: options.startTime,
    timeScale,
    rateLimit: options.rateLimit,
  });
  return wishMarket(sandbox, { timeScale, clientRate: options.clientRate });
}

/** An already started fake Wish as a MarketShop. */
export function wishMarket(sandbox: WishSandbox, settings: MarketSettings): MarketShop {
  const ordersWith = (states: string[]) =>
    sandbox
      .groundTruth()
      .orders.filter((order) => states.includes(order.state))
      .map((order) => order.id);
  return {
    marketplace: 'wish',
    label: `wish ${sandbox.merchantId}`,
    shop: wishSandboxShop(sandbox, { pacing: settings.clientRate }),
    now: () => sandbox.now(),
    advance: (ms) => sandbox.advance(ms),
    timeScale: settings.timeScale,
    faults: sandbox.faults,
    authPaths: ['/api/v3/oauth/access_token'],
    expireAccessTokens: () => sandbox.control.expireAccessTokens(),
    listings: () =>
      sandbox.groundTruth().products.flatMap((product) =>
        product.variations.map((variation) => {
          const status = PRODUCT_STATUS[product.state] ?? `unknown ${product.state}`;
          return {
            remoteId: product.id,
            remoteVariantId: variation.id,
            sku: variation.sku,
            title: product.name,
            price: variation.price_cents,
            quantity: variation.inventory,
            status: variation.status === 'DISABLED' && status === 'active' ? 'inactive' : status,
          };
        }),
      ),
    orders: () =>
      sandbox.groundTruth().orders.map((order) => ({
        remoteId: order.id,
        status: ORDER_STATUS[order.state] ?? `unknown ${order.state}`,
        rawStatus: order.state,
        total: order.total_cents,
        lines: [
          {
            remoteListingId: order.product_id,
            sku: order.sku,
            quantity: order.quantity,
            unitPrice: order.price_cents,
          },
        ],
      })),
    placeOrder: (unit, quantity) =>
      sandbox.control.placeOrder([
        { productId: unit.remoteId, variationId: unit.remoteVariantId, quantity },
      ]),
    placeRandomOrders: (count) => sandbox.control.placeRandomOrders(count),
    cancellable: () => ordersWith(CANCELLABLE),
    cancelOrder: (orderId) => sandbox.control.cancelOrder(orderId),
    shippable: () => ordersWith(SHIPPABLE),
    shipOrder: (orderId) => sandbox.control.shipOrder(orderId),
    sellerEdit: (unit, change) =>
      sandbox.control.sellerEdit(unit.remoteId, {
        ...(change.title === undefined ? {} : { name: change.title }),
        ...(change.price === undefined ? {} : { price_cents: change.price }),
        ...(change.quantity === undefined ? {} : { inventory: change.quantity }),
        ...(change.price !== undefined || change.quantity !== undefined
          ? { variationId: unit.remoteVariantId }
          : {}),
      }),
    writes: () =>
      sandbox.writes().map((write): MarketWrite => ({
        remoteId: write.productId,
        remoteVariantId: write.variationId === '' ? null : write.variationId,
        field: FIELDS[write.field] ?? write.field,
        value: write.value,
      })),
    throttled: () => sandbox.stats().throttled,
    close: () => sandbox.close(),
  };
}
