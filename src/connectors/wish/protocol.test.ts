/**
 * Wish replies into the taxonomy (envelope code, HTTP status, broken bodies) and the rate-limit
 * headers into limiter signals; money and statuses normalised exactly.
 */
import { describe, expect, it } from 'vitest';
import type { RawReply, RequestSpec } from '../http/client.js';
import type { ConnectorError } from '../http/errors.js';
import { listingsOfProduct, moneyFromWish, orderOfWish, wishMoneyOf } from './normalize.js';
import { interpretWishReply, parseWishReset, wishRateSignals } from './protocol.js';

const NOW = Date.UTC(2026, 0, 1, 0, 0, 0);
const spec = (operation = 'orders.list'): RequestSpec => ({
  operation,
  bucket: 'default',
  method: 'GET',
  path: '/api/v3/orders',
  idempotent: true,
  authenticated: true,
});

function reply(status: number, json: unknown, headers: Record<string, string> = {}): RawReply {
  const text = JSON.stringify(json);
  return {
    status,
    headers: { date: new Date(NOW).toUTCString(), ...headers },
    text,
    json,
    parseError: null,
  };
}

function kindOf(raw: RawReply, operation?: string): string {
  try {
    interpretWishReply(raw, spec(operation));
    return 'ok';
  } catch (error) {
    const connectorError = error as ConnectorError;
    return `${connectorError.kind}:${connectorError.marketplaceCode ?? ''}`;
  }
}

describe('Wish replies', () => {
  it('maps envelope codes and statuses into the taxonomy', () => {
    expect(kindOf(reply(200, { code: 0, message: '', data: [] }))).toBe('ok');
    expect(kindOf(reply(401, { code: 1007, message: 'expired', data: {} }))).toBe(
      'auth_expired:1007',
    );
    expect(kindOf(reply(401, { code: 1006, message: 'no token', data: {} }))).toBe(
      'auth_expired:1006',
    );
    expect(kindOf(reply(401, { code: 1008, message: 'revoked', data: {} }))).toBe(
      'needs_user:1008',
    );
    expect(
      kindOf(reply(400, { code: 10008, message: 'bad code', data: {} }), 'oauth.access_token'),
    ).toBe('needs_user:10008');
    expect(kindOf(reply(400, { code: 90001, message: 'bad param', data: {} }))).toBe(
      'permanent:90001',
    );
    // An error inside an HTTP 200 still counts.
    expect(kindOf(reply(200, { code: '90001', message: 'bad param', data: {} }))).toBe(
      'permanent:90001',
    );
    expect(kindOf(reply(503, { code: 1000, message: 'busy', data: {} }))).toBe('retryable:1000');
    expect(
      kindOf(
        reply(
          429,
          { code: 1015, message: 'slow down' },
          { 'wish-rate-limit-reset': String(NOW / 1000 + 30) },
        ),
      ),
    ).toBe('rate_limited:1015');
    expect(
      kindOf({ ...reply(200, null), json: undefined, parseError: 'Unexpected end of JSON input' }),
    ).toBe('retryable:');
    expect(kindOf(reply(200, { result: 'no envelope' }))).toBe('permanent:');
  });

  it('reads Wish-Rate-Limit-Remaining and Wish-Rate-Limit-Reset in any plausible format', () => {
    expect(parseWishReset(String(NOW / 1000 + 30), NOW)).toBe(30_000);
    expect(parseWishReset(String(NOW + 5000), NOW)).toBe(5000);
    expect(parseWishReset('12', NOW)).toBe(12_000);
    expect(parseWishReset(new Date(NOW + 60_000).toISOString(), NOW)).toBe(60_000);
    expect(parseWishReset('soon', NOW)).toBeNull();
    expect(wishRateSignals(reply(200, {}, { 'wish-rate-limit-remaining': '7' }))).toEqual({
      remaining: 7,
    });
    expect(
      wishRateSignals(
        reply(
          429,
          {},
          { 'wish-rate-limit-remaining': '0', 'wish-rate-limit-reset': String(NOW / 1000 + 4) },
        ),
      ),
    ).toEqual({ remaining: 0, resetAfterMs: 4000, throttled: true, retryAfterMs: 4000 });
  });
});

describe('Wish normalisation', () => {
  it('reads decimal money exactly and writes it back exactly', () => {
    expect(moneyFromWish({ amount: 19.99, currency_code: 'USD' })).toEqual({
      amountMinor: 1999,
      currency: 'USD',
    });
    expect(moneyFromWish({ amount: 0.1, currency_code: 'USD' })).toEqual({
      amountMinor: 10,
      currency: 'USD',
    });
    expect(moneyFromWish({ amount: 12, currency_code: 'JPY' })).toEqual({
      amountMinor: 12,
      currency: 'JPY',
    });
    expect(() => moneyFromWish({ amount: 1.005, currency_code: 'USD' })).toThrow(RangeError);
    expect(wishMoneyOf({ amountMinor: 1230, currency: 'USD' })).toEqual({
      amount: 12.3,
      currency_code: 'USD',
    });
  });

  it('turns a product into one listing per variation and reports what it cannot read', () => {
    const product = {
      id: 'a'.repeat(24),
      name: 'Jade Mug',
      description: 'A mug',
      state: 'ACTIVE',
      updated_at: '2026-01-01T08:00:00.123+08:00',
      tags: ['mug'],
      variations: [
        {
          id: 'b'.repeat(24),
          sku: 'M-RED',
          status: 'ENABLED',
          price: { amount: 9.5, currency_code: 'USD' },
          inventories: [
            { warehouse_id: 'w1', inventory: 3 },
            { warehouse_id: 'w2', inventory: 4 },
          ],
        },
        {
          id: 'c'.repeat(24),
          sku: 'M-BLUE',
          status: 'DISABLED',
          price: { amount: 9.5, currency_code: 'USD' },
          inventories: [],
        },
        {
          id: 'd'.repeat(24),
          sku: 'M-BAD',
          status: 'ENABLED',
          price: { amount: 'nine', currency_code: 'USD' },
        },
      ],
    };
    const all = listingsOfProduct(product, null);
    expect(
      all.items.map((item) => [item.sku, item.quantity, item.status, item.price.amountMinor]),
    ).toEqual([
      ['M-RED', 7, 'active', 950],
      ['M-BLUE', 0, 'inactive', 950],
    ]);
    expect(all.items[0]!.remoteUpdatedAt).toBe('2026-01-01T00:00:00.123Z');
    expect(all.problems).toHaveLength(1);
    expect(listingsOfProduct(product, 'w2').items[0]!.quantity).toBe(4);
    expect(listingsOfProduct({ id: 'x' }, null).problems[0]!.kind).toBe('invalid_payload');
  });

  it('turns an order into one line with the buyer country only', () => {
    const order = {
      id: 'e'.repeat(24),
      state: 'APPROVED',
      released_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-02T00:00:00.5Z',
      product_information: {
        id: 'a'.repeat(24),
        variation_id: 'b'.repeat(24),
        sku: 'M-RED',
        name: 'Jade Mug',
      },
      order_payment: {
        general_payment_details: {
          product_quantity: 2,
          product_price: { amount: 9.5, currency_code: 'USD' },
          payment_total: { amount: 24.98, currency_code: 'USD' },
        },
      },
      full_address: { shipping_detail: { name: 'Ann', shipping_address: { country_code: 'GB' } } },
    };
    const [normalized] = orderOfWish(order).items;
    expect(normalized).toMatchObject({
      status: 'to_ship',
      buyerCountry: 'GB',
      updatedAt: '2026-01-02T00:00:00.500Z',
      total: { amountMinor: 2498, currency: 'USD' },
    });
    expect(normalized!.lines).toEqual([
      expect.objectContaining({
        sku: 'M-RED',
        quantity: 2,
        unitPrice: { amountMinor: 950, currency: 'USD' },
      }),
    ]);
    const odd = orderOfWish({ ...order, state: 'TELEPORTED' });
    expect(odd.items[0]!.status).toBe('unknown');
    expect(odd.problems[0]!.kind).toBe('unknown_value');
  });
});
