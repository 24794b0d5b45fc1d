/**
 * Builders of valid write-path inputs and throw-away stores for the store's and the service's
 * tests. Each builder returns a complete, valid object; tests override only what they are about.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  NormalizedListing,
  NormalizedOrder,
  NormalizedOrderLine,
} from '../../shared/marketplace.js';
import { openStore, STORE_FILE_NAME, type OpenStoreOptions, type Store } from './connection.js';
import type { AccountInput, ProductInput } from './inputs.js';

export function accountInput(overrides: Partial<AccountInput> = {}): AccountInput {
  return {
    marketplace: 'amazon',
    site: 'US',
    shopId: 'SELLER-1',
    displayName: 'Acme US',
    sandbox: false,
    authState: 'connected',
    reauthorizeBy: null,
    currency: 'USD',
    locale: 'en-US',
    ...overrides,
  };
}

export function productInput(overrides: Partial<ProductInput> = {}): ProductInput {
  return {
    sku: 'EAR-001',
    parentSku: null,
    title: '蓝牙耳机 无线',
    sourceLocale: 'zh-CN',
    description: '',
    attributes: { brand: 'Acme' },
    variantAttributes: {},
    images: ['https://example.test/ear.jpg'],
    weightGrams: 120,
    dimensionsMm: { length: 100, width: 60, height: 30 },
    cost: { amountMinor: 2500, currency: 'CNY' },
    hsCode: '851830',
    declaredValue: { amountMinor: 900, currency: 'USD' },
    countryOfOrigin: 'CN',
    stock: [{ warehouse: 'SZ', onHand: 40, reserved: 5 }],
    ...overrides,
  };
}

export function listingInput(overrides: Partial<NormalizedListing> = {}): NormalizedListing {
  return {
    remoteId: 'B0EAR001',
    remoteVariantId: '',
    sku: 'EAR-001',
    title: 'Wireless Bluetooth Earbuds',
    description: 'Long battery life.',
    bulletPoints: ['40h battery'],
    keywords: ['earbuds', 'bluetooth'],
    attributes: { colour: 'Black' },
    price: { amountMinor: 2999, currency: 'USD' },
    quantity: 12,
    status: 'active',
    locale: 'en-US',
    remoteUpdatedAt: '2024-05-01T10:00:00Z',
    raw: { ASIN: 'B0EAR001', price: '29.99' },
    ...overrides,
  };
}

export function orderLineInput(overrides: Partial<NormalizedOrderLine> = {}): NormalizedOrderLine {
  return {
    lineId: 'L1',
    sku: 'EAR-001',
    remoteListingId: 'B0EAR001',
    remoteVariantId: null,
    title: 'Wireless Bluetooth Earbuds',
    quantity: 1,
    unitPrice: { amountMinor: 2999, currency: 'USD' },
    ...overrides,
  };
}

export function orderInput(overrides: Partial<NormalizedOrder> = {}): NormalizedOrder {
  return {
    remoteId: '111-0000001-0000001',
    rawStatus: 'Unshipped',
    status: 'to_ship',
    placedAt: '2024-05-02T08:00:00Z',
    updatedAt: '2024-05-02T09:00:00Z',
    shipBy: '2024-05-04T23:59:59Z',
    buyerCountry: 'US',
    total: { amountMinor: 2999, currency: 'USD' },
    lines: [orderLineInput()],
    raw: { AmazonOrderId: '111-0000001-0000001' },
    ...overrides,
  };
}

export interface TemporaryStore {
  dir: string;
  path: string;
  store: Store;
  /** Closes the store (if open) and deletes the folder. */
  dispose: () => void;
}

export function temporaryDir(): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'silkroute-test-'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export function temporaryStore(options: OpenStoreOptions = {}): TemporaryStore {
  const { dir, dispose } = temporaryDir();
  const path = join(dir, STORE_FILE_NAME);
  const store = openStore(path, options);
  return {
    dir,
    path,
    store,
    dispose: () => {
      store.close();
      dispose();
    },
  };
}

/** A fixed clock that can be moved forward. */
export function testClock(start = '2024-06-01T12:00:00.000Z') {
  let time = Date.parse(start);
  return {
    now: () => new Date(time),
    advance(ms: number) {
      time += ms;
    },
    set(iso: string) {
      time = Date.parse(iso);
    },
  };
}
