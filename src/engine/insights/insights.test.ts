/**
 * Insights against hand-computed values. The seller is in Europe/Berlin (DST began 2025-03-30 at
 * 01:00 UTC) with EUR at home; rates are EUR→USD 1.08 from 2025-03-28 and 1.10 from 2025-03-31,
 * none for JPY. Orders (shipped unless said):
 *   O1 US 2025-03-29T23:30Z → 03-30 00:30 (+1)  A×2 @1000 USD = 2000 USD → 2000/1.08 = 1851.85… → 1852
 *   O2 DE 2025-03-30T22:30Z → 03-31 00:30 (+2)  B×1 @5000 EUR (a fixed +1 would say 03-30)
 *   O3 DE 2025-03-30T21:59Z → 03-30 23:59       B×3 @700 EUR, cancelled (2100)
 *   O4 US 2025-03-31T22:15Z → 04-01 00:15       A×1 @3300 USD → 3300/1.10 = 3000 (month edge)
 *   O5 DE 2025-03-31T10:00Z → 03-31             A×1 @900 EUR, returned
 *   O6 JP 2025-03-31T12:00Z → 03-31             C×1 @1500 JPY: no rate, left out and reported
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  marginInsight,
  returnsInsight,
  salesInsight,
  skuInsight,
  stockCoverInsight,
} from './index.js';
import { readInsights } from '../service/handlers-insights.js';
import { insightsWorld, type InsightsWorld } from './test-support.js';
import { dayInsight, insightAttention } from './daily.js';
import { writeSettings } from '../store/queries/settings.js';
import { upsertListings, upsertProducts } from '../store/ingest.js';
import { listingInput, productInput } from '../store/test-fixtures.js';

let world: InsightsWorld;
const PERIOD = { from: '2025-03-30', to: '2025-04-01' };

beforeEach(() => {
  world = insightsWorld();
  world.order(world.us, 'O1', '2025-03-29T23:30:00Z', [{ sku: 'A', quantity: 2, unitMinor: 1000 }]);
  world.order(world.de, 'O2', '2025-03-30T22:30:00Z', [{ sku: 'B', quantity: 1, unitMinor: 5000 }]);
  world.order(
    world.de,
    'O3',
    '2025-03-30T21:59:00Z',
    [{ sku: 'B', quantity: 3, unitMinor: 700 }],
    'cancelled',
  );
  world.order(world.us, 'O4', '2025-03-31T22:15:00Z', [{ sku: 'A', quantity: 1, unitMinor: 3300 }]);
  world.order(
    world.de,
    'O5',
    '2025-03-31T10:00:00Z',
    [{ sku: 'A', quantity: 1, unitMinor: 900 }],
    'returned',
  );
  world.order(world.jp, 'O6', '2025-03-31T12:00:00Z', [{ sku: 'C', quantity: 1, unitMinor: 1500 }]);
});

afterEach(() => world.dispose());

const scope = { timeZone: 'Europe/Berlin', homeCurrency: 'EUR' };
const sales = (input: Partial<Parameters<typeof salesInsight>[2]> = {}) =>
  readInsights(world.store, (r) =>
    salesInsight(r, scope, { ...PERIOD, grain: 'day', split: 'total', seriesLimit: 8, ...input }),
  );

describe('sales', () => {
  it('buckets by local day across the DST change, converting each day at its rate', () => {
    const result = sales();
    expect(result.buckets.map((bucket) => [bucket.key, bucket.from, bucket.to])).toEqual([
      // 23 hours long: the clocks went forward.
      ['2025-03-30', '2025-03-29T23:00:00.000Z', '2025-03-30T22:00:00.000Z'],
      ['2025-03-31', '2025-03-30T22:00:00.000Z', '2025-03-31T22:00:00.000Z'],
      ['2025-04-01', '2025-03-31T22:00:00.000Z', '2025-04-01T22:00:00.000Z'],
    ]);
    expect(result.series).toHaveLength(1);
    expect(result.series[0]).toMatchObject({
      key: 'total',
      orders: [1, 2, 1],
      units: [2, 2, 1],
      revenueMinor: [1852, 5000, 3000],
    });
    expect(result.totals).toEqual({
      orders: 4,
      units: 5,
      revenue: { amountMinor: 9852, currency: 'EUR' },
    });
    expect(result.conversion).toEqual({
      homeCurrency: 'EUR',
      unconverted: [{ currency: 'JPY', amountMinor: 1500, days: 1 }],
      staleRateSums: 0,
    });
  });

  it('rolls days into months and ISO weeks (Monday first) cut to the period', () => {
    const months = sales({ grain: 'month' });
    expect(months.buckets.map((bucket) => [bucket.key, bucket.firstDay, bucket.lastDay])).toEqual([
      ['2025-03-01', '2025-03-30', '2025-03-31'],
      ['2025-04-01', '2025-04-01', '2025-04-01'],
    ]);
    expect(months.series[0]).toMatchObject({ orders: [3, 1], revenueMinor: [6852, 3000] });
    const weeks = sales({ grain: 'week' });
    // 2025-03-30 is a Sunday: it ends the week that began on Monday 03-24.
    expect(weeks.buckets.map((bucket) => bucket.key)).toEqual(['2025-03-24', '2025-03-31']);
    expect(weeks.series[0]).toMatchObject({ units: [2, 3], revenueMinor: [1852, 8000] });
  });

  it('splits by marketplace, account and SKU with links to the orders behind each series', () => {
    const byMarketplace = sales({ split: 'marketplace' });
    expect(
      byMarketplace.series.map((series) => [series.key, series.orders, series.revenueMinor]),
    ).toEqual([
      ['amazon', [1, 1, 1], [1852, 0, 3000]],
      ['ebay', [0, 1, 0], [0, 5000, 0]],
    ]);
    expect(byMarketplace.series[1]!.link).toEqual({
      marketplaces: ['ebay'],
      statuses: ['to_ship', 'shipped', 'delivered'],
    });
    const byAccount = sales({ split: 'account' });
    expect(byAccount.series.map((series) => series.label)).toEqual([
      'Acme US',
      'Acme DE',
      'Acme JP',
    ]);
    const bySku = sales({ split: 'sku', seriesLimit: 2 });
    expect(bySku.series.map((series) => [series.key, series.units])).toEqual([
      ['A', [2, 0, 1]],
      ['B', [0, 1, 0]],
    ]);
    expect(bySku.series[0]!.link).toMatchObject({ search: 'A' });
    expect(bySku.totals.orders).toBe(4);
  });

  it('narrows to the chosen channels', () => {
    const result = sales({ marketplaces: ['ebay'] });
    expect(result.series[0]).toMatchObject({ orders: [0, 1, 0], revenueMinor: [0, 5000, 0] });
    expect(sales({ accountIds: [world.us] }).totals.units).toBe(3);
  });

  it('follows orders that change after a first answer, and a change of time zone', () => {
    expect(sales().totals.orders).toBe(4);
    // O2 is cancelled later: same placed time, newer update.
    world.order(
      world.de,
      'O2',
      '2025-03-30T22:30:00Z',
      [{ sku: 'B', quantity: 1, unitMinor: 5000 }],
      'cancelled',
      '2025-04-01T08:00:00Z',
    );
    expect(sales().series[0]).toMatchObject({ orders: [1, 1, 1], revenueMinor: [1852, 0, 3000] });
    world.store.write((w) => writeSettings(w, { timeZone: 'UTC' }));
    // In UTC, O1 falls on 03-29 (outside the period) and O4 on 03-31.
    const utc = readInsights(world.store, (r) =>
      salesInsight(
        r,
        { ...scope, timeZone: 'UTC' },
        { ...PERIOD, grain: 'day', split: 'total', seriesLimit: 8 },
      ),
    );
    expect(utc.series[0]).toMatchObject({ orders: [0, 2, 0], units: [0, 2, 0] });
  });
});

describe('skus, returns, margin', () => {
  it('lists unsold active SKUs first at the bottom, then the lowest listed sellers', () => {
    world.store.write((w) =>
      upsertListings(w, world.us, [
        listingInput({ remoteId: 'R-A', sku: 'A' }),
        listingInput({ remoteId: 'R-D', sku: 'D' }),
        listingInput({ remoteId: 'R-E', sku: 'E', status: 'inactive' }),
      ]),
    );
    const result = readInsights(world.store, (r) => skuInsight(r, scope, { ...PERIOD, limit: 5 }));
    expect(result.bottom.map((row) => [row.sku, row.units])).toEqual([
      ['D', 0],
      ['A', 3],
    ]);
  });

  it('ranks SKUs by units, the bottom list over active listings', () => {
    const result = readInsights(world.store, (r) => skuInsight(r, scope, { ...PERIOD, limit: 5 }));
    expect(result.top.map((row) => [row.sku, row.units, row.revenue?.amountMinor])).toEqual([
      ['A', 3, 4852],
      ['B', 1, 5000],
      // C sold one unit but has no rate: its revenue is unknown, not zero.
      ['C', 1, undefined],
    ]);
    expect(result.top[0]).toMatchObject({ returnedUnits: 1, cancelledUnits: 0, orders: 2 });
    expect(result.top[1]).toMatchObject({ cancelledUnits: 3 });
    expect(result.top[2]!.revenue).toBeNull();
    // No shop lists anything here, so there is no bottom list.
    expect(result.bottom).toEqual([]);
  });

  it('counts returns and cancellations per bucket and marketplace', () => {
    const result = readInsights(world.store, (r) =>
      returnsInsight(r, scope, { ...PERIOD, grain: 'day' }),
    );
    expect(result.byBucket).toEqual([
      { sold: 1, cancelled: 1, returned: 0, cancelledRevenueMinor: 2100, returnedRevenueMinor: 0 },
      { sold: 2, cancelled: 0, returned: 1, cancelledRevenueMinor: 0, returnedRevenueMinor: 900 },
      { sold: 1, cancelled: 0, returned: 0, cancelledRevenueMinor: 0, returnedRevenueMinor: 0 },
    ]);
    expect(result.byMarketplace.find((row) => row.marketplace === 'ebay')).toMatchObject({
      sold: 1,
      cancelled: 1,
      returned: 1,
    });
  });

  it('gives margin before fees only where every unit has a cost, and never guesses fees', () => {
    const result = readInsights(world.store, (r) =>
      marginInsight(r, scope, { ...PERIOD, limit: 5 }),
    );
    expect(result.bySku[0]).toMatchObject({
      key: 'A',
      units: 3,
      revenue: { amountMinor: 4852, currency: 'EUR' },
      cost: { amountMinor: 1200, currency: 'EUR' },
      unitsWithoutCost: 0,
      fees: null,
      margin: null,
      marginBeforeFees: { amountMinor: 3652, currency: 'EUR' },
    });
    expect(result.bySku[1]).toMatchObject({
      key: 'B',
      cost: null,
      unitsWithoutCost: 1,
      marginBeforeFees: null,
    });
    const amazon = result.byMarketplace.find((row) => row.key === 'amazon')!;
    // Amazon: A×3 with cost (1200) and C×1 without a product; revenue leaves out the JPY sale.
    expect(amazon).toMatchObject({
      units: 4,
      revenue: { amountMinor: 4852, currency: 'EUR' },
      cost: { amountMinor: 1200, currency: 'EUR' },
      unitsWithoutCost: 1,
      marginBeforeFees: null,
    });
    // A cost recorded later reaches the summaries without re-aggregating them.
    world.store.write((w) =>
      upsertProducts(w, [productInput({ sku: 'A', cost: { amountMinor: 500, currency: 'EUR' } })]),
    );
    const later = readInsights(world.store, (r) =>
      marginInsight(r, scope, { ...PERIOD, limit: 5 }),
    );
    expect(later.bySku[0]).toMatchObject({ cost: { amountMinor: 1500, currency: 'EUR' } });
  });
});

describe('long periods', () => {
  it('answer the same through the summary indexes they walk', () => {
    // Over more than 14 days the rankings and costs walk the SKU / cost indexes in group order.
    const long = { from: '2025-03-10', to: '2025-04-01' };
    const margin = readInsights(world.store, (r) => marginInsight(r, scope, { ...long, limit: 5 }));
    expect(margin.bySku[0]).toMatchObject({ key: 'A', units: 3, cost: { amountMinor: 1200 } });
    expect(margin.byMarketplace.find((row) => row.key === 'amazon')).toMatchObject({
      units: 4,
      unitsWithoutCost: 1,
    });
    const skus = readInsights(world.store, (r) => skuInsight(r, scope, { ...long, limit: 2 }));
    expect(skus.top.map((row) => [row.sku, row.units])).toEqual([
      ['A', 3],
      ['B', 1],
    ]);
    const bySku = sales({ ...long, split: 'sku', seriesLimit: 1 });
    expect(bySku.series.map((series) => series.key)).toEqual(['A']);
  });
});

describe('stock cover', () => {
  it('orders SKUs by days of cover with reorder points from lead time and safety stock', () => {
    // Now is 2025-04-01 14:00 in Berlin; a 7-day window is 03-26..04-01.
    const result = readInsights(world.store, (r) =>
      stockCoverInsight(r, 'Europe/Berlin', {
        windowDays: 7,
        leadTimeDays: 14,
        safetyDays: 7,
        limit: 10,
      }),
    );
    expect(result.asOf).toBe('2025-04-01');
    // B: 1 unit in 7 days, 2 available → 14 days; reorder point ⌈1×21/7⌉ = 3.
    // A: 3 units (O1, O4; O5 was returned), 35 available → 81.67 days; point ⌈3×21/7⌉ = 9.
    expect(
      result.rows.map((row) => [
        row.sku,
        row.available,
        row.unitsInWindow,
        row.reorderPoint,
        row.reorderNow,
      ]),
    ).toEqual([
      ['B', 2, 1, 3, true],
      ['A', 35, 3, 9, false],
    ]);
    expect(result.rows[0]).toMatchObject({ daysOfCover: 14, runOutDay: '2025-04-15' });
    expect(result.rows[1]!.daysOfCover).toBeCloseTo(81.667, 2);
    expect(result.reorderCount).toBe(1);
    expect(result.outOfStock).toBe(0);
    expect(result.runOutWithinLeadTime).toBe(1);
  });

  it('gives the morning report yesterday per channel and the SKUs about to run out', () => {
    const insight = dayInsight(world.store);
    expect(insight.day).toBe('2025-03-31');
    expect(insight.sales).toEqual([
      { marketplace: 'amazon', orders: 1, units: 1, revenue: { amountMinor: 0, currency: 'EUR' } },
      { marketplace: 'ebay', orders: 1, units: 1, revenue: { amountMinor: 5000, currency: 'EUR' } },
    ]);
    expect(insight.runOut.map((row) => row.sku)).toEqual([]);
    // With a 7-day window B (14 days of cover, lead time 14) is in the run-out zone.
    const cover = readInsights(world.store, (r) =>
      stockCoverInsight(r, 'Europe/Berlin', {
        windowDays: 7,
        leadTimeDays: 14,
        safetyDays: 7,
        limit: 1,
      }),
    );
    expect(insightAttention({ ...insight, runOut: cover.rows, runOutCount: 1 })).toEqual([
      { kind: 'run_out', message: 'B runs out in about 14 days (2 available)' },
    ]);
  });
});
