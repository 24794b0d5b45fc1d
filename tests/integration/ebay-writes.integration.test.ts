/**
 * Writes through the eBay connector against the fake: 2,000 price and quantity changes go out in
 * bulkUpdatePriceQuantity calls of 25 offers with a result per offer (acceptance, issue 5); the
 * 250-revisions-per-listing-per-day cap is respected (and eBay's own refusal is read); listings are
 * created, changed and published/withdrawn; orders are shipped with carrier and tracking number.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NormalizedListing } from '../../src/shared/marketplace.js';
import { authorize, pullAllListings, startHarness, type Harness } from './ebay-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const BULK = '/sell/inventory/v1/bulk_update_price_quantity';

async function ready(options: Parameters<typeof startHarness>[0]) {
  harness = await startHarness({ timeScale: 50, rateLimit: null, ...options });
  await authorize(harness);
  const pulled = await pullAllListings(harness.connector);
  return { harness, listings: pulled.items };
}

function offersPerCall(h: Harness): number[] {
  return h.sandbox
    .exchanges()
    .filter((exchange) => exchange.path === BULK)
    .map((exchange) => {
      const body = exchange.requestBody as { requests: { offers: unknown[] }[] };
      return body.requests.reduce((sum, request) => sum + request.offers.length, 0);
    });
}

describe('eBay price and quantity updates', () => {
  it('sends 2,000 price changes in 80 calls of 25 offers, one result per offer, all applied', async () => {
    const { harness: h, listings } = await ready({ seed: 21, items: 2_300 });
    const chosen = listings.slice(0, 2_000);
    expect(chosen).toHaveLength(2_000);
    const results = await h.connector.updatePrices(
      chosen.map((listing) => ({
        remoteId: listing.remoteId,
        remoteVariantId: listing.remoteVariantId,
        price: { amountMinor: listing.price.amountMinor + 101, currency: listing.price.currency },
      })),
    );
    expect(results).toHaveLength(2_000);
    expect(results.filter((result) => !result.ok)).toEqual([]);
    results.forEach((result, index) =>
      expect(result.remoteVariantId).toBe(chosen[index]!.remoteVariantId),
    );
    expect(offersPerCall(h)).toEqual(new Array<number>(80).fill(25));
    const truth = new Map(h.sandbox.groundTruth().listings.map((entry) => [entry.offerId, entry]));
    for (const listing of chosen)
      expect(truth.get(listing.remoteVariantId)!.priceMinor).toBe(listing.price.amountMinor + 101);
  }, 120_000);

  it('sends 2,000 quantity changes with faults on: every offer gets a result, and each ok is applied', async () => {
    const { harness: h, listings } = await ready({ seed: 22, items: 2_300 });
    h.sandbox.faults.set({
      serverErrorRate: 0.05,
      dropRate: 0.03,
      truncateRate: 0.03,
      onlyPaths: [BULK],
    });
    const chosen = listings.slice(0, 2_000);
    const results = await h.connector.updateStock(
      chosen.map((listing, index) => ({
        remoteId: listing.remoteId,
        remoteVariantId: listing.remoteVariantId,
        quantity: index % 50,
      })),
    );
    expect(results).toHaveLength(2_000);
    // Setting a quantity twice is harmless: stock calls are retried through faults.
    expect(results.filter((result) => !result.ok)).toEqual([]);
    const truth = new Map(h.sandbox.groundTruth().listings.map((entry) => [entry.offerId, entry]));
    chosen.forEach((listing, index) =>
      expect(truth.get(listing.remoteVariantId)!.quantity).toBe(index % 50),
    );
    expect(offersPerCall(h).every((count) => count <= 25)).toBe(true);
  }, 120_000);

  it('does not repeat a price call whose reply was lost: those offers come back retryable', async () => {
    const { harness: h, listings } = await ready({ seed: 23, items: 300 });
    h.sandbox.faults.set({ truncateRate: 1, onlyPaths: [BULK] });
    const chosen = listings.slice(0, 60);
    const results = await h.connector.updatePrices(
      chosen.map((listing) => ({
        remoteId: listing.remoteId,
        remoteVariantId: listing.remoteVariantId,
        price: { amountMinor: 4242, currency: listing.price.currency },
      })),
    );
    expect(results.map((result) => (result.ok ? 'ok' : result.kind))).toEqual(
      new Array<string>(60).fill('retryable'),
    );
    expect(offersPerCall(h)).toEqual([25, 25, 10]);
  });

  it('refuses bad input per update without sending it', async () => {
    const { harness: h, listings } = await ready({ seed: 24, items: 30 });
    const good = listings[0]!;
    const results = await h.connector.updatePrices([
      {
        remoteId: good.remoteId,
        remoteVariantId: good.remoteVariantId,
        price: { amountMinor: 999, currency: 'EUR' },
      },
      {
        remoteId: good.remoteId,
        remoteVariantId: 'not-an-offer',
        price: { amountMinor: 999, currency: 'USD' },
      },
      {
        remoteId: good.remoteId,
        remoteVariantId: good.remoteVariantId,
        price: { amountMinor: 0, currency: 'USD' },
      },
    ]);
    expect(results.map((result) => (result.ok ? 'ok' : result.code))).toEqual([
      'invalid_input',
      'invalid_input',
      'invalid_input',
    ]);
    expect(offersPerCall(h)).toEqual([]);
  });

  it('keeps to 250 revisions per listing a day, counting variations of one listing together', async () => {
    const { harness: h, listings } = await ready({ seed: 25, items: 120 });
    const variations = groupVariations(listings);
    const [first, second] = variations;
    expect(second).toBeDefined();
    const update = (listing: NormalizedListing, quantity: number) => ({
      remoteId: listing.remoteId,
      remoteVariantId: listing.remoteVariantId,
      quantity,
    });
    for (let round = 0; round < 125; round++) {
      const results = await h.connector.updateStock([
        update(first!, round),
        update(second!, round),
      ]);
      expect(results.every((result) => result.ok)).toBe(true);
    }
    const sentBefore = offersPerCall(h).length;
    const refused = await h.connector.updateStock([update(first!, 7), update(second!, 7)]);
    expect(refused.map((result) => (result.ok ? 'ok' : `${result.kind}:${result.code}`))).toEqual([
      'rate_limited:revision_cap',
      'rate_limited:revision_cap',
    ]);
    expect(offersPerCall(h).length).toBe(sentBefore);
    // A day later the listing may be revised again.
    h.sandbox.advance(24 * 3_600_000 + 60_000);
    const later = await h.connector.updateStock([update(first!, 7)]);
    expect(later[0]!.ok).toBe(true);
  }, 60_000);

  it("reads eBay's own revision-cap refusal when the ledger did not know of the revisions", async () => {
    const { harness: h, listings } = await ready({ seed: 26, items: 60 });
    const listing = listings.find((entry) => entry.status === 'active')!;
    // Another tool of the seller revises the listing 250 times today, through the same API.
    const token = (await h.tokens.load('ebay-test'))!.accessToken;
    for (let round = 0; round < 250; round++) {
      const response = await fetch(`${h.sandbox.baseUrl}${BULK}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          requests: [{ offers: [{ offerId: listing.remoteVariantId, availableQuantity: round }] }],
        }),
      });
      expect(response.status).toBe(200);
    }
    const [result] = await h.connector.updateStock([
      { remoteId: listing.remoteId, remoteVariantId: listing.remoteVariantId, quantity: 1 },
    ]);
    expect(result!.ok ? 'ok' : `${result!.kind}:${result!.code}`).toBe('rate_limited:25002');
  });

  it('sends one SKU per call in one_sku mode', async () => {
    const { harness: h, listings } = await ready({
      seed: 27,
      items: 120,
      bulkMode: 'one_sku',
      bulkPriceQuantity: 'one_sku',
    });
    const chosen = listings.slice(0, 30);
    const results = await h.connector.updateStock(
      chosen.map((listing) => ({
        remoteId: listing.remoteId,
        remoteVariantId: listing.remoteVariantId,
        quantity: 3,
      })),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    const calls = h.sandbox.exchanges().filter((exchange) => exchange.path === BULK);
    expect(calls).toHaveLength(30);
    expect(
      calls.every((call) => (call.requestBody as { requests: unknown[] }).requests.length === 1),
    ).toBe(true);
  });

  it("reports eBay's refusal per offer when the account allows one SKU per call and several were sent", async () => {
    const { harness: h, listings } = await ready({ seed: 28, items: 60, bulkMode: 'one_sku' });
    const results = await h.connector.updateStock(
      listings.slice(0, 3).map((listing) => ({
        remoteId: listing.remoteId,
        remoteVariantId: listing.remoteVariantId,
        quantity: 3,
      })),
    );
    expect(results.map((result) => (result.ok ? 'ok' : `${result.kind}:${result.code}`))).toEqual(
      new Array<string>(3).fill('permanent:25002'),
    );
  });
});

/** Two offers of one multi-variation listing (same listingId). */
function groupVariations(listings: NormalizedListing[]): NormalizedListing[] {
  const byListing = new Map<string, NormalizedListing[]>();
  for (const listing of listings) {
    const id = listing.attributes['ebay.listingId'];
    if (!id || !listing.attributes['ebay.inventoryItemGroupKey']) continue;
    byListing.set(id, [...(byListing.get(id) ?? []), listing]);
  }
  return [...byListing.values()].find((group) => group.length >= 2) ?? [];
}
