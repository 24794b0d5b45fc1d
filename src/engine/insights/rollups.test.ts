/**
 * The roll-ups (migration insights_rollups) stay equal to sums over insights_sku_days through
 * every way the summaries change, and the bounded ranking (ranking.ts) gives exactly the answer
 * of summing every SKU's rows, whichever path it takes.
 */
import Sqlite from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountId } from '../../shared/ids.js';
import type { OrderStatus } from '../../shared/domain.js';
import { readInsights } from '../service/handlers-insights.js';
import { upsertOrders, upsertProducts } from '../store/ingest.js';
import { writeSettings } from '../store/queries/settings.js';
import { migrate } from '../store/migrate.js';
import { migrations } from '../store/migrations/index.js';
import { orderInput, orderLineInput, productInput } from '../store/test-fixtures.js';
import type { Reader } from '../store/connection.js';
import { raw } from './filters.js';
import { salesInsight } from './sales.js';
import { rankSkus } from './ranking.js';
import { insightsWorld, type InsightsWorld } from './test-support.js';

let world: InsightsWorld;
beforeEach(() => {
  world = insightsWorld();
});
afterEach(() => world.dispose());

interface Sale {
  sku: string;
  day: string;
  quantity: number;
  status?: OrderStatus;
}

let orderNumber = 0;
/** One write of many one-line orders on the US shop, each at noon UTC of its day. */
function sell(account: AccountId, sales: readonly Sale[]): void {
  world.store.write((w) =>
    upsertOrders(
      w,
      account,
      sales.map((sale) => {
        orderNumber++;
        return orderInput({
          remoteId: `R${orderNumber}`,
          status: sale.status ?? 'shipped',
          placedAt: `${sale.day}T12:00:00Z`,
          updatedAt: `${sale.day}T12:00:00Z`,
          total: { amountMinor: sale.quantity * 100, currency: 'USD' },
          lines: [
            orderLineInput({
              sku: sale.sku,
              quantity: sale.quantity,
              unitPrice: { amountMinor: 100, currency: 'USD' },
            }),
          ],
        });
      }),
    ),
  );
}

const read = <T>(answer: (r: Reader) => T) => readInsights(world.store, (r) => answer(r));

interface TotalRow {
  sku: string;
  sold_units: number;
}
interface CostDayRow {
  day: string;
  account_id: number;
  marketplace: string;
  cost_currency: string;
  sold_units: number;
  cost_minor: number;
  costed_rows: number;
}

/** The roll-ups as stored, and as summed again from insights_sku_days. */
function rollups(r: Reader) {
  const all = <Row>(text: string) => r.all(raw<Row>(text));
  return {
    totals: all<TotalRow>(`SELECT sku, sold_units FROM insights_sku_totals ORDER BY sku`),
    expectedTotals: all<TotalRow>(
      `SELECT sku, sum(sold_units) AS sold_units FROM insights_sku_days GROUP BY sku
       HAVING sum(sold_units) > 0 ORDER BY sku`,
    ),
    costs: all<CostDayRow>(
      `SELECT day, account_id, marketplace, cost_currency, sold_units, cost_minor, costed_rows
       FROM insights_cost_days ORDER BY day, account_id, cost_currency`,
    ),
    expectedCosts: all<CostDayRow>(
      `SELECT day, account_id, marketplace, ifnull(cost_currency, '') AS cost_currency,
         sum(sold_units) AS sold_units, ifnull(sum(sold_units * cost_minor), 0) AS cost_minor,
         count(cost_minor) AS costed_rows
       FROM insights_sku_days WHERE sold_units > 0
       GROUP BY day, account_id, marketplace, ifnull(cost_currency, '')
       ORDER BY day, account_id, cost_currency`,
    ),
  };
}

function expectRollupsCurrent(): ReturnType<typeof rollups> {
  const state = read(rollups);
  expect(state.totals).toEqual(state.expectedTotals);
  expect(state.costs).toEqual(state.expectedCosts);
  return state;
}

describe('insights roll-ups', () => {
  it('are summed from the summaries already built when the migration runs', () => {
    const database = new Sqlite(':memory:');
    try {
      const rollupsVersion = migrations.findIndex((entry) => entry.name === 'insights_rollups') + 1;
      migrate(database, { target: rollupsVersion - 1 });
      const insert = database.prepare(
        `INSERT INTO insights_sku_days (day, sku, account_id, marketplace, currency, product_id,
           cost_minor, cost_currency, sold_orders, sold_units, sold_revenue_minor, cancelled_units,
           returned_units) VALUES (?, ?, 1, 'amazon', 'USD', NULL, ?, ?, 1, ?, 100, 0, 0)`,
      );
      insert.run('2025-03-01', 'A', 300, 'EUR', 2);
      insert.run('2025-03-01', 'B', null, null, 3);
      insert.run('2025-03-02', 'A', 300, 'EUR', 1);
      insert.run('2025-03-02', 'C', 50, 'EUR', 0);
      migrate(database, { target: rollupsVersion });
      expect(database.prepare('SELECT * FROM insights_sku_totals ORDER BY sku').all()).toEqual([
        { sku: 'A', sold_units: 3 },
        { sku: 'B', sold_units: 3 },
      ]);
      expect(
        database
          .prepare(
            `SELECT day, cost_currency, sold_units, cost_minor, costed_rows FROM insights_cost_days
             ORDER BY day, cost_currency`,
          )
          .all(),
      ).toEqual([
        { day: '2025-03-01', cost_currency: '', sold_units: 3, cost_minor: 0, costed_rows: 0 },
        { day: '2025-03-01', cost_currency: 'EUR', sold_units: 2, cost_minor: 600, costed_rows: 1 },
        { day: '2025-03-02', cost_currency: 'EUR', sold_units: 1, cost_minor: 300, costed_rows: 1 },
      ]);
    } finally {
      database.close();
    }
  });

  it('follow new orders, refunds, cancellations, cost changes and a time-zone change', () => {
    sell(world.us, [
      { sku: 'A', day: '2025-03-20', quantity: 2 },
      { sku: 'A', day: '2025-03-21', quantity: 1 },
      { sku: 'B', day: '2025-03-21', quantity: 4 },
      { sku: 'C', day: '2025-03-22', quantity: 1, status: 'cancelled' },
    ]);
    const first = expectRollupsCurrent();
    // A costs 400 EUR a unit, B has no cost: hand-computed.
    expect(first.totals).toEqual([
      { sku: 'A', sold_units: 3 },
      { sku: 'B', sold_units: 4 },
    ]);
    expect(first.costs).toEqual([
      {
        day: '2025-03-20',
        account_id: world.us,
        marketplace: 'amazon',
        cost_currency: 'EUR',
        sold_units: 2,
        cost_minor: 800,
        costed_rows: 1,
      },
      {
        day: '2025-03-21',
        account_id: world.us,
        marketplace: 'amazon',
        cost_currency: '',
        sold_units: 4,
        cost_minor: 0,
        costed_rows: 0,
      },
      {
        day: '2025-03-21',
        account_id: world.us,
        marketplace: 'amazon',
        cost_currency: 'EUR',
        sold_units: 1,
        cost_minor: 400,
        costed_rows: 1,
      },
    ]);

    // More orders on a day already summed and on a new one; the first A order is refunded.
    orderNumber = 0;
    sell(world.us, [{ sku: 'A', day: '2025-03-20', quantity: 2, status: 'returned' }]);
    sell(world.de, [
      { sku: 'B', day: '2025-03-21', quantity: 1 },
      { sku: 'D', day: '2025-03-25', quantity: 6 },
    ]);
    const later = expectRollupsCurrent();
    expect(later.totals).toEqual([
      { sku: 'A', sold_units: 1 },
      { sku: 'B', sold_units: 5 },
      { sku: 'D', sold_units: 6 },
    ]);
    expect(later.costs.filter((row) => row.day === '2025-03-20')).toEqual([]);

    // B gets a cost: its summary rows take it through the 0007 trigger, the roll-up follows.
    world.store.write((w) =>
      upsertProducts(w, [productInput({ sku: 'B', cost: { amountMinor: 250, currency: 'USD' } })]),
    );
    const costed = expectRollupsCurrent();
    // Only D (no product) is left without a cost.
    expect(
      costed.costs
        .filter((row) => row.cost_currency === '')
        .map((row) => [row.day, row.sold_units, row.costed_rows]),
    ).toEqual([['2025-03-25', 6, 0]]);
    expect(
      costed.costs.filter((row) => row.cost_currency === 'USD').map((row) => row.cost_minor),
    ).toEqual([1000, 250]);

    // A new zone rebuilds every summary; the roll-ups are rebuilt with them.
    world.store.write((w) => writeSettings(w, { timeZone: 'Pacific/Kiritimati' }));
    const rebuilt = expectRollupsCurrent();
    expect(rebuilt.totals).toEqual(later.totals);
    expect(rebuilt.costs.map((row) => row.day)).toContain('2025-03-22');
  });
});

describe('conversion', () => {
  it('converts at the rate stored now, though rate books are shared between answers', () => {
    world.order(world.us, 'O4', '2025-03-31T22:15:00Z', [
      { sku: 'A', quantity: 1, unitMinor: 3300 },
    ]);
    const revenue = () =>
      read((r) =>
        salesInsight(
          r,
          { timeZone: 'Europe/Berlin', homeCurrency: 'EUR' },
          { from: '2025-04-01', to: '2025-04-01', grain: 'day', split: 'total', seriesLimit: 8 },
        ),
      ).totals.revenue.amountMinor;
    // 3300 USD on 04-01 at EUR→USD 1.10 (dated 03-31) = 3000 EUR.
    expect(revenue()).toBe(3000);
    world.store.write((w) =>
      w.run(raw(`UPDATE fx_rates SET rate = '1.20' WHERE date = '2025-03-31' AND quote = 'USD'`)),
    );
    expect(revenue()).toBe(2750);
  });
});

/** The ranking by summing every SKU's rows of the period: what rankSkus must equal. */
function summedRanking(r: Reader, from: string, to: string, limit: number, accountId?: number) {
  return r
    .all(
      raw<{ sku: string }>(
        `SELECT sku FROM insights_sku_days WHERE day >= ? AND day <= ?
         ${accountId === undefined ? '' : 'AND account_id = ?'}
         GROUP BY sku HAVING sum(sold_units) > 0 ORDER BY sum(sold_units) DESC, sku LIMIT ?`,
        accountId === undefined ? [from, to, limit] : [from, to, accountId, limit],
      ),
    )
    .map((row) => row.sku);
}

const day = (offset: number) =>
  new Date(Date.parse('2025-02-01T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);

describe('bounded SKU ranking', () => {
  it('equals the summed ranking for any sales, period, channel and size', () => {
    const sale = fc.record({
      sku: fc.integer({ min: 0, max: 150 }).map((n) => `S${String(n).padStart(2, '0')}`),
      offset: fc.integer({ min: 0, max: 45 }),
      quantity: fc.integer({ min: 1, max: 3 }),
      german: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(sale, { minLength: 0, maxLength: 300 }),
        fc.integer({ min: 0, max: 45 }),
        fc.integer({ min: 14, max: 45 }),
        fc.integer({ min: 1, max: 12 }),
        fc.boolean(),
        (sales, start, length, limit, germanOnly) => {
          world.dispose();
          world = insightsWorld();
          for (const german of [false, true]) {
            const mine = sales.filter((entry) => entry.german === german);
            if (mine.length === 0) continue;
            sell(
              german ? world.de : world.us,
              mine.map((entry) => ({ ...entry, day: day(entry.offset) })),
            );
          }
          const period = {
            from: day(start),
            to: day(start + length),
            ...(germanOnly ? { accountIds: [world.de as number] } : {}),
          };
          const [ranked, summed] = read((r) => [
            rankSkus(r, period, limit),
            summedRanking(r, period.from, period.to, limit, period.accountIds?.[0]),
          ]);
          expect(ranked).toEqual(summed);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('reads a SKU whose bound equals the last place: it enters on the SKU order', () => {
    // 64 SKUs (one batch) sold 2 units in the period and 1 before; A sold 2 units, all in it.
    const zs = Array.from({ length: 64 }, (_, n) => `Z${String(n).padStart(2, '0')}`);
    sell(world.us, [
      ...zs.map((sku) => ({ sku, day: '2025-03-10', quantity: 2 })),
      ...zs.map((sku) => ({ sku, day: '2025-01-10', quantity: 1 })),
      { sku: 'A', day: '2025-03-11', quantity: 2 },
    ]);
    const period = { from: '2025-03-01', to: '2025-03-31' };
    expect(read((r) => rankSkus(r, period, 2))).toEqual(['A', 'Z00']);
  });

  it('falls back to summing when the all-time bounds cannot close the top', () => {
    // 600 SKUs sold 5 units each before the period: every bound is 5 or more, while in the
    // period most sold one unit, so the bounds never fall below the tenth best.
    const before = Array.from({ length: 600 }, (_, n) => ({
      sku: `K${String(n).padStart(3, '0')}`,
      day: '2025-01-05',
      quantity: 5,
    }));
    const within = before.map((entry, n) => ({
      ...entry,
      day: '2025-03-10',
      quantity: n === 599 ? 3 : 1,
    }));
    sell(world.us, [...before, ...within]);
    const period = { from: '2025-03-01', to: '2025-03-31' };
    const [ranked, summed] = read((r) => [
      rankSkus(r, period, 3),
      summedRanking(r, period.from, period.to, 3),
    ]);
    expect(ranked).toEqual(['K599', 'K000', 'K001']);
    expect(ranked).toEqual(summed);
  });
});
