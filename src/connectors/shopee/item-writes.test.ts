import { describe, expect, it } from 'vitest';
import { RetryableError } from '../http/errors.js';
import type { ShopeeApi } from './api.js';
import { shopeeMarket } from './hosts.js';
import { ShopeeItemWrites } from './item-writes.js';
import type { ShopeeItems } from './items.js';

interface Call {
  path: string;
  body: {
    item_id: number;
    price_list?: { model_id: number; original_price: number }[];
    stock_list?: { model_id: number }[];
  };
}

function stubApi(fail: (call: Call) => boolean = () => false) {
  const calls: Call[] = [];
  const api = {
    shopPost: (_operation: string, path: string, body: Call['body']) => {
      const call = { path, body };
      calls.push(call);
      if (fail(call))
        return Promise.reject(
          new RetryableError('HTTP 503', {
            marketplace: 'shopee',
            operation: 'x',
            requestId: 'rid',
          }),
        );
      const entries = body.price_list ?? body.stock_list ?? [];
      // The stub refuses model 13 like Shopee's failure_list and leaves model 14 unanswered.
      return Promise.resolve({
        data: {
          success_list: entries
            .filter((entry) => entry.model_id !== 13 && entry.model_id !== 14)
            .map((entry) => ({ model_id: String(entry.model_id) })),
          failure_list: entries
            .filter((entry) => entry.model_id === 13)
            .map(() => ({ model_id: '13', failed_reason: 'Price is out of range.' })),
        },
        requestId: 'rid',
        warning: undefined,
      });
    },
  } as unknown as ShopeeApi;
  return { api, calls };
}

const sgd = (amountMinor: number) => ({ amountMinor, currency: 'SGD' });

describe('Shopee price and stock batches', () => {
  it('sends one item per call, at most 50 models each, and answers per update in input order', async () => {
    const { api, calls } = stubApi();
    const writes = new ShopeeItemWrites(api, shopeeMarket('SG'), {} as ShopeeItems);
    const updates = [
      ...Array.from({ length: 120 }, (_, i) => ({
        remoteId: '500',
        remoteVariantId: String(1000 + i),
        price: sgd(100 + i),
      })),
      { remoteId: '600', remoteVariantId: '', price: sgd(1230) },
      { remoteId: '500', remoteVariantId: '13', price: sgd(1) },
      { remoteId: '500', remoteVariantId: '14', price: sgd(1) },
    ];
    const results = await writes.updatePrices(updates);
    expect(calls.map((call) => [call.body.item_id, call.body.price_list?.length])).toEqual([
      [500, 50],
      [500, 50],
      [500, 22],
      [600, 1],
    ]);
    expect(calls[3]!.body.price_list).toEqual([{ model_id: 0, original_price: 12.3 }]);
    expect(results).toHaveLength(updates.length);
    expect(results.slice(0, 121).every((result) => result.ok)).toBe(true);
    expect(results[121]).toMatchObject({
      ok: false,
      code: 'failure_list',
      message: 'Price is out of range.',
      remoteVariantId: '13',
    });
    expect(results[122]).toMatchObject({ ok: false, code: 'not_confirmed', remoteVariantId: '14' });
  });

  it('gives every update of a failed call that call’s error, and refuses bad entries locally', async () => {
    const { api, calls } = stubApi((call) => call.body.item_id === 700);
    const writes = new ShopeeItemWrites(api, shopeeMarket('SG'), {} as ShopeeItems);
    const results = await writes.updateStock([
      { remoteId: '700', remoteVariantId: '1', quantity: 3 },
      { remoteId: '800', remoteVariantId: '', quantity: 2 },
      { remoteId: '800', remoteVariantId: 'x', quantity: 2 },
      { remoteId: '900', remoteVariantId: '', quantity: 1.5 },
      { remoteId: '800', remoteVariantId: '', quantity: 9 },
    ]);
    expect(results.map((result) => (result.ok ? 'ok' : `${result.kind}:${result.code}`))).toEqual([
      'retryable:null',
      'ok',
      'permanent:invalid_input',
      'permanent:invalid_input',
      'permanent:invalid_input',
    ]);
    expect(calls.map((call) => call.body.item_id).sort()).toEqual([700, 800]);
  });
});
