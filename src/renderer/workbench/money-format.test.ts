import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES, formatMoney } from '../../shared/money.js';
import { moneyFormatter } from './money-format.js';

describe('the grid’s money formatter', () => {
  it('reads exactly as formatMoney in every currency and both languages', () => {
    for (const locale of ['en', 'zh-CN']) {
      const format = moneyFormatter(locale);
      fc.assert(
        fc.property(
          fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
          fc.constantFrom(...CURRENCY_CODES),
          (amountMinor, currency) => {
            const money = { amountMinor, currency };
            expect(format(money)).toBe(formatMoney(money, locale));
          },
        ),
        { numRuns: 300 },
      );
    }
  });

  it('shows a dash for a currency it does not know', () => {
    expect(moneyFormatter('en')({ amountMinor: 100, currency: 'XXX' })).toBe('—');
  });
});
