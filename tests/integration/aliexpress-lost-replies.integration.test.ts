/**
 * A price or text write whose reply is lost after AliExpress applied it (the body cut in the
 * middle) is never sent again blindly: it lands once, and the caller gets a retryable failure (or
 * the error with maybeApplied) to reconcile on the next pull. Every /sync reply is cut here, so a
 * blind repeat would show as a second write in the fake's log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../src/connectors/http/errors.js';
import {
  authorizeAliExpress,
  startAliExpressHarness,
  type AliExpressHarness,
} from './aliexpress-harness.js';

let harness: AliExpressHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function ready(): Promise<AliExpressHarness> {
  harness = await startAliExpressHarness({
    items: 6,
    orders: 0,
    seed: 31,
    rateLimit: null,
    timeScale: 200,
    clientLimit: { requestsPerSecond: 500, burst: 50 },
  });
  await authorizeAliExpress(harness);
  return harness;
}

describe('AliExpress writes after a lost reply', () => {
  it('applies a price update once and answers a retryable failure', async () => {
    const { sandbox, connector } = await ready();
    const product = sandbox.groundTruth().products.find((entry) => entry.status !== 'auditing')!;
    const sku = product.skus[0]!;
    sandbox.faults.set({ truncateRate: 1, onlyPaths: ['/sync'] });
    const [result] = await connector.updatePrices([
      {
        remoteId: String(product.product_id),
        remoteVariantId: sku.sku_code,
        price: { amountMinor: 4321, currency: 'USD' },
      },
    ]);
    sandbox.faults.clear();
    const writes = sandbox
      .writes()
      .filter(
        (write) =>
          write.productId === product.product_id &&
          write.skuCode === sku.sku_code &&
          write.field === 'price',
      );
    expect(writes).toHaveLength(1);
    expect(result).toMatchObject({ ok: false, kind: 'retryable' });
  });

  it('applies a title edit once and throws the lost reply as maybe applied', async () => {
    const { sandbox, connector } = await ready();
    const product = sandbox.groundTruth().products.find((entry) => entry.status !== 'auditing')!;
    sandbox.faults.set({ truncateRate: 1, onlyPaths: ['/sync'] });
    const outcome = await connector
      .updateListing(String(product.product_id), { title: 'Lost reply title' })
      .then(
        () => null,
        (error: unknown) => error,
      );
    sandbox.faults.clear();
    expect(outcome).toBeInstanceOf(ConnectorError);
    expect(outcome).toMatchObject({ kind: 'retryable', maybeApplied: true });
    const writes = sandbox
      .writes()
      .filter((write) => write.productId === product.product_id && write.field === 'subject');
    expect(writes).toHaveLength(1);
  });
});
