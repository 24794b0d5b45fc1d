/**
 * The fake's JSON_LISTINGS_FEED lifecycle, driven with plain fetch calls written from the Feeds
 * model and the listings feed schemas: document, upload to the presigned URL, feed, processing on
 * the simulated clock, processing report (valid against Amazon's report schema) with the rejected
 * messages, and the 5-per-5-minutes submission limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  expectConformant,
  expectSchemaValid,
  loadSpec,
} from '../../../tests/conformance/openapi.js';
import { startAmazonSandbox, type AmazonSandbox } from './index.js';

/** 10 % off, in whole cents. */
const cut = (minor: number) => Math.floor((minor * 9) / 10);
const FEEDS = loadSpec('amazon/feeds_2021-06-30.json');
let sandbox: AmazonSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function token(fake: AmazonSandbox): Promise<string> {
  const response = await fetch(fake.lwaTokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: fake.control.issueAuthorizationCode(),
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
    }).toString(),
  });
  return String(((await response.json()) as { access_token: string }).access_token);
}

async function api(
  fake: AmazonSandbox,
  access: string,
  method: string,
  path: string,
  body?: unknown,
) {
  const response = await fetch(`${fake.baseUrl}${path}`, {
    method,
    headers: { 'x-amz-access-token': access, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function submit(
  fake: AmazonSandbox,
  access: string,
  document: unknown,
  feedType = 'JSON_LISTINGS_FEED',
) {
  const contentType = 'application/json; charset=UTF-8';
  const created = await api(fake, access, 'POST', '/feeds/2021-06-30/documents', { contentType });
  expect(created.status).toBe(201);
  const { feedDocumentId, url } = created.json as { feedDocumentId: string; url: string };
  const upload = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': contentType },
    body: JSON.stringify(document),
  });
  expect(upload.status).toBe(200);
  return api(fake, access, 'POST', '/feeds/2021-06-30/feeds', {
    feedType,
    marketplaceIds: [fake.marketplaceId],
    inputFeedDocumentId: feedDocumentId,
  });
}

describe('fake Amazon: JSON_LISTINGS_FEED', () => {
  it('processes a feed after its delay and reports each rejected message with Amazon text', async () => {
    const fake = await startAmazonSandbox({
      listings: 300,
      orders: 0,
      recordExchanges: true,
      seed: 5,
    });
    sandbox = fake;
    const access = await token(fake);
    const truth = fake.groundTruth();
    const targets = truth.listings.filter((listing) => listing.quantity !== null).slice(0, 200);
    const guarded = targets.filter((listing) => listing.minimumPriceMinor !== null);
    expect(guarded.length).toBeGreaterThan(0);
    const document = {
      header: { sellerId: fake.sellerId, version: '2.0', issueLocale: 'en_US' },
      messages: targets.map((listing, index) => ({
        messageId: index + 1,
        sku: listing.sku,
        operationType: 'PATCH',
        productType: listing.productType,
        patches: [
          {
            op: 'merge',
            path: '/attributes/purchasable_offer',
            value: [
              {
                marketplace_id: fake.marketplaceId,
                currency: fake.currency,
                our_price: [
                  {
                    schedule: [
                      { value_with_tax: Number((cut(listing.priceMinor) / 100).toFixed(2)) },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      })),
    };
    expectSchemaValid('amazon/listings-feed-schema-v2.json', document);
    const feed = await submit(fake, access, document);
    expect(feed.status).toBe(202);
    const feedId = String(feed.json.feedId);
    const status = async () =>
      (await api(fake, access, 'GET', `/feeds/2021-06-30/feeds/${feedId}`)).json;
    expect((await status()).processingStatus).toBe('IN_QUEUE');
    fake.advance(31_000);
    expect((await status()).processingStatus).toBe('IN_PROGRESS');
    fake.advance(60_000);
    const done = await status();
    expect(done.processingStatus).toBe('DONE');
    const reportDocument = await api(
      fake,
      access,
      'GET',
      `/feeds/2021-06-30/documents/${String(done.resultFeedDocumentId)}`,
    );
    const report = (await (await fetch(String(reportDocument.json.url))).json()) as {
      issues: { messageId: number; sku: string; message: string; code: string }[];
      summary: Record<string, number>;
    };
    expectSchemaValid('amazon/listings-feed-processing-report-schema-v2.json', report);
    const rejected = new Set(
      guarded
        .filter((listing) => cut(listing.priceMinor) < listing.minimumPriceMinor!)
        .map((listing) => listing.sku),
    );
    expect(new Set(report.issues.map((entry) => entry.sku))).toEqual(rejected);
    expect(report.issues[0]?.message).toContain(
      "The 'minimum price' is greater than the selling price",
    );
    expect(report.summary).toMatchObject({
      messagesProcessed: 200,
      messagesInvalid: rejected.size,
      messagesAccepted: 200 - rejected.size,
    });
    const after = new Map(fake.groundTruth().listings.map((listing) => [listing.sku, listing]));
    for (const listing of targets)
      expect(after.get(listing.sku)?.priceMinor).toBe(
        rejected.has(listing.sku) ? listing.priceMinor : cut(listing.priceMinor),
      );
    expectConformant(
      FEEDS,
      fake.exchanges().filter((exchange) => exchange.path.startsWith('/feeds/')),
    );
  });

  it('allows 5 JSON_LISTINGS_FEED submissions per 5 minutes and fails legacy feed types', async () => {
    const fake = await startAmazonSandbox({ listings: 5, orders: 0 });
    sandbox = fake;
    const access = await token(fake);
    const sku = fake.groundTruth().listings[0]!.sku;
    const document = {
      header: { sellerId: fake.sellerId, version: '2.0' },
      messages: [{ messageId: 1, sku, operationType: 'DELETE' }],
    };
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await submit(fake, access, document)).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    fake.advance(61_000);
    expect((await submit(fake, access, document)).status).toBe(202);
    const legacy = await submit(fake, access, document, 'POST_PRODUCT_PRICING_DATA');
    fake.advance(120_000);
    const feed = await api(
      fake,
      access,
      'GET',
      `/feeds/2021-06-30/feeds/${String(legacy.json.feedId)}`,
    );
    expect(feed.json.processingStatus).toBe('FATAL');
  });
});
