import { describe, expect, it } from 'vitest';
import { redact, redactText } from './redact.js';

describe('redaction', () => {
  it('masks tokens, signatures and keys in URLs and query strings', () => {
    const url =
      'https://partner.shopeemobile.com/api/v2/order/get_order_list?partner_id=1&timestamp=2&access_token=4c72595349&shop_id=3&sign=8f4f6869a88b35b5';
    const out = redactText(url);
    expect(out).not.toContain('4c72595349');
    expect(out).not.toContain('8f4f6869a88b35b5');
    expect(out).toContain('partner_id=1');
    expect(redactText('refresh_token=abc&code=xyz&partner_key=k3y')).toBe(
      'refresh_token=[redacted]&code=[redacted]&partner_key=[redacted]',
    );
  });

  it('masks JSON-looking secrets inside strings, bearer tokens and e-mail addresses', () => {
    const text =
      '{"access_token": "t0k", "refresh_token":"r3f"} Bearer abcdefghijk buyer@example.com';
    const out = redactText(text);
    for (const secret of ['t0k', 'r3f', 'abcdefghijk', 'buyer@example.com'])
      expect(out).not.toContain(secret);
  });

  it('masks secret and personal keys at any depth and keeps the rest', () => {
    const value = {
      operation: 'auth.access_token_get',
      body: { refresh_token: 'r', partner_id: 9, partnerKey: 'k' },
      order: {
        order_sn: 'A1',
        recipient_address: { name: 'Ann', phone: '123' },
        buyer_username: 'ann',
      },
      list: [{ sign: 's' }],
    };
    expect(redact(value)).toEqual({
      operation: 'auth.access_token_get',
      body: { refresh_token: '[redacted]', partner_id: 9, partnerKey: '[redacted]' },
      order: { order_sn: 'A1', recipient_address: '[redacted]', buyer_username: '[redacted]' },
      list: [{ sign: '[redacted]' }],
    });
  });

  it('redacts error messages and bounds depth', () => {
    expect(redact(new Error('failed with access_token=zzz'))).toEqual({
      name: 'Error',
      message: 'failed with access_token=[redacted]',
    });
    let deep: unknown = 'leaf';
    for (let i = 0; i < 20; i++) deep = { inner: deep };
    expect(JSON.stringify(redact(deep))).toContain('[truncated]');
  });
});
