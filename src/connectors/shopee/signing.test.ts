import { describe, expect, it } from 'vitest';
import { signShopee } from './signing.js';

// Vectors from ../shared/marketplace-notes.md §5.2, computed with the documented rule and the demo key
// printed in Shopee's guide (the official examples do not show their partner keys).
const DEMO_KEY = '1391fd986fe8ec7569bebed75b0c33ee35eb5a305bed7038657a5cd5f75b1c88';

describe('signShopee', () => {
  it('signs a public API call (partner_id + path + timestamp)', () => {
    expect(
      signShopee({
        partnerId: 2006566,
        partnerKey: DEMO_KEY,
        apiPath: '/api/v2/shop/auth_partner',
        timestamp: 1657254106,
      }),
    ).toBe('f99e0fc8bba25f54d76c863c7bee2ab6e2d4cd82f38ac08f9b6bf1cba09e9014');
  });

  it('signs a shop API call (… + access_token + shop_id)', () => {
    expect(
      signShopee({
        partnerId: 2006566,
        partnerKey: DEMO_KEY,
        apiPath: '/api/v2/order/get_order_list',
        timestamp: 1657254106,
        accessToken: '367a0a8eb9d1837cbf7c43b587a0faa4',
        shopId: 1001094,
      }),
    ).toBe('8f4f6869a88b35b57cf6c3e662ec5ddec104c0b2dc7ba660607e98ace67e7cab');
  });

  it('signs a merchant call like a shop call with the merchant id in place of the shop id', () => {
    const common = {
      partnerId: 2006566,
      partnerKey: DEMO_KEY,
      apiPath: '/api/v2/order/get_order_list',
      timestamp: 1657254106,
      accessToken: '367a0a8eb9d1837cbf7c43b587a0faa4',
    };
    expect(signShopee({ ...common, merchantId: 1001094 })).toBe(
      signShopee({ ...common, shopId: 1001094 }),
    );
  });

  it('is lower-case hex of 64 characters and uses the key as UTF-8 text', () => {
    const sign = signShopee({
      partnerId: 1,
      partnerKey: 'clé',
      apiPath: '/api/v2/x',
      timestamp: 0,
    });
    expect(sign).toMatch(/^[0-9a-f]{64}$/);
    expect(sign).not.toBe(
      signShopee({ partnerId: 1, partnerKey: 'cle', apiPath: '/api/v2/x', timestamp: 0 }),
    );
  });

  it('refuses inputs that cannot be a Shopee call', () => {
    const base = { partnerId: 1, partnerKey: 'k', apiPath: '/api/v2/x', timestamp: 1 };
    expect(() => signShopee({ ...base, apiPath: 'api/v2/x' })).toThrow(RangeError);
    expect(() => signShopee({ ...base, apiPath: '/api/v2/x?a=1' })).toThrow(RangeError);
    expect(() => signShopee({ ...base, timestamp: 1.5 })).toThrow(RangeError);
    expect(() => signShopee({ ...base, partnerKey: '' })).toThrow(RangeError);
    expect(() => signShopee({ ...base, accessToken: 't', shopId: 1, merchantId: 2 })).toThrow(
      RangeError,
    );
  });
});
