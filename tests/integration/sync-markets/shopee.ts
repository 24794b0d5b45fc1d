/**
 * The fake Shopee as a MarketShop. Units are items without models (variant id '') and models;
 * expected statuses come from shopee-truth.ts (written from Shopee's documentation).
 */
import { shopeeSandboxShop } from '../../../src/cli/sandbox-shop-adapters.js';
import {
  SHOPEE_SANDBOX_CREDENTIALS,
  startShopeeSandbox,
  type ShopeeGroundTruthOrder,
  type ShopeeSandbox,
} from '../../../src/sandbox/index.js';
import { ORDER_STATUS, unitsOf } from '../shopee-truth.js';
import {
  TEST_TIME_SCALES,
  type MarketOptions,
  type MarketSettings,
  type MarketShop,
  type MarketWrite,
} from './market.js';

const CANCELLABLE = ['UNPAID', 'READY_TO_SHIP', 'PROCESSED'];
const SHIPPABLE = ['READY_TO_SHIP'];
const FIELDS: Record<string, string> = { stock: 'quantity', item_name: 'title' };
const ITEM_FIELDS = new Set(['item_name', 'description', 'item_status']);

export async function startShopeeMarket(options: MarketOptions): Promise<MarketShop> {
  const timeScale = options.timeScale ?? TEST_TIME_SCALES.shopee;
  const sandbox = await startShopeeSandbox({
    seed: options.seed,
    catalogSeed: options.catalogSeed,
    shopId: SHOPEE_SANDBOX_CREDENTIALS.shopId + options.index,
    items: options.items,
    orders: options.orders,
    orderDays: options.orderDays,
    startTime: options.startTime,
    timeScale,
    rateLimit: options.rateLimit,
  });
  return shopeeMarket(sandbox, { timeScale, clientRate: options.clientRate });
}

/** An already started fake Shopee as a MarketShop. */
export function shopeeMarket(sandbox: ShopeeSandbox, settings: MarketSettings): MarketShop {
  const ordersWith = (statuses: string[]) =>
    sandbox
      .groundTruth()
      .orders.filter((order) => statuses.includes(order.order_status))
      .map((order) => order.order_sn);
  const modelOf = (remoteVariantId: string) =>
    remoteVariantId === '' ? 0 : Number(remoteVariantId);
  return {
    marketplace: 'shopee',
    label: `shopee ${sandbox.shopId}`,
    shop: shopeeSandboxShop(sandbox, { pacing: settings.clientRate }),
    now: () => sandbox.now(),
    advance: (ms) => sandbox.advance(ms),
    timeScale: settings.timeScale,
    faults: sandbox.faults,
    authPaths: ['/api/v2/auth/token/get'],
    expireAccessTokens: () => sandbox.control.expireAccessTokens(),
    listings: () =>
      sandbox.groundTruth().items.flatMap((item) =>
        unitsOf(item).map((unit) => ({
          remoteId: String(item.item_id),
          remoteVariantId: unit.key.slice(unit.key.indexOf('/') + 1),
          sku: unit.sku,
          title: item.item_name,
          price: unit.price,
          quantity: unit.stock,
          status: unit.status ?? `unknown ${item.item_status}`,
        })),
      ),
    orders: () =>
      sandbox.groundTruth().orders.map((order: ShopeeGroundTruthOrder) => ({
        remoteId: order.order_sn,
        status: ORDER_STATUS[order.order_status] ?? `unknown ${order.order_status}`,
        rawStatus: order.order_status,
        total: order.total_cents,
        lines: order.lines.map((line) => ({
          remoteListingId: String(line.item_id),
          sku: line.sku,
          quantity: line.quantity,
          unitPrice: line.discounted_cents,
        })),
      })),
    placeOrder: (unit, quantity) =>
      sandbox.control.placeOrder([
        { itemId: Number(unit.remoteId), modelId: modelOf(unit.remoteVariantId), quantity },
      ]),
    placeRandomOrders: (count) => sandbox.control.placeRandomOrders(count),
    cancellable: () => ordersWith(CANCELLABLE),
    cancelOrder: (orderId) => sandbox.control.cancelOrder(orderId),
    shippable: () => ordersWith(SHIPPABLE),
    shipOrder: (orderId) => sandbox.control.shipOrder(orderId),
    sellerEdit: (unit, change) => {
      const modelId = modelOf(unit.remoteVariantId);
      sandbox.control.sellerEdit(Number(unit.remoteId), {
        ...(change.title === undefined ? {} : { item_name: change.title }),
        ...(change.price === undefined ? {} : { price_cents: change.price }),
        ...(change.quantity === undefined ? {} : { stock: change.quantity }),
        ...(modelId !== 0 && (change.price !== undefined || change.quantity !== undefined)
          ? { modelId }
          : {}),
      });
    },
    writes: () =>
      sandbox.writes().map((write): MarketWrite => ({
        remoteId: String(write.itemId),
        remoteVariantId: ITEM_FIELDS.has(write.field)
          ? null
          : write.modelId === 0
            ? ''
            : String(write.modelId),
        field: FIELDS[write.field] ?? write.field,
        value: write.value,
      })),
    throttled: () => sandbox.stats().throttled,
    close: () => sandbox.close(),
  };
}
