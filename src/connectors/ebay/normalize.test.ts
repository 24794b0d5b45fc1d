import { describe, expect, it } from 'vitest';
import { listingsOfItem } from './listing-normalize.js';
import { ordersOf, soldOn } from './order-normalize.js';
import { listingStatusOf, orderStatusOf, rawOrderStatus } from './status.js';

const market = { currency: 'USD', language: 'en-US' };
const item = {
  sku: 'MUG-1',
  locale: 'en_US',
  condition: 'NEW',
  product: { title: 'Mug', description: 'A mug', aspects: { Colour: ['Red', 'Blue'] } },
  availability: { shipToLocationAvailability: { quantity: 9 } },
  inventoryItemGroupKeys: ['G-1'],
};
const offer = (fields: Record<string, unknown> = {}) => ({
  offerId: '5001',
  sku: 'MUG-1',
  marketplaceId: 'EBAY_US',
  format: 'FIXED_PRICE',
  pricingSummary: { price: { value: '12.50', currency: 'USD' } },
  status: 'PUBLISHED',
  listing: { listingId: '110001', listingStatus: 'ACTIVE', listingOnHold: false },
  ...fields,
});

describe('eBay listings', () => {
  it('makes one listing per offer on the site: SKU and offerId, item text, offer price and quantity', () => {
    const result = listingsOfItem(
      item,
      [offer({ availableQuantity: 4 }), offer({ offerId: '5002', marketplaceId: 'EBAY_GB' })],
      'EBAY_US',
      market,
      null,
    );
    expect(result.problems).toEqual([]);
    expect(result.items).toHaveLength(1);
    expect(result.items[0]).toMatchObject({
      remoteId: 'MUG-1',
      remoteVariantId: '5001',
      title: 'Mug',
      description: 'A mug',
      price: { amountMinor: 1250, currency: 'USD' },
      quantity: 4,
      status: 'active',
      locale: 'en-US',
      attributes: {
        Colour: 'Red, Blue',
        'ebay.listingId': '110001',
        'ebay.inventoryItemGroupKey': 'G-1',
      },
    });
  });

  it("falls back to the item's quantity, prices a draft at zero, and reports what it cannot read", () => {
    const draft = listingsOfItem(
      item,
      [offer({ status: 'UNPUBLISHED', pricingSummary: {}, listing: undefined })],
      'EBAY_US',
      market,
      null,
    );
    expect(draft.items[0]).toMatchObject({
      quantity: 9,
      price: { amountMinor: 0, currency: 'USD' },
      status: 'inactive',
    });
    const broken = listingsOfItem(
      item,
      [
        offer({ pricingSummary: {} }),
        offer({ offerId: '5003', pricingSummary: { price: { value: '1.234', currency: 'USD' } } }),
        { offerId: 7 },
      ],
      'EBAY_US',
      market,
      'req-1',
    );
    expect(broken.items).toEqual([]);
    expect(broken.problems.map((entry) => entry.kind)).toEqual([
      'missing',
      'invalid_payload',
      'invalid_payload',
    ]);
    expect(broken.problems[2]!.requestId).toBe('req-1');
  });

  it('maps offer and listing states', () => {
    expect(
      listingStatusOf({ status: 'PUBLISHED', listing: { listingStatus: 'OUT_OF_STOCK' } }).status,
    ).toBe('active');
    expect(
      listingStatusOf({ status: 'PUBLISHED', listing: { listingStatus: 'ENDED' } }).status,
    ).toBe('inactive');
    expect(
      listingStatusOf({
        status: 'PUBLISHED',
        listing: { listingStatus: 'ACTIVE', listingOnHold: true },
      }).status,
    ).toBe('error');
    expect(listingStatusOf({ status: 'UNPUBLISHED' }).status).toBe('inactive');
    expect(
      listingStatusOf({ status: 'PUBLISHED', listing: { listingStatus: 'SOMETHING_NEW' } }),
    ).toEqual({ status: 'inactive', known: false });
  });
});

const order = (fields: Record<string, unknown> = {}) => ({
  orderId: '12-34567-89012',
  creationDate: '2026-03-01T10:00:00.000Z',
  lastModifiedDate: '2026-03-02T11:00:00.123Z',
  orderFulfillmentStatus: 'NOT_STARTED',
  orderPaymentStatus: 'PAID',
  cancelStatus: { cancelState: 'NONE_REQUESTED', cancelRequests: [] },
  pricingSummary: { total: { value: '31.00', currency: 'USD' } },
  fulfillmentStartInstructions: [
    { shippingStep: { shipTo: { contactAddress: { countryCode: 'DE' } } } },
  ],
  lineItems: [
    {
      lineItemId: '100',
      sku: 'MUG-1',
      legacyItemId: '110001',
      title: 'Mug',
      quantity: 2,
      lineItemCost: { value: '25.00', currency: 'USD' },
      listingMarketplaceId: 'EBAY_US',
      lineItemFulfillmentInstructions: { shipByDate: '2026-03-04T00:00:00.000Z' },
    },
  ],
  ...fields,
});

describe('eBay orders', () => {
  it('reads an order with its line items, unit prices exact, SKU as the listing id', () => {
    const result = ordersOf([order()], 'op', null);
    expect(result.problems).toEqual([]);
    expect(result.items[0]).toMatchObject({
      remoteId: '12-34567-89012',
      rawStatus: 'NOT_STARTED/PAID',
      status: 'to_ship',
      placedAt: '2026-03-01T10:00:00.000Z',
      updatedAt: '2026-03-02T11:00:00.123Z',
      shipBy: '2026-03-04T00:00:00.000Z',
      buyerCountry: 'DE',
      total: { amountMinor: 3100, currency: 'USD' },
      lines: [
        {
          lineId: '100',
          sku: 'MUG-1',
          remoteListingId: 'MUG-1',
          remoteVariantId: null,
          quantity: 2,
          unitPrice: { amountMinor: 1250, currency: 'USD' },
        },
      ],
    });
  });

  it('reports orders it cannot read exactly', () => {
    const uneven = order({
      lineItems: [
        { lineItemId: '1', quantity: 3, lineItemCost: { value: '10.00', currency: 'USD' } },
      ],
    });
    const strange = order({ orderId: '12-00000-00001', orderFulfillmentStatus: 'TELEPORTED' });
    const result = ordersOf([uneven, strange, { orderId: 'x' }], 'op', null);
    expect(result.items).toEqual([]);
    expect(result.problems.map((entry) => entry.kind)).toEqual([
      'invalid_payload',
      'unknown_value',
      'invalid_payload',
    ]);
  });

  it('maps the three statuses: cancelled, returned, unpaid, then fulfillment', () => {
    const of = (fulfillment: string, payment: string, cancelState = 'NONE_REQUESTED') =>
      orderStatusOf({ fulfillment, payment, cancelState }).status;
    expect(of('NOT_STARTED', 'PAID', 'CANCELED')).toBe('cancelled');
    expect(of('FULFILLED', 'FULLY_REFUNDED')).toBe('returned');
    expect(of('NOT_STARTED', 'PENDING')).toBe('unpaid');
    expect(of('IN_PROGRESS', 'PAID', 'IN_PROGRESS')).toBe('to_ship');
    expect(of('FULFILLED', 'PARTIALLY_REFUNDED')).toBe('shipped');
    expect(
      rawOrderStatus({ fulfillment: 'NOT_STARTED', payment: 'PAID', cancelState: 'IN_PROGRESS' }),
    ).toBe('NOT_STARTED/PAID/IN_PROGRESS');
  });

  it("keeps an order to the account's site", () => {
    expect(soldOn(order(), 'EBAY_US')).toBe(true);
    expect(soldOn(order(), 'EBAY_GB')).toBe(false);
  });
});
