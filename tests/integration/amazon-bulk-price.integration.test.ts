/**
 * Acceptance (issue 4): a bulk price change on 8,000 SKUs goes out as ONE JSON_LISTINGS_FEED and
 * every SKU gets its own result; the messages Amazon rejects (here: a new price under the seller's
 * minimum price) become per-listing errors carrying Amazon's text. The feed document the connector
 * built validates against listings-feed-schema-v2.json, the processing report the fake returned
 * against the report schema, and every SP-API exchange against the models. The connector starts
 * without having read the listings, so it looks the product types up (20 SKUs per search).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectSchemaValid } from '../conformance/openapi.js';
import {
  authorize,
  conformanceProblems,
  startAmazonHarness,
  type AmazonHarness,
} from './amazon-harness.js';

let harness: AmazonHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** 10 % off, in whole cents. */
const cut = (minor: number) => Math.floor((minor * 9) / 10);

describe('Amazon bulk price change (8,000 SKUs)', () => {
  it('goes out as one feed and gives each SKU its own result, rejections with Amazon text', async () => {
    harness = await startAmazonHarness({
      listings: 8_200,
      orders: 0,
      seed: 8,
      startTime: Date.UTC(2026, 6, 1, 9),
      timeScale: 200,
      feedPollMs: 30_000,
      // A larger burst on the fake's side absorbs event-loop jitter at 200× (see the full pull).
      rateLimit: { searchListingsItems: { requestsPerSecond: 5, burst: 40 } },
    });
    const { sandbox, connector } = harness;
    await authorize(harness);
    const truth = sandbox.groundTruth();
    const targets = truth.listings.slice(0, 8_000);
    const updates = targets.map((listing) => ({
      remoteId: listing.sku,
      remoteVariantId: '',
      price: { amountMinor: cut(listing.priceMinor), currency: truth.currency },
    }));
    const results = await connector.updatePrices(updates);

    const stats = sandbox.stats();
    expect(stats.requests.createFeed).toBe(1);
    expect(stats.requests.patchListingsItem ?? 0).toBe(0);
    expect(results).toHaveLength(8_000);
    const rejected = new Set(
      targets
        .filter(
          (listing) =>
            listing.minimumPriceMinor !== null &&
            cut(listing.priceMinor) < listing.minimumPriceMinor,
        )
        .map((listing) => listing.sku),
    );
    expect(rejected.size).toBeGreaterThan(50);
    const after = new Map(sandbox.groundTruth().listings.map((listing) => [listing.sku, listing]));
    results.forEach((result, index) => {
      const listing = targets[index]!;
      expect(result.remoteId).toBe(listing.sku);
      if (rejected.has(listing.sku)) {
        expect(result).toMatchObject({ ok: false, kind: 'permanent', code: '18155' });
        expect(result.ok ? '' : result.message).toBe(
          "The 'minimum price' is greater than the selling price (excluding shipping) for the listing. Review and update your price and/or minimum price.",
        );
        expect(after.get(listing.sku)?.priceMinor).toBe(listing.priceMinor);
      } else {
        expect(result).toEqual({ remoteId: listing.sku, remoteVariantId: '', ok: true });
        expect(after.get(listing.sku)?.priceMinor).toBe(cut(listing.priceMinor));
        // merge keeps what the patch did not name, such as the seller's minimum price
        expect(after.get(listing.sku)?.minimumPriceMinor).toBe(listing.minimumPriceMinor);
      }
    });

    const upload = sandbox
      .exchanges()
      .find((exchange) => exchange.method === 'PUT' && exchange.path.startsWith('/sandbox-s3/'));
    expect(upload).toBeDefined();
    expectSchemaValid('amazon/listings-feed-schema-v2.json', upload!.body);
    expect((upload!.body as { messages: unknown[] }).messages).toHaveLength(8_000);
    const [report] = sandbox.feedReports();
    expectSchemaValid('amazon/listings-feed-processing-report-schema-v2.json', report);
    expect(conformanceProblems(sandbox)).toEqual([]);
  }, 120_000);
});
