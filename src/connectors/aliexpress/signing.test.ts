import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signAliExpress } from './signing.js';

const OFFICIAL = {
  app_key: '123456',
  access_token: 'test',
  timestamp: '1517820392000',
  sign_method: 'sha256',
  order_id: '1234',
};

describe('signAliExpress', () => {
  it('passes the official worked example (notes §3.2)', () => {
    expect(
      signAliExpress({ appSecret: 'helloworld', apiName: '/order/get', params: OFFICIAL }),
    ).toBe('4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A');
  });

  it('signs a /sync business call without a prefix (derived example in the notes)', () => {
    expect(
      signAliExpress({
        appSecret: 'helloworld',
        apiName: 'aliexpress.solution.order.get',
        params: {
          access_token: 'test',
          app_key: '123456',
          method: 'aliexpress.solution.order.get',
          param0: '{"page_size":50,"current_page":1}',
          sign_method: 'sha256',
          timestamp: '1517820392000',
        },
      }),
    ).toBe('603A7828127F2394E97759AA5E5AC25CE63B7E966B6B197EE94384CD8E7BDA01');
  });

  it('leaves out an existing sign and ignores the order the params were given in', () => {
    const reversed = Object.fromEntries(Object.entries(OFFICIAL).reverse());
    expect(
      signAliExpress({
        appSecret: 'helloworld',
        apiName: '/order/get',
        params: { ...reversed, sign: 'OLD' },
      }),
    ).toBe('4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A');
  });

  it('sorts by bytes, not by locale: upper case before lower case, "_" between them', () => {
    const params = { b: '1', B: '2', a_b: '3', ab: '4', sign_method: 'sha256' };
    const expected = createHmac('sha256', 'k')
      .update('B2a_b3ab4b1sign_methodsha256')
      .digest('hex')
      .toUpperCase();
    expect(signAliExpress({ appSecret: 'k', apiName: 'x.y', params })).toBe(expected);
  });

  it('uses HMAC-MD5 for sign_method hmac', () => {
    const params = { app_key: '1', sign_method: 'hmac' };
    const expected = createHmac('md5', 'k').update('app_key1sign_methodhmac').digest('hex');
    expect(signAliExpress({ appSecret: 'k', apiName: 'x.y', params })).toBe(expected.toUpperCase());
  });

  it('refuses an unknown sign_method and empty inputs', () => {
    expect(() =>
      signAliExpress({ appSecret: 'k', apiName: 'x', params: { sign_method: 'md5' } }),
    ).toThrow(/sign_method/);
    expect(() => signAliExpress({ appSecret: 'k', apiName: 'x', params: {} })).toThrow(
      /sign_method/,
    );
    expect(() =>
      signAliExpress({ appSecret: '', apiName: 'x', params: { sign_method: 'sha256' } }),
    ).toThrow(/appSecret/);
  });
});
