import { describe, expect, it } from 'vitest';
import { numberLiteralToDecimal, parseProviderAnswer, providerSnapshots } from './provider.js';

describe('API-key provider (Open Exchange Rates format)', () => {
  it('keeps every digit of the JSON numbers, with the day of the timestamp', () => {
    const answer = parseProviderAnswer(
      '{"disclaimer":"…","license":"…","timestamp":1775552400,"base":"USD","rates":{"TWD":32.512345678901234,"VND":25450,"USD":1,"BTC":0.0000105}}',
    );
    expect(answer).toEqual({
      base: 'USD',
      date: '2026-04-07',
      rates: [
        { currency: 'TWD', rate: '32.512345678901234' },
        { currency: 'VND', rate: '25450' },
      ],
      ignored: ['BTC'],
    });
    expect(providerSnapshots(answer)[0]).toEqual({
      base: 'USD',
      quote: 'TWD',
      date: '2026-04-07',
      rate: '32.512345678901234',
      source: 'openexchangerates',
    });
  });

  it('turns exponent literals into plain decimals exactly', () => {
    expect(numberLiteralToDecimal('1.2e-5')).toBe('0.000012');
    expect(numberLiteralToDecimal('3E2')).toBe('300');
    expect(numberLiteralToDecimal('2.5e1')).toBe('25');
    expect(numberLiteralToDecimal('007.5')).toBe('7.5');
    expect(() => numberLiteralToDecimal('-1')).toThrow(/non-negative/);
  });

  it('reports the provider’s own refusal and refuses shapes it does not know', () => {
    expect(() =>
      parseProviderAnswer(
        '{"error":true,"status":401,"message":"invalid_app_id","description":"Invalid App ID provided."}',
      ),
    ).toThrow('provider refused (401 invalid_app_id): Invalid App ID provided.');
    expect(() => parseProviderAnswer('<html>')).toThrow(/not JSON/);
    expect(() => parseProviderAnswer('{"timestamp":1,"base":"USD"}')).toThrow(/rates/);
    expect(() =>
      parseProviderAnswer('{"timestamp":1775552400,"base":"USD","rates":{"TWD":0}}'),
    ).toThrow(/TWD: .*greater than zero/);
  });
});
