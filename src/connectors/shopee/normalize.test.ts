import { describe, expect, it } from 'vitest';
import { shopeeMarket } from './hosts.js';
import { listingsOfItem } from './item-normalize.js';
import { ordersOfDetails } from './order-normalize.js';

const SG = shopeeMarket('SG');

const item = (overrides: Record<string, unknown> = {}) => ({
  item_id: 101,
  item_name: 'Jade Mug',
  description: 'A mug',
  item_sku: 'JM-1',
  item_status: 'NORMAL',
  update_time: 1_700_000_000,
  has_model: false,
  price_info: [{ currency: 'SGD', original_price: 12.3, current_price: 11 }],
  stock_info_v2: {
    summary_info: { total_available_stock: 4 },
    seller_stock: [{ location_id: '', stock: 4 }],
  },
  attribute_list: [
    {
      attribute_id: 1,
      original_attribute_name: 'Material',
      attribute_value_list: [{ original_value_name: 'Jade' }],
    },
  ],
  ...overrides,
});

const order = (overrides: Record<string, unknown> = {}) => ({
  order_sn: '260115ABCDEFGH',
  order_status: 'READY_TO_SHIP',
  currency: 'SGD',
  region: 'SG',
  create_time: 1_700_000_000,
  update_time: 1_700_000_100,
  ship_by_date: 1_700_172_800,
  total_amount: 27.9,
  recipient_address: { name: 'A Buyer', region: 'SG' },
  item_list: [
    {
      item_id: 101,
      item_name: 'Jade Mug',
      item_sku: 'JM-1',
      model_id: 0,
      model_quantity_purchased: 2,
      model_original_price: 12.3,
      model_discounted_price: 12.3,
      order_item_id: 101,
    },
    {
      item_id: 102,
      item_name: 'Scarf',
      item_sku: 'SC',
      model_id: 555,
      model_name: 'Red',
      model_sku: 'SC-RED',
      model_quantity_purchased: 1,
      model_original_price: 4,
      model_discounted_price: 3.3,
      order_item_id: 102,
    },
  ],
  ...overrides,
});

describe('Shopee items to listings', () => {
  it('turns an item without models into one listing with exact money and the raw payload', () => {
    const raw = item();
    const { items, problems } = listingsOfItem({ raw, requestId: 'r' }, null, SG);
    expect(problems).toEqual([]);
    expect(items).toEqual([
      expect.objectContaining({
        remoteId: '101',
        remoteVariantId: '',
        sku: 'JM-1',
        price: { amountMinor: 1230, currency: 'SGD' },
        quantity: 4,
        status: 'active',
        locale: 'en-SG',
        attributes: { Material: 'Jade' },
        remoteUpdatedAt: '2023-11-14T22:13:20.000Z',
        raw: { item: raw },
      }),
    ]);
  });

  it('turns each model into a listing with its tier options', () => {
    const raw = item({ has_model: true, price_info: undefined, stock_info_v2: undefined });
    const models = {
      reply: {
        tier_variation: [{ name: 'Colour', option_list: [{ option: 'Red' }, { option: 'Blue' }] }],
        model: [
          {
            model_id: 9001,
            model_sku: 'JM-RED',
            tier_index: [0],
            price_info: [{ original_price: 10 }],
            stock_info_v2: { seller_stock: [{ stock: 2 }] },
          },
          {
            model_id: 9002,
            model_sku: 'JM-BLUE',
            model_status: 'MODEL_UNAVAILABLE',
            tier_index: [1],
            price_info: [{ original_price: 10.5 }],
            stock_info_v2: { summary_info: { total_available_stock: 0 } },
          },
        ],
      },
      requestId: 'm',
    };
    const { items, problems } = listingsOfItem({ raw, requestId: 'r' }, models, SG);
    expect(problems).toEqual([]);
    expect(
      items.map((listing) => [
        listing.remoteVariantId,
        listing.sku,
        listing.attributes.Colour,
        listing.price.amountMinor,
        listing.quantity,
        listing.status,
      ]),
    ).toEqual([
      ['9001', 'JM-RED', 'Red', 1000, 2, 'active'],
      ['9002', 'JM-BLUE', 'Blue', 1050, 0, 'inactive'],
    ]);
  });

  it('reports bad items with their raw payload instead of throwing', () => {
    const cases = [
      item({ item_id: 'abc' }),
      item({ item_name: undefined }),
      item({ has_model: 'no' }),
      item({ price_info: [] }),
      item({ stock_info_v2: undefined }),
      item({ price_info: [{ currency: 'XYZ', original_price: 1 }] }),
      item({ price_info: [{ currency: 'SGD', original_price: 0.1 + 0.2 }] }),
      null,
      'not an item',
    ];
    for (const raw of cases) {
      const { items, problems } = listingsOfItem({ raw, requestId: 'req' }, null, SG);
      expect(items).toEqual([]);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ kind: 'invalid_payload', requestId: 'req', raw });
    }
  });

  it('keeps an item with an unknown status as inactive and reports the value', () => {
    const { items, problems } = listingsOfItem(
      { raw: item({ item_status: 'ON_HOLIDAY' }), requestId: null },
      null,
      SG,
    );
    expect(items[0]?.status).toBe('inactive');
    expect(problems).toEqual([expect.objectContaining({ kind: 'unknown_value', remoteId: '101' })]);
  });

  it('reports a bad model and keeps the good ones', () => {
    const raw = item({ has_model: true });
    const models = {
      reply: {
        tier_variation: [],
        model: [
          { model_id: 1, price_info: [] },
          {
            model_id: 2,
            price_info: [{ original_price: 3 }],
            stock_info_v2: { seller_stock: [{ stock: 1 }] },
          },
        ],
      },
      requestId: 'm',
    };
    const { items, problems } = listingsOfItem({ raw, requestId: 'r' }, models, SG);
    expect(items.map((listing) => listing.remoteVariantId)).toEqual(['2']);
    expect(problems).toEqual([
      expect.objectContaining({
        kind: 'invalid_payload',
        operation: 'product.get_model_list',
        requestId: 'm',
      }),
    ]);
  });
});

describe('Shopee order details to orders', () => {
  it('normalises status, times, money, lines and the buyer country only', () => {
    const raw = order();
    const { items, problems } = ordersOfDetails([raw], 'req');
    expect(problems).toEqual([]);
    expect(items[0]).toEqual({
      remoteId: '260115ABCDEFGH',
      rawStatus: 'READY_TO_SHIP',
      status: 'to_ship',
      placedAt: '2023-11-14T22:13:20.000Z',
      updatedAt: '2023-11-14T22:15:00.000Z',
      shipBy: '2023-11-16T22:13:20.000Z',
      buyerCountry: 'SG',
      total: { amountMinor: 2790, currency: 'SGD' },
      lines: [
        {
          lineId: '101-0',
          sku: 'JM-1',
          remoteListingId: '101',
          remoteVariantId: '',
          title: 'Jade Mug',
          quantity: 2,
          unitPrice: { amountMinor: 1230, currency: 'SGD' },
        },
        {
          lineId: '102-555',
          sku: 'SC-RED',
          remoteListingId: '102',
          remoteVariantId: '555',
          title: 'Scarf (Red)',
          quantity: 1,
          unitPrice: { amountMinor: 330, currency: 'SGD' },
        },
      ],
      raw,
    });
  });

  it('maps an unknown status to unknown and reports it', () => {
    const { items, problems } = ordersOfDetails([order({ order_status: 'LOST_IN_SPACE' })], null);
    expect(items[0]?.status).toBe('unknown');
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'unknown_value', remoteId: '260115ABCDEFGH' }),
    ]);
  });

  it('reports orders with missing fields, wrong types or unknown currency, keeping the rest', () => {
    const bad = [
      order({ order_sn: 'A', total_amount: undefined }),
      order({ order_sn: 'B', create_time: '2024-01-01' }),
      order({ order_sn: 'C', item_list: [] }),
      order({ order_sn: 'D', currency: 'ZZZ' }),
      order({
        order_sn: 'E',
        item_list: [{ item_id: 1, model_quantity_purchased: 'two', model_original_price: 1 }],
      }),
      order({ order_sn: 'F', total_amount: 1.005 }),
    ];
    const { items, problems } = ordersOfDetails([...bad, order()], null);
    expect(items.map((entry) => entry.remoteId)).toEqual(['260115ABCDEFGH']);
    expect(problems.map((entry) => entry.remoteId)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(problems.every((entry) => entry.raw !== undefined)).toBe(true);
  });
});
