/**
 * Product type title limits from the fake Amazon through the real connector: the definition, then
 * the schema document it links; a schema without maxLength and an unknown product type are null.
 * Every getDefinitionsProductType exchange is checked against Amazon's model.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectConformant, loadSpec } from '../conformance/openapi.js';
import { qb } from '../../src/engine/store/compiler.js';
import { openStore } from '../../src/engine/store/connection.js';
import { SqliteConnectorStateStore } from '../../src/engine/store/connector-state.js';
import { upsertAccount, upsertListings, upsertProducts } from '../../src/engine/store/ingest.js';
import { accountInput, productInput } from '../../src/engine/store/test-fixtures.js';
import { memoryProviderKeys } from '../../src/engine/translate/keys.js';
import { TranslateService } from '../../src/engine/translate/service.js';
import { TitleLimits } from '../../src/engine/translate/title-limits.js';
import {
  authorize,
  pullAllListings,
  startAmazonHarness,
  type AmazonHarness,
} from './amazon-harness.js';

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

describe('Amazon title limits in the publish gate, from the fake through the connector', () => {
  it('blocks a 180-character title of a 150 product type, passes a 200 one, and asks once', async () => {
    harness = await startAmazonHarness({ listings: 40, orders: 0 });
    await authorize(harness);
    const { connector, sandbox } = harness;
    const { items } = await pullAllListings(connector);
    const store = openStore(':memory:');
    try {
      const accountId = store.write((w) => {
        upsertProducts(
          w,
          items.map((item) =>
            productInput({ sku: item.sku, title: '旅行用品', sourceLocale: 'zh-CN', stock: [] }),
          ),
        );
        const account = upsertAccount(
          w,
          accountInput({ marketplace: 'amazon', site: sandbox.site, shopId: sandbox.sellerId }),
        );
        upsertListings(w, account, items);
        return account;
      });
      const skuOf = (productType: string) =>
        items.find((item) => item.attributes['amazon.productType'] === productType)?.sku;
      const luggageSku = skuOf('LUGGAGE');
      const homeSku = skuOf('HOME');
      expect(luggageSku && homeSku).toBeTruthy();
      const ids = new Map(
        store
          .read((r) => r.all(qb.selectFrom('listings').select(['id', 'sku'])))
          .map((row) => [row.sku, row.id]),
      );
      const translate = new TranslateService({
        store,
        keys: memoryProviderKeys(),
        newKey: () => `key-${Math.random()}`,
        titleLimits: new TitleLimits({
          state: new SqliteConnectorStateStore(store),
          connectorOf: (id) => (id === accountId ? connector : null),
        }),
      });
      const title = 'Carry-on Suitcase Hardshell Spinner Wheels TSA Lock '.repeat(4).slice(0, 180);
      const listingIds = [ids.get(luggageSku!)!, ids.get(homeSku!)!];
      for (const listingId of listingIds)
        await translate.review({
          listingId,
          locale: 'en-US',
          title,
          description: '',
          bulletPoints: [],
          keywords: [],
        });

      const first = await translate.publish(listingIds);
      expect(first.blocked.map((entry) => entry.sku)).toEqual([luggageSku]);
      expect(first.blocked[0]?.message).toContain(
        'the title has 180 characters; amazon allows 150 (for product type LUGGAGE)',
      );
      expect(first.published.map((entry) => entry.sku)).toEqual([homeSku]);
      const detail = await translate.text(listingIds[0]!, 'en-US');
      expect(detail.issues[0]?.suggestion?.length).toBeLessThanOrEqual(150);

      const asked = sandbox
        .exchanges()
        .filter((exchange) => exchange.path.startsWith('/definitions/'));
      expect(asked).toHaveLength(2);
      await translate.publish([listingIds[0]!]);
      expect(
        sandbox.exchanges().filter((exchange) => exchange.path.startsWith('/definitions/')),
      ).toHaveLength(2);
    } finally {
      store.close();
    }
  });
});
