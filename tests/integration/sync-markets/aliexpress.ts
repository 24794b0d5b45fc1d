/**
 * The fake AliExpress as a MarketShop. Units are SKUs (variant id = sku_code, never ''); statuses
 * follow the order and product status lists of AliExpress's documentation (notes §3): an order
 * ends as FINISH either completed or closed, and its end reason tells which.
 */
import { aliExpressSandboxShop } from '../../../src/cli/sandbox-shop-adapters.js';
import {
  ALIEXPRESS_SANDBOX_CREDENTIALS,
  startAliExpressSandbox,
  type AliExpressSandbox,
} from '../../../src/sandbox/index.js';
import {
  TEST_TIME_SCALES,
  type MarketOptions,
  type MarketSettings,
  type MarketShop,
  type MarketWrite,
} from './market.js';

const LISTING_STATUS: Record<string, string> = {
  onSelling: 'active',
  offline: 'inactive',
  auditing: 'draft',
  editingRequired: 'error',
};

const ORDER_STATUS: Record<string, string> = {
  PLACE_ORDER_SUCCESS: 'unpaid',
  RISK_CONTROL: 'unpaid',
  WAIT_SELLER_EXAMINE_MONEY: 'unpaid',
  IN_FROZEN: 'unpaid',
  WAIT_SELLER_SEND_GOODS: 'to_ship',
  SELLER_PART_SEND_GOODS: 'to_ship',
  WAIT_BUYER_ACCEPT_GOODS: 'shipped',
  IN_ISSUE: 'shipped',
  FUND_PROCESSING: 'delivered',
  IN_CANCEL: 'cancelled',
  FINISH: 'delivered',
};

function orderStatus(status: string, endReason: string): string {
  if (status === 'FINISH' && /cancel|close/.test(endReason)) return 'cancelled';
  return ORDER_STATUS[status] ?? `unknown ${status}`;
}

const CANCELLABLE = ['PLACE_ORDER_SUCCESS', 'WAIT_SELLER_SEND_GOODS', 'RISK_CONTROL'];
const SHIPPABLE = ['WAIT_SELLER_SEND_GOODS'];
const FIELDS: Record<string, string> = { stock: 'quantity', subject: 'title' };

export async function startAliExpressMarket(options: MarketOptions): Promise<MarketShop> {
  const timeScale = options.timeScale ?? TEST_TIME_SCALES.aliexpress;
  const sandbox = await startAliExpressSandbox({
    seed: options.seed,
    catalogSeed: options.catalogSeed,
    shopId: ALIEXPRESS_SANDBOX_CREDENTIALS.sellerId + options.index,
    items: options.items,
    orders: options.orders,
    orderDays: options.orderDays,
    startTime: options.startTime,
    timeScale,
    rateLimit: options.rateLimit,
  });
  return aliexpressMarket(sandbox, { timeScale, clientRate: options.clientRate });
}

/** An already started fake AliExpress as a MarketShop. */
export function aliexpressMarket(sandbox: AliExpressSandbox, settings: MarketSettings): MarketShop {
  const ordersWith = (statuses: string[]) =>
    sandbox
      .groundTruth()
      .orders.filter((order) => statuses.includes(order.status))
      .map((order) => order.order_id);
  return {
    marketplace: 'aliexpress',
    label: `aliexpress ${sandbox.sellerId}`,
    shop: aliExpressSandboxShop(sandbox, { pacing: settings.clientRate }),
    now: () => sandbox.now(),
    advance: (ms) => sandbox.advance(ms),
    timeScale: settings.timeScale,
    faults: sandbox.faults,
    authPaths: ['/rest/auth/token/create'],
    expireAccessTokens: () => sandbox.control.expireAccessTokens(),
    listings: () =>
      sandbox.groundTruth().products.flatMap((product) =>
        product.skus.map((sku) => ({
          remoteId: String(product.product_id),
          remoteVariantId: sku.sku_code,
          sku: sku.sku_code,
          title: product.subject,
          price: sku.price_cents,
          quantity: sku.stock,
          status: LISTING_STATUS[product.status] ?? `unknown ${product.status}`,
        })),
      ),
    orders: () =>
      sandbox.groundTruth().orders.map((order) => ({
        remoteId: order.order_id,
        status: orderStatus(order.status, order.end_reason),
        rawStatus: order.status,
        total: order.total_cents,
        lines: order.lines.map((line) => ({
          remoteListingId: String(line.product_id),
          sku: line.sku_code,
          quantity: line.count,
          unitPrice: line.unit_cents,
        })),
      })),
    placeOrder: (unit, quantity) =>
      sandbox.control.placeOrder([
        { productId: Number(unit.remoteId), skuCode: unit.remoteVariantId, quantity },
      ]),
    placeRandomOrders: (count) => sandbox.control.placeRandomOrders(count),
    cancellable: () => ordersWith(CANCELLABLE),
    cancelOrder: (orderId) => sandbox.control.cancelOrder(orderId),
    shippable: () => ordersWith(SHIPPABLE),
    shipOrder: (orderId) => sandbox.control.shipOrder(orderId),
    sellerEdit: (unit, change) =>
      sandbox.control.sellerEdit(Number(unit.remoteId), {
        ...(change.title === undefined ? {} : { subject: change.title }),
        ...(change.price === undefined ? {} : { price_cents: change.price }),
        ...(change.quantity === undefined ? {} : { stock: change.quantity }),
        ...(change.price !== undefined || change.quantity !== undefined
          ? { skuCode: unit.remoteVariantId }
          : {}),
      }),
    writes: () =>
      sandbox.writes().map((write): MarketWrite => ({
        remoteId: String(write.productId),
        remoteVariantId: write.skuCode === '' ? null : write.skuCode,
        field: FIELDS[write.field] ?? write.field,
        value: write.value,
      })),
    throttled: () => sandbox.stats().throttled,
    close: () => sandbox.close(),
  };
}
