import { beforeAll, describe, expect, it } from 'vitest';
import { MARKETPLACES, ORDER_STATUSES } from '../../shared/domain.js';
import type { NormalizedListing, NormalizedOrder } from '../../shared/marketplace.js';
import { currencyExponent } from '../../shared/money.js';
import type { AccountInput, ProductInput } from '../store/inputs.js';
import { generateDemo, SELLER_SIZE, type DemoData, type DemoOptions } from './generate.js';
import { DEMO_SITES } from './sites.js';

const NOW = '2025-06-01T12:00:00.000Z';
const NOW_MS = Date.parse(NOW);
const DAY_MS = 86_400_000;

interface Collected {
  accounts: AccountInput[];
  products: ProductInput[];
  listings: { account: number; listing: NormalizedListing }[];
  orders: { account: number; order: NormalizedOrder }[];
}

function collect(demo: DemoData, pageSize?: number): Collected {
  return {
    accounts: demo.accounts,
    products: [...demo.productPages(pageSize)].flat(),
    listings: [...demo.listingPages(pageSize)].flatMap((page) =>
      page.items.map((listing) => ({ account: page.account, listing })),
    ),
    orders: [...demo.orderPages(pageSize)].flatMap((page) =>
      page.items.map((order) => ({ account: page.account, order })),
    ),
  };
}

const CJK = /[\u3040-\u30ff\u4e00-\u9fff]/u;
const THAI = /[\u0e00-\u0e7f]/u;
const ACCENTED = /[À-ÖØ-öø-ÿ]/u;
const EMOJI = /\p{Extended_Pictographic}/u;

describe('generateDemo, default seller', () => {
  let data: Collected;
  beforeAll(() => {
    data = collect(generateDemo({ seed: 11, now: NOW }));
  });

  it('has the documented size', () => {
    const masters = data.products.filter((product) => product.parentSku === null);
    expect(masters).toHaveLength(SELLER_SIZE.masterSkus);
    expect(data.listings).toHaveLength(SELLER_SIZE.listings);
    expect(data.orders).toHaveLength(SELLER_SIZE.orders);
  });

  it('has demo accounts on all five marketplaces, none of them sandbox', () => {
    expect(new Set(data.accounts.map((account) => account.marketplace))).toEqual(
      new Set(MARKETPLACES),
    );
    for (const account of data.accounts) {
      expect(account.sandbox).toBe(false);
      expect(account.displayName).toMatch(/^Demo — /);
      expect(() => currencyExponent(account.currency)).not.toThrow();
    }
    const shops = data.accounts.map(
      (account) => `${account.marketplace}/${account.site}/${account.shopId}`,
    );
    expect(new Set(shops).size).toBe(shops.length);
  });

  it('links every variant to a master that comes before it, and keeps stock on sellable units only', () => {
    const masters = new Map<string, ProductInput>();
    const withVariants = new Set<string>();
    for (const product of data.products) {
      if (product.parentSku === null) {
        masters.set(product.sku, product);
        continue;
      }
      expect(masters.has(product.parentSku)).toBe(true);
      expect(Object.keys(product.variantAttributes).length).toBeGreaterThan(0);
      expect(product.sku.startsWith(`${product.parentSku}-`)).toBe(true);
      withVariants.add(product.parentSku);
    }
    for (const sku of withVariants) expect(masters.get(sku)?.stock).toEqual([]);
    const variantCounts = [...masters.keys()].map(
      (sku) => data.products.filter((p) => p.parentSku === sku).length,
    );
    expect(Math.max(...variantCounts)).toBe(6);
    expect(variantCounts.filter((count) => count === 0).length).toBeGreaterThan(0);
    expect(new Set(data.products.map((product) => product.sku)).size).toBe(data.products.length);
  });

  it('gives products landed-cost facts in CNY and declared values in USD', () => {
    for (const product of data.products) {
      expect(product.cost?.currency).toBe('CNY');
      expect(product.cost?.amountMinor).toBeGreaterThan(0);
      expect(product.declaredValue?.currency).toBe('USD');
      expect(product.hsCode).toMatch(/^\d{4}\.\d{2}$/);
      expect(product.countryOfOrigin).toMatch(/^[A-Z]{2}$/);
      expect(product.weightGrams).toBeGreaterThan(0);
      for (const row of product.stock) {
        expect(['SZ-Main', 'FBA-US', 'DE-3PL']).toContain(row.warehouse);
        expect(row.reserved).toBeLessThanOrEqual(row.onHand);
      }
    }
    const onHand = data.products.flatMap((product) => product.stock.map((row) => row.onHand));
    expect(onHand.filter((value) => value === 0).length).toBeGreaterThan(0);
    expect(onHand.filter((value) => value > 0 && value <= 5).length).toBeGreaterThan(0);
    expect(data.products.some((product) => product.stock.some((row) => row.reserved > 0))).toBe(
      true,
    );
  });

  it('writes titles in CJK, Thai and accented text, with emoji and some very long ones', () => {
    const titles = [
      ...data.products.map((p) => p.title),
      ...data.listings.map(({ listing }) => listing.title),
    ];
    expect(titles.some((title) => CJK.test(title))).toBe(true);
    expect(titles.some((title) => THAI.test(title))).toBe(true);
    expect(titles.some((title) => ACCENTED.test(title))).toBe(true);
    expect(titles.some((title) => EMOJI.test(title))).toBe(true);
    expect(titles.filter((title) => title.length >= 150).length).toBeGreaterThan(10);
    expect(
      data.products.some((product) => product.sourceLocale === 'zh-CN' && CJK.test(product.title)),
    ).toBe(true);
    expect(data.products.some((product) => product.sourceLocale === 'en')).toBe(true);
  });

  it("prices every listing in its account's currency and language, at the site's shelf endings", () => {
    const endings: Record<string, (minor: number) => boolean> = {
      USD: (minor) => minor % 100 === 99,
      EUR: (minor) => minor % 100 === 99,
      GBP: (minor) => minor % 100 === 99,
      JPY: (minor) => minor % 100 === 80,
      THB: (minor) => minor % 1000 === 900,
      SGD: (minor) => minor % 100 === 90,
      BRL: (minor) => minor % 100 === 90,
    };
    for (const { account, listing } of data.listings) {
      const site = data.accounts[account]!;
      expect(listing.price.currency).toBe(site.currency);
      expect(listing.locale).toBe(site.locale);
      expect(Number.isSafeInteger(listing.price.amountMinor)).toBe(true);
      expect(endings[listing.price.currency]?.(listing.price.amountMinor)).toBe(true);
      expect(listing.quantity).toBeGreaterThanOrEqual(0);
    }
    const japanese = data.listings.filter(
      ({ account }) => data.accounts[account]?.locale === 'ja-JP',
    );
    expect(japanese.length).toBeGreaterThan(0);
    expect(japanese.every(({ listing }) => CJK.test(listing.title))).toBe(true);
  });

  it('keeps listings unique per account, mixes statuses and leaves a few unlinked', () => {
    const keys = data.listings.map(
      ({ account, listing }) => `${account}|${listing.remoteId}|${listing.remoteVariantId}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
    const statuses = new Set(data.listings.map(({ listing }) => listing.status));
    expect(statuses).toEqual(new Set(['active', 'inactive', 'draft', 'deleted', 'error']));
    const skus = new Set(data.products.map((product) => product.sku));
    const unlinked = data.listings.filter(({ listing }) => !skus.has(listing.sku)).length;
    expect(unlinked).toBeGreaterThan(0);
    expect(unlinked).toBeLessThan(data.listings.length * 0.1);
    for (const account of DEMO_SITES.keys()) {
      expect(data.listings.some((entry) => entry.account === account)).toBe(true);
    }
  });

  it('totals every order as the exact sum of its lines, in the account currency', () => {
    for (const { account, order } of data.orders) {
      const currency = data.accounts[account]!.currency;
      expect(order.total.currency).toBe(currency);
      expect(order.lines.length).toBeGreaterThanOrEqual(1);
      expect(order.lines.length).toBeLessThanOrEqual(4);
      let sum = 0;
      for (const line of order.lines) {
        expect(line.unitPrice.currency).toBe(currency);
        expect(line.quantity).toBeGreaterThan(0);
        sum += line.unitPrice.amountMinor * line.quantity;
      }
      expect(order.total.amountMinor).toBe(sum);
      expect(new Set(order.lines.map((line) => line.lineId)).size).toBe(order.lines.length);
    }
  });

  it("sells only listings of the order's own account, at their listed price", () => {
    const byKey = new Map(
      data.listings.map(({ account, listing }) => [
        `${account}|${listing.remoteId}|${listing.remoteVariantId}`,
        listing,
      ]),
    );
    for (const { account, order } of data.orders) {
      for (const line of order.lines) {
        const listing = byKey.get(
          `${account}|${line.remoteListingId}|${line.remoteVariantId ?? ''}`,
        );
        expect(listing?.sku).toBe(line.sku);
        expect(listing?.price).toEqual(line.unitPrice);
      }
    }
  });

  it('places orders inside the 60 days before now, with updates and ship-by dates that follow', () => {
    for (const { order } of data.orders) {
      const placed = Date.parse(order.placedAt);
      const updated = Date.parse(order.updatedAt);
      expect(placed).toBeGreaterThan(NOW_MS - 60 * DAY_MS);
      expect(placed).toBeLessThanOrEqual(NOW_MS);
      expect(updated).toBeGreaterThanOrEqual(placed);
      expect(updated).toBeLessThanOrEqual(NOW_MS);
      if (order.shipBy !== null) expect(Date.parse(order.shipBy)).toBeGreaterThan(placed);
      expect(order.placedAt).toMatch(/Z$/);
    }
  });

  it('covers every unified status, with raw strings and some overdue shipments', () => {
    const statuses = new Set(data.orders.map(({ order }) => order.status));
    expect(statuses).toEqual(new Set(ORDER_STATUSES));
    const overdue = data.orders.filter(
      ({ order }) =>
        order.status === 'to_ship' && order.shipBy !== null && Date.parse(order.shipBy) < NOW_MS,
    );
    expect(overdue.length).toBeGreaterThan(0);
    const amazonRaw = new Set(
      data.orders.filter(({ account }) => account === 0).map(({ order }) => order.rawStatus),
    );
    expect(amazonRaw).toContain('Unshipped');
    const shopeeRaw = new Set(
      data.orders
        .filter(({ account }) => DEMO_SITES[account]?.marketplace === 'shopee')
        .map(({ order }) => order.rawStatus),
    );
    expect(shopeeRaw).toContain('READY_TO_SHIP');
    const orderIds = data.orders.map(({ account, order }) => `${account}|${order.remoteId}`);
    expect(new Set(orderIds).size).toBe(orderIds.length);
  });

  it('keeps raw payloads free of buyer details other than the destination country', () => {
    const personal = /address|ship_?to|recipient|buyer/i;
    const inspect = (value: unknown, underPersonal: boolean): void => {
      if (Array.isArray(value)) return value.forEach((item) => inspect(item, underPersonal));
      if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value))
          inspect(inner, underPersonal || personal.test(key));
        return;
      }
      if (underPersonal && value !== null) expect(value).toMatch(/^[A-Z]{2}$/);
    };
    for (const { order } of data.orders) {
      expect(order.raw).toBeTruthy();
      inspect(order.raw, false);
    }
    expect(data.listings.every(({ listing }) => listing.raw !== null)).toBe(true);
  });
});

describe('generateDemo determinism', () => {
  const options: DemoOptions = {
    seed: 5,
    now: NOW,
    scale: { masterSkus: 40, listings: 300, orders: 400 },
  };

  it('gives byte-identical data for the same seed and now', () => {
    expect(JSON.stringify(collect(generateDemo(options)))).toBe(
      JSON.stringify(collect(generateDemo(options))),
    );
  });

  it('does not depend on the page size', () => {
    expect(JSON.stringify(collect(generateDemo(options), 7))).toBe(
      JSON.stringify(collect(generateDemo(options), 1000)),
    );
  });

  it('gives different data for a different seed', () => {
    const first = collect(generateDemo(options));
    const second = collect(generateDemo({ ...options, seed: 6 }));
    expect(JSON.stringify(second.products)).not.toBe(JSON.stringify(first.products));
    expect(JSON.stringify(second.orders)).not.toBe(JSON.stringify(first.orders));
  });

  it('accepts now as a Date or an ISO string alike', () => {
    const fromDate = collect(generateDemo({ ...options, now: new Date(NOW) }));
    expect(JSON.stringify(fromDate)).toBe(JSON.stringify(collect(generateDemo(options))));
  });
});

describe('generateDemo scale', () => {
  it('multiplies the default seller', () => {
    const demo = generateDemo({ seed: 1, now: NOW, scale: 2 });
    expect(demo.size).toEqual({ masterSkus: 600, listings: 4_800, orders: 6_000 });
    expect(demo.counts.listings).toBe(4_800);
    expect(demo.counts.orders).toBe(6_000);
  });

  it('produces exactly the requested sizes, in pages no larger than asked', () => {
    const demo = generateDemo({
      seed: 2,
      now: NOW,
      scale: { masterSkus: 1_500, listings: 12_000, orders: 9_000 },
    });
    let listings = 0;
    for (const page of demo.listingPages(1_000)) {
      expect(page.items.length).toBeLessThanOrEqual(1_000);
      listings += page.items.length;
    }
    let orders = 0;
    for (const page of demo.orderPages(1_000)) {
      expect(page.items.length).toBeLessThanOrEqual(1_000);
      orders += page.items.length;
    }
    let masters = 0;
    for (const page of demo.productPages(200))
      masters += page.filter((product) => product.parentSku === null).length;
    expect({ listings, orders, masters }).toEqual({
      listings: 12_000,
      orders: 9_000,
      masters: 1_500,
    });
  });

  it('plans the benchmark size of 100k listings and 100k orders without building them', () => {
    const demo = generateDemo({
      seed: 3,
      now: NOW,
      scale: { masterSkus: 12_000, listings: 100_000, orders: 100_000 },
    });
    expect(demo.counts.listings).toBe(100_000);
    expect(demo.counts.orders).toBe(100_000);
    let firstPage: NormalizedOrder[] = [];
    for (const page of demo.orderPages(500)) {
      firstPage = page.items;
      break;
    }
    expect(firstPage).toHaveLength(500);
  });

  it('says when the catalogue is too small for the listings asked for', () => {
    expect(() =>
      generateDemo({ seed: 1, now: NOW, scale: { masterSkus: 2, listings: 5_000, orders: 10 } }),
    ).toThrow(/raise the number of master SKUs/);
  });

  it('refuses bad options, naming the field', () => {
    expect(() => generateDemo({ seed: -1, now: NOW })).toThrow(/seed/);
    expect(() => generateDemo({ seed: 1, now: 'yesterday' })).toThrow(/now/);
    expect(() => generateDemo({ seed: 1, now: NOW, scale: 0 })).toThrow(/scale/);
    expect(() => [...generateDemo({ seed: 1, now: NOW }).listingPages(0)]).toThrow(/Page size/);
  });
});
