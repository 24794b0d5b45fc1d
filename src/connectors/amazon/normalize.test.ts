/**
 * Normalisation read against Amazon's own examples in the placed models (getListingsItem and
 * searchOrders 200 examples), so our reading of a listing and an order is checked against what
 * Amazon documents, not against our fake.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { specFile } from '../../../tests/conformance/openapi.js';
import type { AmazonIdentity } from './api.js';
import { amountToMinor, normalizeListing } from './listing-normalize.js';
import { amazonOrderStatus, normalizeOrder } from './order-normalize.js';

type Json = Record<string, unknown>;
const model = (file: string) =>
  JSON.parse(readFileSync(specFile(`amazon/${file}`), 'utf8')) as {
    paths: Record<string, Record<string, Json>>;
  };
const example = (file: string, path: string, method: string): Json => {
  const responses = model(file).paths[path]![method]!.responses as Record<
    string,
    { examples: Record<string, Json> }
  >;
  return responses['200']!.examples['application/json']!;
};

const US: AmazonIdentity = {
  sellerId: 'A1',
  marketplaceId: 'ATVPDKIKX0DER',
  currency: 'USD',
  locale: 'en-US',
  fbaChannel: 'AMAZON_NA',
};

describe('listing normalisation', () => {
  it("reads Amazon's getListingsItem example: one unit per SKU, offer price, DEFAULT quantity, issues kept", () => {
    const item = example(
      'listingsItems_2021-08-01.json',
      '/listings/2021-08-01/items/{sellerId}/{sku}',
      'get',
    );
    const result = normalizeListing(item, US, 'getListingsItem');
    if ('problem' in result) throw new Error(result.problem.message);
    expect(result.productType).toBe('LUGGAGE');
    expect(result.listing).toMatchObject({
      remoteId: 'GM-ZDPI-9B4E',
      remoteVariantId: '',
      sku: 'GM-ZDPI-9B4E',
      title: 'Hardside Carry-On Spinner Suitcase Luggage',
      price: { amountMinor: 10000, currency: 'USD' },
      quantity: 100,
      status: 'active',
      remoteUpdatedAt: '2021-03-01T00:00:00.000Z',
    });
    expect(result.listing.attributes['amazon.asin']).toBe('B071VG5N9D');
    expect(result.listing.attributes['amazon.issues']).toContain(
      "ERROR 90220: 'size' is required but not supplied.",
    );
    expect(result.listing.attributes['amazon.issues']?.split('\n')).toHaveLength(5);
  });

  it("reads the searchListingsItems example's attributes for the title and keywords", () => {
    const page = example(
      'listingsItems_2021-08-01.json',
      '/listings/2021-08-01/items/{sellerId}',
      'get',
    );
    const result = normalizeListing((page.items as unknown[])[0], US, 'searchListingsItems');
    if ('problem' in result) throw new Error(result.problem.message);
    expect(result.listing.title).toContain('Samsung QN82Q60RAFXZA');
    expect(result.listing.locale).toBe('en-US');
    expect(result.listing.bulletPoints.length).toBe(5);
    expect(result.listing.keywords.length).toBeGreaterThan(0);
  });

  it("reads the account's own language of a two-language site, whatever the entries' order", () => {
    const page = example(
      'listingsItems_2021-08-01.json',
      '/listings/2021-08-01/items/{sellerId}',
      'get',
    );
    const item = structuredClone((page.items as Json[])[0]!);
    const CA: AmazonIdentity = {
      ...US,
      marketplaceId: 'A2EUQ1WTGCTBG2',
      currency: 'CAD',
      locale: 'en-CA',
    };
    const entry = (value: string, tag: string) => ({
      value,
      language_tag: tag,
      marketplace_id: CA.marketplaceId,
    });
    item.summaries = (item.summaries as Json[]).map((summary) => ({
      ...summary,
      marketplaceId: CA.marketplaceId,
    }));
    item.offers = (item.offers as Json[] | undefined)?.map((offer) => ({
      ...offer,
      marketplaceId: CA.marketplaceId,
      price: { currencyCode: 'CAD', amount: '12.00' },
    }));
    item.attributes = {
      ...(item.attributes as Json),
      item_name: [entry('Tasse en bambou', 'fr_CA'), entry('Bamboo Mug', 'en_CA')],
      bullet_point: [entry('Léger', 'fr_CA'), entry('Light', 'en_CA'), entry('Sturdy', 'en_CA')],
    };
    const result = normalizeListing(item, CA, 'searchListingsItems');
    if ('problem' in result) throw new Error(result.problem.message);
    expect(result.listing).toMatchObject({
      title: 'Bamboo Mug',
      locale: 'en-CA',
      bulletPoints: ['Light', 'Sturdy'],
    });
  });

  it('keeps what it cannot read as a problem with the raw payload', () => {
    const result = normalizeListing(
      { sku: 'X', summaries: [{ marketplaceId: 'ATVPDKIKX0DER' }] },
      US,
      'searchListingsItems',
    );
    expect(result).toMatchObject({ problem: { kind: 'invalid_payload', remoteId: 'X' } });
    expect(normalizeListing({ sku: 'Y' }, US, 'searchListingsItems')).toMatchObject({
      problem: { kind: 'missing', remoteId: 'Y' },
    });
  });

  it('reads amounts exactly, never through floats', () => {
    expect(amountToMinor(19.99, 'USD')).toBe(1999);
    expect(amountToMinor('30.0', 'USD')).toBe(3000);
    expect(amountToMinor('1999', 'JPY')).toBe(1999);
    expect(amountToMinor(0.1 + 0.2, 'USD')).toBeNull();
    expect(amountToMinor('1e3', 'USD')).toBeNull();
  });
});

describe('order normalisation', () => {
  it("reads Amazon's searchOrders example with its items inline", () => {
    const page = example('orders_2026-01-01.json', '/orders/2026-01-01/orders', 'get');
    const order = normalizeOrder((page.orders as unknown[])[0], US, 'searchOrders');
    if ('kind' in order) throw new Error(order.message);
    expect(order).toMatchObject({
      remoteId: '123-4567890-1234567',
      rawStatus: 'SHIPPED',
      status: 'shipped',
      placedAt: '2024-12-25T10:30:00.000Z',
      updatedAt: '2024-12-25T14:45:00.000Z',
      shipBy: '2024-12-27T23:59:59.000Z',
      buyerCountry: 'US',
      total: { amountMinor: 15499, currency: 'USD' },
    });
    // Amazon's example carries the recipient's name and street: none of it is kept.
    const source = JSON.stringify((page.orders as unknown[])[0]);
    expect(source).toMatch(/addressLine1|"name"/);
    const kept = order.raw as Record<string, unknown>;
    expect(kept.buyer).toBeUndefined();
    expect(kept.recipient).toEqual({ deliveryAddress: { countryCode: 'US' } });
    expect(kept.orderItems).toEqual(
      ((page.orders as unknown[])[0] as { orderItems: unknown }).orderItems,
    );
    expect(
      order.lines.map((line) => [line.lineId, line.sku, line.quantity, line.unitPrice.amountMinor]),
    ).toEqual([
      ['12345678901234', 'ECHO-DOT-4-CHARCOAL', 2, 4999],
      ['12345678901235', 'FIRE-TV-4K-2021', 1, 4999],
    ]);
  });

  it('maps every fulfillment status of the model', () => {
    expect(
      [
        'PENDING_AVAILABILITY',
        'PENDING',
        'UNSHIPPED',
        'PARTIALLY_SHIPPED',
        'SHIPPED',
        'CANCELLED',
        'UNFULFILLABLE',
        'NEW',
      ].map(amazonOrderStatus),
    ).toEqual([
      'unpaid',
      'unpaid',
      'to_ship',
      'to_ship',
      'shipped',
      'cancelled',
      'unknown',
      'unknown',
    ]);
  });

  it('adds up the lines when the order carries no proceeds', () => {
    const order = normalizeOrder(
      {
        orderId: '1',
        createdTime: '2026-01-01T00:00:00Z',
        lastUpdatedTime: '2026-01-01T01:00:00Z',
        salesChannel: { channelName: 'AMAZON' },
        orderItems: [
          {
            orderItemId: 'a',
            quantityOrdered: 3,
            product: {
              sellerSku: 'S',
              price: { unitPrice: { amount: '2.50', currencyCode: 'USD' } },
            },
          },
        ],
      },
      US,
      'searchOrders',
    );
    expect(order).toMatchObject({
      total: { amountMinor: 750, currency: 'USD' },
      rawStatus: 'UNKNOWN',
      status: 'unknown',
    });
  });
});
