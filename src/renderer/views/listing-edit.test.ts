import { describe, expect, it } from 'vitest';
import type { ListingDetail } from '../../shared/api/index.js';
import type { AccountId, ListingId } from '../../shared/ids.js';
import { buildChanges, draftOf, issuesByField } from './listing-edit.js';

const listing: ListingDetail = {
  id: 7 as ListingId,
  accountId: 1 as AccountId,
  accountName: 'Shop',
  marketplace: 'ebay',
  site: 'EBAY_GB',
  remoteId: 'r-7',
  sku: 'MUG-1',
  productId: null,
  title: 'Blue mug',
  price: { amountMinor: 1999, currency: 'GBP' },
  quantity: 12,
  status: 'active',
  locale: 'en-GB',
  syncState: 'synced',
  localVersion: 3,
  updatedAt: '2026-03-01T00:00:00Z',
  description: '',
  bulletPoints: [],
  keywords: [],
  attributes: {},
  remoteUpdatedAt: null,
  lastError: null,
};

describe('buildChanges', () => {
  it('sends nothing when nothing changed', () => {
    expect(buildChanges(listing, draftOf(listing))).toEqual({ changes: {}, problems: {} });
  });

  it('sends only the changed fields, price in minor units', () => {
    const draft = { ...draftOf(listing), price: '21.5', quantity: ' 40 ' };
    expect(buildChanges(listing, draft)).toEqual({
      changes: { priceMinor: 2150, quantity: 40 },
      problems: {},
    });
  });

  it('names each field it refuses', () => {
    const draft = { title: '   ', price: '19.999', quantity: '2.5' };
    expect(buildChanges(listing, draft).problems).toEqual({
      title: { code: 'required' },
      price: { code: 'notAmount', decimals: 2 },
      quantity: { code: 'notWholeNumber' },
    });
    expect(
      buildChanges(listing, { ...draft, title: 'x', price: '0', quantity: '2000000' }).problems,
    ).toEqual({
      price: { code: 'notPositive' },
      quantity: { code: 'tooLarge', max: 1_000_000 },
    });
  });

  it('follows the currency exponent (no decimals for yen)', () => {
    const yen = { ...listing, price: { amountMinor: 1500, currency: 'JPY' } };
    expect(draftOf(yen).price).toBe('1500');
    expect(buildChanges(yen, { ...draftOf(yen), price: '1500.5' }).problems.price).toEqual({
      code: 'notAmount',
      decimals: 0,
    });
  });
});

describe('issuesByField', () => {
  it('puts engine issues on the fields the seller edited', () => {
    expect(
      issuesByField([
        { path: 'changes.priceMinor', message: 'price must be above zero' },
        { path: 'baseVersion', message: 'stale' },
      ]),
    ).toEqual({ fields: { price: 'price must be above zero' }, other: ['baseVersion: stale'] });
  });
});
