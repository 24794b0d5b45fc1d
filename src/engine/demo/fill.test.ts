import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, STORE_FILE_NAME } from '../store/index.js';
import { fillDemo } from './fill.js';
import { generateDemo } from './generate.js';

const NOW = '2025-06-01T12:00:00.000Z';
const SIZE = { masterSkus: 60, listings: 500, orders: 700 };

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'silkroute-demo-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function countRows(table: string, where = ''): number {
  const store = openStore(join(dataDir, STORE_FILE_NAME));
  try {
    const row = store.raw.prepare(`SELECT count(*) AS n FROM ${table} ${where}`).get() as {
      n: number;
    };
    return row.n;
  } finally {
    store.close();
  }
}

describe('fillDemo', () => {
  it('writes the generated data through the store and reports the counts it wrote', () => {
    const result = fillDemo(dataDir, { seed: 4, now: NOW, scale: SIZE });
    const expected = generateDemo({ seed: 4, now: NOW, scale: SIZE }).counts;
    expect(result).toEqual({ path: join(dataDir, STORE_FILE_NAME), ...expected });
    expect(countRows('accounts')).toBe(expected.accounts);
    expect(countRows('products')).toBe(expected.products);
    expect(countRows('products', 'WHERE parent_id IS NULL')).toBe(SIZE.masterSkus);
    expect(countRows('listings')).toBe(SIZE.listings);
    expect(countRows('orders')).toBe(SIZE.orders);
    expect(countRows('accounts', 'WHERE sandbox = 1')).toBe(0);
  });

  it('links listings and order lines to the SKUs that exist, and leaves the unlinked ones alone', () => {
    fillDemo(dataDir, { seed: 4, now: NOW, scale: SIZE });
    const demo = generateDemo({ seed: 4, now: NOW, scale: SIZE });
    const skus = new Set([...demo.productPages()].flat().map((product) => product.sku));
    const listings = [...demo.listingPages()].flatMap((page) => page.items);
    const unlinked = listings.filter((listing) => !skus.has(listing.sku)).length;
    expect(unlinked).toBeGreaterThan(0);
    expect(countRows('listings', 'WHERE product_id IS NULL')).toBe(unlinked);
    expect(
      countRows('order_lines', 'WHERE product_id IS NULL AND sku IN (SELECT sku FROM products)'),
    ).toBe(0);
  });

  it('stores order totals equal to the sum of their lines', () => {
    fillDemo(dataDir, { seed: 4, now: NOW, scale: SIZE });
    const mismatched = countRows(
      'orders',
      `WHERE total_minor <> (SELECT sum(quantity * unit_price_minor) FROM order_lines WHERE order_id = orders.id)`,
    );
    expect(mismatched).toBe(0);
  });

  it('can run twice over the same folder without duplicating anything', () => {
    fillDemo(dataDir, { seed: 4, now: NOW, scale: SIZE });
    const again = fillDemo(dataDir, { seed: 4, now: NOW, scale: SIZE });
    expect(again.listings).toBe(SIZE.listings);
    expect(countRows('listings')).toBe(SIZE.listings);
    expect(countRows('orders')).toBe(SIZE.orders);
    expect(countRows('products', 'WHERE parent_id IS NULL')).toBe(SIZE.masterSkus);
  });

  it('reports progress per committed page', () => {
    const phases: string[] = [];
    fillDemo(dataDir, {
      seed: 4,
      now: NOW,
      scale: SIZE,
      pageSize: 100,
      onProgress: ({ phase, done, total }) => {
        expect(done).toBeLessThanOrEqual(total);
        phases.push(phase);
      },
    });
    expect(new Set(phases)).toEqual(new Set(['accounts', 'products', 'listings', 'orders']));
    expect(phases.filter((phase) => phase === 'orders').length).toBeGreaterThanOrEqual(
      SIZE.orders / 100,
    );
  });

  it('refuses bad options before creating anything', () => {
    expect(() => fillDemo(dataDir, { seed: 1.5, now: NOW })).toThrow(/seed/);
    expect(() => fillDemo(dataDir, { now: 'soon' })).toThrow(/now/);
    expect(existsSync(join(dataDir, STORE_FILE_NAME))).toBe(false);
    expect(() => fillDemo('  ')).toThrow(/data folder/);
  });
});
