import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, fromListingFilter, moreFilterCount, toListingFilter } from './filters.js';

describe('listing filters', () => {
  it('turns the toolbar into the contract’s filter, amounts in the chosen currency', () => {
    const { filter, problems } = toListingFilter({
      ...EMPTY_FILTERS,
      search: '  lamp ',
      marketplace: 'ebay',
      accountId: '4',
      currency: 'JPY',
      priceMin: '1000',
      priceMax: '2500',
      quantityMax: '10',
      missingTranslation: 'de-DE',
      unlinked: true,
    });
    expect(problems).toEqual({});
    expect(filter).toEqual({
      search: 'lamp',
      marketplaces: ['ebay'],
      accountIds: [4],
      currency: 'JPY',
      priceMinorMin: 1000,
      priceMinorMax: 2500,
      quantityMax: 10,
      missingTranslation: 'de-DE',
      unlinked: true,
    });
  });

  it('refuses what it cannot read, filtering nothing by it', () => {
    const { filter, problems } = toListingFilter({
      ...EMPTY_FILTERS,
      priceMin: '10',
      quantityMin: '-1',
      missingTranslation: 'German!',
    });
    expect(problems).toEqual({
      priceMin: 'needsCurrency',
      quantityMin: 'notWholeNumber',
      missingTranslation: 'notLanguage',
    });
    expect(filter).toEqual({});
    expect(
      toListingFilter({ ...EMPTY_FILTERS, currency: 'JPY', priceMax: '9.5' }).problems,
    ).toEqual({ priceMax: 'notAmount' });
  });

  it('gives back the toolbar a saved filter came from', () => {
    const state = {
      ...EMPTY_FILTERS,
      marketplace: 'shopee' as const,
      currency: 'USD',
      priceMin: '19.99',
      quantityMin: '0',
      unlinked: true,
    };
    expect(fromListingFilter(toListingFilter(state).filter)).toEqual(state);
    expect(moreFilterCount(state)).toBe(4);
  });
});
