/**
 * Product type title limits from the fake Amazon through the real connector: the definition, then
 * the schema document it links; a schema without maxLength and an unknown product type are null.
 * Every getDefinitionsProductType exchange is checked against Amazon's model.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectConformant, loadSpec } from '../conformance/openapi.js';
import { authorize, startAmazonHarness, type AmazonHarness } from './amazon-harness.js';

const SPEC = loadSpec('amazon/definitionsProductTypes_2020-09-01.json');

let harness: AmazonHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('Amazon title limits per product type', () => {
  it("reads item_name's maxLength from each product type's schema", async () => {
    harness = await startAmazonHarness({ listings: 5, orders: 0 });
    await authorize(harness);
    const { connector, sandbox } = harness;

    expect(await connector.titleLimit('HOME')).toBe(200);
    expect(await connector.titleLimit('LUGGAGE')).toBe(150);
    expect(await connector.titleLimit('PET_SUPPLIES')).toBeNull();
    expect(await connector.titleLimit('NO_SUCH_TYPE')).toBeNull();

    const exchanges = sandbox.exchanges();
    const definitions = exchanges.filter((exchange) => exchange.path.startsWith('/definitions/'));
    expect(definitions.map((exchange) => exchange.status)).toEqual([200, 200, 200, 404]);
    expect(definitions[0]?.query.marketplaceIds).toEqual([sandbox.marketplaceId]);
    expect(
      exchanges.filter((exchange) => exchange.path.startsWith('/sandbox-schemas/')),
    ).toHaveLength(3);
    expectConformant(
      SPEC,
      definitions.filter((exchange) => exchange.status < 400),
    );
    expect(
      definitions.flatMap((exchange) =>
        SPEC.checkResponse(exchange.method, exchange.path, exchange.status, exchange.response),
      ),
    ).toEqual([]);
  });
});
