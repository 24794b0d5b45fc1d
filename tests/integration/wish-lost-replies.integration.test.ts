/**
 * A write whose reply is lost after Wish took it (the body cut in the middle) is never sent again
 * blindly: a bulk price job is created once (each item a retryable failure to reconcile on the
 * next pull), an item edit and a tracking upload are made once and thrown with maybeApplied. Every
 * reply on the write's path is cut here, so a blind repeat would show in the fake's log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../src/connectors/http/errors.js';
import { authorizeWish, startWishHarness, type WishHarness } from './wish-harness.js';

let harness: WishHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function ready(): Promise<WishHarness> {
  harness = await startWishHarness({
    items: 6,
    orders: 0,
    seed: 31,
    timeScale: 50,
    rateLimit: null,
  });
  await authorizeWish(harness);
  return harness;
}

function activeProduct(h: WishHarness) {
  return h.sandbox
    .groundTruth()
    .products.find(
      (product) =>
        product.state === 'ACTIVE' && product.variations.every((v) => v.status === 'ENABLED'),
    )!;
}

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

describe('Wish writes after a lost reply', () => {
  it('creates a bulk price job once and answers retryable failures', async () => {
    const h = await ready();
    const product = activeProduct(h);
    const variation = product.variations[0]!;
    h.sandbox.faults.set({ truncateRate: 1, onlyPaths: ['/api/v3/products/bulk_update'] });
    const [result] = await h.connector.updatePrices([
      {
        remoteId: product.id,
        remoteVariantId: variation.id,
        price: { amountMinor: variation.price_cents + 111, currency: 'USD' },
      },
    ]);
    h.sandbox.faults.clear();
    expect(result).toMatchObject({ ok: false, kind: 'retryable' });
    // Let every job that was created run (reading the truth applies the jobs that are due).
    h.sandbox.advance(60 * 60_000);
    h.sandbox.groundTruth();
    const writes = h.sandbox
      .writes()
      .filter((write) => write.variationId === variation.id && write.field === 'price');
    expect(writes.length).toBeLessThanOrEqual(1);
    expect(h.sandbox.stats().requests['POST /api/v3/products/bulk_update']).toBe(1);
  });

  it('edits a product once and throws the lost reply as maybe applied', async () => {
    const h = await ready();
    const product = activeProduct(h);
    h.sandbox.faults.set({ truncateRate: 1, onlyPaths: [`/api/v3/products/${product.id}`] });
    const outcome = await caught(h.connector.updateListing(product.id, { title: 'Lost reply' }));
    h.sandbox.faults.clear();
    expect(outcome).toBeInstanceOf(ConnectorError);
    expect(outcome).toMatchObject({ kind: 'retryable', maybeApplied: true });
    const writes = h.sandbox
      .writes()
      .filter((write) => write.productId === product.id && write.field === 'name');
    expect(writes).toHaveLength(1);
  });

  it('uploads tracking once, and the engine-style repeat afterwards is confirmed', async () => {
    const h = await ready();
    const orderId = h.sandbox.control.placeOrder();
    const confirmation = {
      remoteOrderId: orderId,
      trackingNumber: 'LX123456789CN',
      carrier: 'yunexpress',
      packageId: null,
    };
    await h.connector.getShippingOptions(orderId);
    h.sandbox.faults.set({ truncateRate: 1, onlyPaths: [`/api/v3/orders/${orderId}/tracking`] });
    const first = await caught(h.connector.confirmShipment(confirmation));
    h.sandbox.faults.clear();
    if (first !== null) expect(first).toMatchObject({ kind: 'retryable', maybeApplied: true });
    const tracking = () =>
      h.sandbox
        .writes()
        .filter((write) => write.field === 'tracking' && write.value === 'LX123456789CN');
    expect(tracking()).toHaveLength(1);
    await expect(h.connector.confirmShipment(confirmation)).resolves.toMatchObject({
      state: 'confirmed',
    });
  });
});
