/**
 * AliExpress writes and account states against the fake: batch price and stock updates answer per
 * SKU (with refused products, unknown SKUs and bad input among them) and land exactly; text edits;
 * shipment confirmation; the daily app-key ban as a needs-user state that carries when it lifts and
 * stops the account's calls without further requests; token refresh and revoked authorisation.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ItemResult, PriceUpdate, StockUpdate } from '../../src/connectors/connector.js';
import { ConnectorError, NeedsUserError } from '../../src/connectors/http/errors.js';
import {
  authorizeAliExpress,
  pullAllListings,
  startAliExpressHarness,
  type AliExpressHarness,
} from './aliexpress-harness.js';

let harness: AliExpressHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function ready(options: Parameters<typeof startAliExpressHarness>[0] = {}) {
  harness = await startAliExpressHarness({
    items: 60,
    orders: 40,
    seed: 11,
    rateLimit: null,
    clientLimit: { requestsPerSecond: 500, burst: 50 },
    ...options,
  });
  await authorizeAliExpress(harness);
  return harness;
}

const totalRequests = (h: AliExpressHarness) =>
  Object.values(h.sandbox.stats().requests).reduce((sum, count) => sum + count, 0);

describe('AliExpress batch price and stock updates', () => {
  it('answer per SKU across several calls and land exactly', async () => {
    const h = await ready();
    const truth = h.sandbox.groundTruth();
    const editable = truth.products.filter((product) => product.status !== 'auditing');
    const auditing = truth.products.find((product) => product.status === 'auditing');
    expect(editable.length).toBeGreaterThan(PRODUCTS_NEEDED);
    expect(auditing).toBeDefined();
    const prices: PriceUpdate[] = editable.flatMap((product, index) =>
      product.skus.map((sku) => ({
        remoteId: String(product.product_id),
        remoteVariantId: sku.sku_code,
        price: { amountMinor: 1000 + index, currency: 'USD' },
      })),
    );
    const refused: PriceUpdate[] = [
      ...auditing!.skus.map((sku) => ({
        remoteId: String(auditing!.product_id),
        remoteVariantId: sku.sku_code,
        price: { amountMinor: 999, currency: 'USD' },
      })),
      {
        remoteId: String(editable[0]!.product_id),
        remoteVariantId: 'NO-SUCH-SKU',
        price: { amountMinor: 500, currency: 'USD' },
      },
      {
        remoteId: String(editable[1]!.product_id),
        remoteVariantId: editable[1]!.skus[0]!.sku_code,
        price: { amountMinor: 500, currency: 'EUR' },
      },
      { remoteId: '1', remoteVariantId: 'X', price: { amountMinor: 500, currency: 'USD' } },
    ];
    const results = await h.connector.updatePrices([...prices, ...refused]);
    expect(results).toHaveLength(prices.length + refused.length);
    results.forEach((result, index) => {
      const update = [...prices, ...refused][index]!;
      expect([result.remoteId, result.remoteVariantId]).toEqual([
        update.remoteId,
        update.remoteVariantId,
      ]);
    });
    const byKey = (result: ItemResult) => `${result.remoteId}/${result.remoteVariantId}`;
    const failed = new Map(
      results.filter((result) => !result.ok).map((result) => [byKey(result), result]),
    );
    // The auditing product and the product holding the unknown SKU fail as a whole (per product).
    expect(failed.get(`${auditing!.product_id}/${auditing!.skus[0]!.sku_code}`)).toMatchObject({
      kind: 'permanent',
      code: 'isv.product-auditing',
    });
    expect(failed.get(`${editable[0]!.product_id}/NO-SUCH-SKU`)).toMatchObject({
      kind: 'permanent',
      code: 'isv.sku-not-exist',
    });
    expect(
      failed.get(`${editable[0]!.product_id}/${editable[0]!.skus[0]!.sku_code}`),
    ).toMatchObject({ ok: false });
    expect(
      failed.get(`${editable[1]!.product_id}/${editable[1]!.skus[0]!.sku_code}`),
    ).toMatchObject({ kind: 'permanent', code: 'invalid_input' });
    expect(failed.get('1/X')).toMatchObject({ kind: 'permanent', code: 'isv.product-not-exist' });
    const after = h.sandbox.groundTruth();
    editable.forEach((product, index) => {
      const now = after.products.find((candidate) => candidate.product_id === product.product_id)!;
      const landed = index !== 0;
      for (const sku of now.skus) {
        const before = product.skus.find((candidate) => candidate.sku_code === sku.sku_code)!;
        const okHere = results.find(
          (result) => byKey(result) === `${product.product_id}/${sku.sku_code}`,
        )?.ok;
        expect(sku.price_cents).toBe(okHere && landed ? 1000 + index : before.price_cents);
      }
    });
    // 20 products per call at most.
    const calls = h.sandbox.stats().requests['aliexpress.solution.batch.product.price.update']!;
    expect(calls).toBe(Math.ceil((editable.length + 2) / 20));
  });

  it('sets stock per SKU, refuses bad quantities, splits a product past 200 SKUs into separate calls', async () => {
    const h = await ready();
    const product = h.sandbox
      .groundTruth()
      .products.find((candidate) => candidate.status === 'onSelling' && candidate.skus.length > 1)!;
    const updates: StockUpdate[] = product.skus.map((sku, index) => ({
      remoteId: String(product.product_id),
      remoteVariantId: sku.sku_code,
      quantity: 7 + index,
    }));
    const bad: StockUpdate = { ...updates[0]!, quantity: -1 };
    const results = await h.connector.updateStock([...updates, bad]);
    expect(results.slice(0, updates.length).every((result) => result.ok)).toBe(true);
    expect(results[updates.length]).toMatchObject({
      ok: false,
      kind: 'permanent',
      code: 'invalid_input',
    });
    const stock = h.sandbox
      .groundTruth()
      .products.find((candidate) => candidate.product_id === product.product_id)!.skus;
    expect(stock.map((sku) => sku.stock)).toEqual(updates.map((update) => update.quantity));

    // 210 SKU updates of one product: two calls of at most 200, each answered per product (the
    // fake refuses a call with more than 200 SKUs for a product as a whole).
    const ghosts: StockUpdate[] = Array.from({ length: 210 }, (_, index) => ({
      remoteId: String(product.product_id),
      remoteVariantId: `GHOST-${index}`,
      quantity: 1,
    }));
    const ghostResults = await h.connector.updateStock(ghosts);
    expect(ghostResults).toHaveLength(210);
    expect(ghostResults.every((result) => !result.ok && result.code === 'isv.sku-not-exist')).toBe(
      true,
    );
    expect(h.sandbox.stats().requests['aliexpress.solution.batch.product.inventory.update']).toBe(
      3,
    );
  });
});

const PRODUCTS_NEEDED = 21;

describe('AliExpress edits, shipments and the account', () => {
  it('edits title and description, confirms a shipment with tracking', async () => {
    const h = await ready();
    const truth = h.sandbox.groundTruth();
    const product = truth.products.find((candidate) => candidate.status === 'onSelling')!;
    await h.connector.updateListing(String(product.product_id), {
      title: 'Renamed teapot',
      description: '<p>New text</p>',
    });
    const listing = await h.connector.getListing(String(product.product_id));
    expect(listing.items[0]).toMatchObject({
      title: 'Renamed teapot',
      description: '<p>New text</p>',
    });
    const orderId = h.sandbox.control.placeOrder();
    const options = await h.connector.getShippingOptions(orderId);
    expect(options.methods).toEqual(['tracking_only']);
    const shipped = await h.connector.confirmShipment({
      remoteOrderId: orderId,
      trackingNumber: 'LP12345678CN',
      carrier: 'CAINIAO_STANDARD',
      packageId: null,
    });
    expect(shipped.state).toBe('confirmed');
    const order = h.sandbox
      .groundTruth()
      .orders.find((candidate) => candidate.order_id === orderId)!;
    expect(order).toMatchObject({
      status: 'WAIT_BUYER_ACCEPT_GOODS',
      tracking_number: 'LP12345678CN',
    });
    // The same confirmation again (its first reply lost): the order carries the number, confirmed.
    await expect(
      h.connector.confirmShipment({
        remoteOrderId: orderId,
        trackingNumber: 'LP12345678CN',
        carrier: 'CAINIAO_STANDARD',
        packageId: null,
      }),
    ).resolves.toMatchObject({ state: 'confirmed', trackingNumber: 'LP12345678CN' });
    // Another tracking number for a shipped order is AliExpress's refusal, shown as such.
    await expect(
      h.connector.confirmShipment({
        remoteOrderId: orderId,
        trackingNumber: 'LP99999999CN',
        carrier: 'CAINIAO_STANDARD',
        packageId: null,
      }),
    ).rejects.toMatchObject({ kind: 'permanent', marketplaceCode: 'ORDER_STATUS_NOT_SUPPORT' });
    await expect(
      h.connector.confirmShipment({
        remoteOrderId: orderId,
        trackingNumber: 'X1',
        carrier: 'OTHER_CN_OVERSEAS',
        packageId: null,
      }),
    ).rejects.toMatchObject({ name: 'InvalidInputError' });
  });

  it('a used-up daily quota is a needs-user state until midnight GMT+8, with no further requests', async () => {
    const h = await ready({ sharedClock: true });
    const product = h.sandbox.groundTruth().products[0]!;
    const update = {
      remoteId: String(product.product_id),
      remoteVariantId: product.skus[0]!.sku_code,
      quantity: 3,
    };
    h.sandbox.control.exhaustDailyQuota();
    const [result] = await h.connector.updateStock([update]);
    const midnight = new Date(h.sandbox.stats().dailyQuota.bannedUntil!).toISOString();
    expect(midnight.endsWith('T16:00:00.000Z')).toBe(true);
    expect(result).toMatchObject({
      ok: false,
      kind: 'needs_user',
      code: 'ApiCallLimit/isp.appkey-daily-quota-exceeded',
    });
    const before = totalRequests(h);
    const error = await pullAllListings(h.connector).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(NeedsUserError);
    expect(error).toMatchObject({ reason: 'quota', until: midnight });
    const [again] = await h.connector.updatePrices([
      { ...update, price: { amountMinor: 100, currency: 'USD' } },
    ]);
    expect(again).toMatchObject({ ok: false, kind: 'needs_user' });
    expect(totalRequests(h)).toBe(before);
    // After midnight Beijing time the app may call again.
    h.sandbox.advance(Date.parse(midnight) - h.sandbox.now() + 1000);
    expect(await h.connector.updateStock([update])).toEqual([
      { remoteId: update.remoteId, remoteVariantId: update.remoteVariantId, ok: true },
    ]);
  });

  it('refreshes an expired access token once and asks to re-authorise after revocation', async () => {
    const h = await ready();
    const product = h.sandbox.groundTruth().products[0]!;
    h.sandbox.control.expireAccessTokens();
    const page = await h.connector.getListing(String(product.product_id));
    expect(page.items.length).toBe(product.skus.length);
    expect(h.sandbox.stats().auth.refreshes).toBe(1);
    h.sandbox.control.revokeAuthorization();
    const error = await h.connector.getListing(String(product.product_id)).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ kind: 'needs_user', reason: 'reauthorize' });
    expect(await h.connector.authStatus()).toMatchObject({ state: 'reauthorize' });
  });
});
