import { describe, expect, it } from 'vitest';
import type { ConflictReviewRow, WorkbenchListingRow } from '../../shared/api/index.js';
import type { AccountId, ListingId } from '../../shared/ids.js';
import { conflictValue } from './ConflictEditor.js';
import { cellOperation, fillDownField } from './inline-edit.js';

const listing = (currency: string): WorkbenchListingRow => ({
  id: 1 as ListingId,
  accountId: 1 as AccountId,
  accountName: 'Acme',
  marketplace: 'shopee',
  site: 'SG',
  remoteId: '9',
  sku: 'SKU-1',
  productId: null,
  title: 'Lamp',
  price: { amountMinor: 1999, currency },
  quantity: 4,
  status: 'active',
  locale: 'en-SG',
  syncState: 'synced',
  localVersion: 0,
  updatedAt: '2024-01-01T00:00:00.000Z',
  lastError: null,
});

const conflict = (field: string, currency = 'USD'): ConflictReviewRow => ({
  id: 1,
  kind: 'conflict',
  listingId: 1 as ListingId,
  accountId: 1 as AccountId,
  marketplace: 'shopee',
  sku: 'SKU-1',
  title: 'Lamp',
  field,
  base: null,
  mine: null,
  theirs: null,
  detectedAt: '2024-01-01T00:00:00.000Z',
  accountName: 'Acme',
  currency,
  localVersion: 0,
});

describe('an inline cell edit', () => {
  it('becomes the operation its column stands for', () => {
    expect(cellOperation(listing('USD'), 'price', ' 21.50 ')).toEqual({
      operation: { kind: 'setPrice', amount: '21.50' },
    });
    expect(cellOperation(listing('USD'), 'quantity', '7')).toEqual({
      operation: { kind: 'setQuantity', quantity: 7 },
    });
    expect(cellOperation(listing('USD'), 'title', ' Desk lamp ')).toEqual({
      operation: { kind: 'setTitle', title: 'Desk lamp' },
    });
    expect(cellOperation(listing('USD'), 'sku', 'X')).toBeNull();
  });

  it('is refused before the engine when it cannot be right', () => {
    expect(cellOperation(listing('JPY'), 'price', '19.99')).toEqual({ problem: 'notAmount' });
    expect(cellOperation(listing('USD'), 'price', '0')).toEqual({ problem: 'notPositive' });
    expect(cellOperation(listing('USD'), 'quantity', '-1')).toEqual({ problem: 'notWholeNumber' });
    expect(cellOperation(listing('USD'), 'quantity', '2000000')).toEqual({ problem: 'tooLarge' });
    expect(cellOperation(listing('USD'), 'title', '  ')).toEqual({ problem: 'required' });
  });

  it('fills down only the columns a listing edit can copy', () => {
    expect(['price', 'quantity', 'title', 'status', 'sku'].map(fillDownField)).toEqual([
      'price',
      'quantity',
      'title',
      'status',
      null,
    ]);
  });
});

describe('a value typed to settle a conflict', () => {
  it('is read as the field is kept: minor units, whole numbers, statuses, lists', () => {
    expect(conflictValue(conflict('priceMinor'), '12.30')).toBe(1230);
    expect(conflictValue(conflict('priceMinor', 'JPY'), '1230')).toBe(1230);
    expect(conflictValue(conflict('priceMinor', 'JPY'), '12.3')).toBeNull();
    expect(conflictValue(conflict('quantity'), '5')).toBe(5);
    expect(conflictValue(conflict('status'), 'inactive')).toBe('inactive');
    expect(conflictValue(conflict('status'), 'deleted')).toBeNull();
    expect(conflictValue(conflict('keywords'), 'lamp\n\n desk ')).toEqual(['lamp', 'desk']);
    expect(conflictValue(conflict('title'), '  ')).toBeNull();
  });
});
