/**
 * Writes against the fake Wish: bulk price and stock through the async job with one result per
 * variation (applied ones, a removed product, an unknown variation, bad input caught before any
 * request), item edits, tracking upload with a carrier from Wish's list, refund reasons, and the
 * auth flow's edges (token refresh on 1007, revoked authorisation → re-authorise).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../src/connectors/http/errors.js';
import type { WishGroundTruthProduct } from '../../src/sandbox/wish/index.js';
import { authorizeWish, startWishHarness, type WishHarness } from './wish-harness.js';

let harness: WishHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

async function ready(): Promise<WishHarness> {
  harness = await startWishHarness({
    items: 60,
    orders: 80,
    seed: 9,
    timeScale: 50,
    rateLimit: null,
  });
  await authorizeWish(harness);
  return harness;
}

function active(h: WishHarness, count: number): WishGroundTruthProduct[] {
  return h.sandbox
    .groundTruth()
    .products.filter(
      (product) =>
        product.state === 'ACTIVE' && product.variations.every((v) => v.status === 'ENABLED'),
    )
    .slice(0, count);
}

describe('Wish writes', () => {
  it('updates prices through the async job with a result per variation, in input order', async () => {
    const h = await ready();
    const [first, second, third] = active(h, 3);
    const removed = h.sandbox
      .groundTruth()
      .products.find((product) => product.state === 'REMOVED_BY_MERCHANT')!;
    const updates = [
      ...first!.variations.map((variation, i) => ({
        remoteId: first!.id,
        remoteVariantId: variation.id,
        price: usd(1999 + i),
      })),
      { remoteId: second!.id, remoteVariantId: second!.variations[0]!.id, price: usd(450) },
      { remoteId: removed.id, remoteVariantId: removed.variations[0]!.id, price: usd(100) },
      // An unknown variation spoils its whole product entry in the job, so it goes on its own product.
      { remoteId: third!.id, remoteVariantId: 'ffffffffffffffffffffffff', price: usd(100) },
      { remoteId: 'not-an-id', remoteVariantId: 'x', price: usd(100) },
    ];
    const results = await h.connector.updatePrices(updates);
    expect(results.map((result) => result.remoteVariantId)).toEqual(
      updates.map((update) => update.remoteVariantId),
    );
    const okCount = first!.variations.length + 1;
    expect(results.slice(0, okCount).every((result) => result.ok)).toBe(true);
    expect(
      results.slice(okCount).map((result) => (result.ok ? 'ok' : `${result.kind}:${result.code}`)),
    ).toEqual(['permanent:not_applied', 'permanent:not_found', 'permanent:invalid_id']);
    const truth = h.sandbox.groundTruth();
    const after = truth.products.find((product) => product.id === first!.id)!;
    expect(after.variations.map((variation) => variation.price_cents)).toEqual(
      first!.variations.map((_v, i) => 1999 + i),
    );
    expect(
      truth.products.find((product) => product.id === removed.id)!.variations[0]!.price_cents,
    ).toBe(removed.variations[0]!.price_cents);
    expect(h.sandbox.stats().requests['POST /api/v3/products/bulk_update']).toBe(1);
  }, 60_000);

  it('updates stock per variation, learning each variation’s warehouse, and refuses bad quantities up front', async () => {
    const h = await ready();
    const products = active(h, 3);
    const updates = products.flatMap((product) =>
      product.variations.map((variation, i) => ({
        remoteId: product.id,
        remoteVariantId: variation.id,
        quantity: 10 + i,
      })),
    );
    updates.push({
      remoteId: products[0]!.id,
      remoteVariantId: products[0]!.variations[0]!.id,
      quantity: -3,
    });
    const results = await h.connector.updateStock(updates);
    expect(results).toHaveLength(updates.length);
    expect(results.slice(0, -1).every((result) => result.ok)).toBe(true);
    expect(results.at(-1)).toMatchObject({
      ok: false,
      kind: 'permanent',
      code: 'invalid_quantity',
    });
    const truth = h.sandbox.groundTruth();
    for (const update of updates.slice(0, -1)) {
      const variation = truth.products
        .find((p) => p.id === update.remoteId)!
        .variations.find((v) => v.id === update.remoteVariantId)!;
      expect(variation.inventory).toBe(update.quantity);
    }
    expect(h.sandbox.writes().filter((write) => write.field === 'inventory')).toHaveLength(
      updates.length - 1,
    );
  }, 60_000);

  it('edits a product, uploads tracking, reads refund reasons', async () => {
    const h = await ready();
    const [product] = active(h, 1);
    await h.connector.updateListing(product!.id, {
      title: 'Renamed by Silkroute',
      status: 'inactive',
    });
    const edited = h.sandbox.groundTruth().products.find((p) => p.id === product!.id)!;
    expect(edited).toMatchObject({ name: 'Renamed by Silkroute', state: 'MERCHANT_INACTIVE' });
    await expect(h.connector.updateListing(product!.id, {})).rejects.toMatchObject({
      kind: 'permanent',
    });

    const orderId = h.sandbox.control.placeOrder();
    const options = await h.connector.getShippingOptions(orderId);
    expect(options.methods).toEqual(['tracking_only']);
    await expect(
      h.connector.confirmShipment({
        remoteOrderId: orderId,
        trackingNumber: 'LX123',
        carrier: 'Pony Express',
        packageId: null,
      }),
    ).rejects.toBeInstanceOf(ConnectorError);
    const result = await h.connector.confirmShipment({
      remoteOrderId: orderId,
      trackingNumber: 'LX123456789CN',
      carrier: 'yunexpress',
      packageId: null,
    });
    expect(result.state).toBe('confirmed');
    const order = h.sandbox.groundTruth().orders.find((entry) => entry.id === orderId)!;
    expect(order).toMatchObject({ state: 'SHIPPED', tracking_number: 'LX123456789CN' });
    const fetched = await h.connector.getOrders([orderId, orderId]);
    expect(fetched.items.map((entry) => entry.status)).toEqual(['shipped']);
    expect(await h.connector.refundReasons(orderId)).toContain('UNABLE_TO_SHIP');
  }, 60_000);

  it('refreshes an expired access token once, and asks for re-authorisation after a revoke', async () => {
    const h = await ready();
    h.sandbox.control.expireAccessTokens();
    const page = await h.connector.getOrders([h.sandbox.groundTruth().orders[0]!.id]);
    expect(page.items).toHaveLength(1);
    expect(h.sandbox.stats().auth).toMatchObject({ refreshes: 1, refreshTokenReuse: 0 });
    h.sandbox.control.revokeAuthorization();
    await expect(
      h.connector.getOrders([h.sandbox.groundTruth().orders[1]!.id]),
    ).rejects.toMatchObject({
      kind: 'needs_user',
    });
    expect((await h.connector.authStatus()).state).toBe('reauthorize');
  }, 60_000);
});
