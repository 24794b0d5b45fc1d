/**
 * The margin's fees against hand-computed values and against the order panel's margins for the
 * same orders. Home is EUR; EUR→USD is 1.08 from 2025-03-28 (so on Saturday 03-29) and 1.10 from
 * 03-31; JPY has no rate. Acme US (USD) has its own rule: 15 % fee share, 0.30 USD fixed fee per
 * order, no add-ons. Acme DE (EUR) and Acme JP (JPY) have none. Costs: A 4.00 EUR, B 2.00 EUR.
 *   U1 US 03-29 10:00Z  A×2 @10.80 USD + B×1 @5.40 USD, shipped
 *       revenue 2160 → 2000 EUR, 540 → 500; share 405 USD (of 2700) → 375; fixed 30 → 27.78 → 28
 *   U2 US 03-31 10:00Z  A×1 @33.00 USD, delivered
 *       revenue 3300 → 3000; share 495 → 450; fixed 30 USD → 27.27 → 27
 *   U3 US 03-31 11:00Z  A×5 @10.00 USD, cancelled: not a sale
 *   D1 DE 03-31 09:00Z  A×1 @9.00 EUR: no rule, fees unknown
 *   J1 JP 03-31 12:00Z  C×1 @1500 JPY: no rate (left out of revenue), no rule, no product
 * Acme US: revenue 5500, cost 3×400 + 200 = 1400, fees 375 + 28 + 450 + 27 = 880, margin 3220.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MarginInsight } from '../../shared/api/types-insights.js';
import { orderMargin, saveRule } from '../money/index.js';
import { readInsights } from '../service/handlers-insights.js';
import { upsertProducts } from '../store/ingest.js';
import { productInput } from '../store/test-fixtures.js';
import { raw } from './filters.js';
import { marginInsight } from './index.js';
import { insightsWorld, type InsightsWorld } from './test-support.js';

let world: InsightsWorld;
const scope = { timeZone: 'Europe/Berlin', homeCurrency: 'EUR' };
const PERIOD = { from: '2025-03-29', to: '2025-03-31', limit: 5 };
const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

const RULE = {
  baseSource: 'cost',
  markupBp: 0,
  addonsCurrency: 'EUR',
  shippingMinor: 0,
  packagingMinor: 0,
  ending: 'none',
  minMarginBp: null,
} as const;

beforeEach(() => {
  world = insightsWorld();
  world.store.write((w) => {
    upsertProducts(w, [productInput({ sku: 'B', cost: { amountMinor: 200, currency: 'EUR' } })]);
    saveRule(w, {
      ...RULE,
      name: 'Acme US fees',
      scope: { kind: 'account', accountId: world.us },
      feeBp: 1500,
      fixedFeeMinor: 30,
      fixedFeeCurrency: 'USD',
    });
  });
  world.order(world.us, 'U1', '2025-03-29T10:00:00Z', [
    { sku: 'A', quantity: 2, unitMinor: 1080 },
    { sku: 'B', quantity: 1, unitMinor: 540 },
  ]);
  world.order(
    world.us,
    'U2',
    '2025-03-31T10:00:00Z',
    [{ sku: 'A', quantity: 1, unitMinor: 3300 }],
    'delivered',
  );
  world.order(
    world.us,
    'U3',
    '2025-03-31T11:00:00Z',
    [{ sku: 'A', quantity: 5, unitMinor: 1000 }],
    'cancelled',
  );
  world.order(world.de, 'D1', '2025-03-31T09:00:00Z', [{ sku: 'A', quantity: 1, unitMinor: 900 }]);
  world.order(world.jp, 'J1', '2025-03-31T12:00:00Z', [{ sku: 'C', quantity: 1, unitMinor: 1500 }]);
});

afterEach(() => world.dispose());

const margin = (): MarginInsight =>
  readInsights(world.store, (r) => marginInsight(r, scope, PERIOD));

describe('margin after fees from price rules', () => {
  it('charges a shop its rule’s fee share and fixed fee per order at each day’s rate', () => {
    const result = margin();
    const us = result.byShop.find((row) => row.key === String(world.us));
    expect(us).toEqual({
      key: String(world.us),
      label: 'Acme US',
      units: 4,
      revenue: eur(5500),
      cost: eur(1400),
      unitsWithoutCost: 0,
      fees: eur(880),
      unitsWithoutFees: 0,
      fixedFeesIncluded: true,
      margin: eur(3220),
      marginBeforeFees: eur(4100),
    });
    // No rule: fees unknown, not zero, and the shop is named.
    expect(result.byShop.find((row) => row.key === String(world.de))).toMatchObject({
      label: 'Acme DE',
      revenue: eur(900),
      fees: null,
      unitsWithoutFees: 1,
      margin: null,
      marginBeforeFees: eur(500),
    });
    expect(result.shopsWithoutRule).toEqual([
      { accountId: world.de, name: 'Acme DE', marketplace: 'ebay' },
      { accountId: world.jp, name: 'Acme JP', marketplace: 'amazon' },
    ]);
  });

  it('adds a marketplace’s shops, giving a margin only when every shop’s fees are known', () => {
    const result = margin();
    expect(result.byMarketplace.find((row) => row.key === 'amazon')).toMatchObject({
      units: 5,
      revenue: eur(5500),
      cost: eur(1400),
      unitsWithoutCost: 1,
      fees: eur(880),
      unitsWithoutFees: 1,
      margin: null,
      marginBeforeFees: null,
    });
    expect(result.byMarketplace.find((row) => row.key === 'ebay')).toMatchObject({
      fees: null,
      unitsWithoutFees: 1,
      margin: null,
    });
    // The JPY sale is reported once, though the SKU and shop rows convert it too.
    expect(result.conversion.unconverted).toEqual([
      { currency: 'JPY', amountMinor: 1500, days: 1 },
    ]);
  });

  it('charges a SKU its fee share only, fixed fees staying with the shop', () => {
    const result = margin();
    const sku = (key: string) => result.bySku.find((row) => row.key === key);
    // A: 300 + 450 from Acme US; its Acme DE unit has unknown fees.
    expect(sku('A')).toMatchObject({
      units: 4,
      revenue: eur(5900),
      cost: eur(1600),
      fees: eur(750),
      unitsWithoutFees: 1,
      fixedFeesIncluded: false,
      margin: null,
      marginBeforeFees: eur(4300),
    });
    expect(sku('B')).toMatchObject({
      revenue: eur(500),
      cost: eur(200),
      fees: eur(75),
      unitsWithoutFees: 0,
      margin: eur(225),
    });
    expect(sku('C')).toMatchObject({ revenue: null, fees: null, unitsWithoutFees: 1 });
  });

  it('equals the order panel’s margins summed over the same orders', () => {
    const result = margin();
    const us = result.byShop.find((row) => row.key === String(world.us))!;
    const sums = world.store.read((r) => {
      const ids = r.all(
        raw<{ id: number }>(
          `SELECT id FROM orders WHERE account_id = ? AND status <> 'cancelled' ORDER BY id`,
          [world.us],
        ),
      );
      const totals = { revenue: 0, costs: 0, margin: 0 };
      for (const { id } of ids) {
        const order = orderMargin(r, id);
        totals.margin += order.total!.amountMinor;
        for (const line of order.lines) {
          totals.revenue += line.figure!.revenue.amountMinor;
          totals.costs += line.figure!.costs.amountMinor;
        }
      }
      return totals;
    });
    expect(sums).toEqual({ revenue: 5500, costs: 1400 + 880, margin: 3220 });
    expect(us.revenue?.amountMinor).toBe(sums.revenue);
    expect((us.cost?.amountMinor ?? 0) + (us.fees?.amountMinor ?? 0)).toBe(sums.costs);
    expect(us.margin?.amountMinor).toBe(sums.margin);
  });

  it('charges the rule’s shipping and packaging per unit, as the order panel does', () => {
    world.store.write((w) =>
      w.run(raw('UPDATE price_rules SET shipping_minor = 50, packaging_minor = 20')),
    );
    const us = margin().byShop.find((row) => row.key === String(world.us))!;
    // Four units sold (U3 was cancelled): 4 × (0.50 + 0.20) EUR on top of 8.80 of fees.
    expect(us).toMatchObject({ fees: eur(880 + 280), margin: eur(3220 - 280) });
    const panel = world.store.read((r) =>
      r
        .all(
          raw<{ id: number }>(
            `SELECT id FROM orders WHERE account_id = ? AND status <> 'cancelled'`,
            [world.us],
          ),
        )
        .reduce((sum, { id }) => sum + orderMargin(r, id).total!.amountMinor, 0),
    );
    expect(us.margin?.amountMinor).toBe(panel);
  });

  it('takes a site’s rule for a shop without its own, and leaves a fixed fee without a rate unknown', () => {
    world.store.write((w) =>
      saveRule(w, {
        ...RULE,
        name: 'eBay Germany',
        scope: { kind: 'site', marketplace: 'ebay', site: 'DE' },
        feeBp: 1000,
        fixedFeeMinor: 50,
        fixedFeeCurrency: 'GBP',
      }),
    );
    const result = margin();
    // 10 % of 900 EUR is known; the 0.50 GBP per order has no GBP rate, so the unit's fees are not.
    expect(result.byShop.find((row) => row.key === String(world.de))).toMatchObject({
      fees: eur(90),
      unitsWithoutFees: 1,
      margin: null,
    });
    expect(result.shopsWithoutRule.map((shop) => shop.name)).toEqual(['Acme JP']);
  });
});

describe('margin after fees, any orders', () => {
  it('equals the order panel’s summed margins when every line’s fee is a whole minor unit', () => {
    // Acme DE sells in the home currency, prices are whole euros and the share a whole percent,
    // so no line rounds: the summed figures must then agree to the cent, whatever the orders.
    const line = fc.record({
      sku: fc.constantFrom('A', 'B'),
      quantity: fc.integer({ min: 1, max: 4 }),
      unitMinor: fc.integer({ min: 1, max: 90 }).map((euros) => euros * 100),
    });
    const order = fc.record({
      day: fc.constantFrom('2025-03-29', '2025-03-30', '2025-03-31'),
      lines: fc.array(line, { minLength: 1, maxLength: 3 }),
      status: fc.constantFrom('shipped', 'delivered', 'cancelled', 'returned'),
    });
    fc.assert(
      fc.property(
        fc.array(order, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 500 }),
        (orders, percent, fixedMinor) => {
          world.dispose();
          world = insightsWorld();
          world.store.write((w) => {
            upsertProducts(w, [productInput({ sku: 'B', cost: eur(200) })]);
            saveRule(w, {
              ...RULE,
              name: 'Acme DE fees',
              scope: { kind: 'account', accountId: world.de },
              feeBp: percent * 100,
              fixedFeeMinor: fixedMinor,
              fixedFeeCurrency: 'EUR',
            });
          });
          orders.forEach((entry, index) =>
            world.order(world.de, `P${index}`, `${entry.day}T10:00:00Z`, entry.lines, entry.status),
          );
          const shop = margin().byShop.find((row) => row.key === String(world.de));
          const expected = world.store.read((r) => {
            const ids = r.all(
              raw<{ id: number }>(
                `SELECT id FROM orders WHERE account_id = ? AND status IN ('shipped', 'delivered')`,
                [world.de],
              ),
            );
            return ids.reduce((sum, { id }) => sum + orderMargin(r, id).total!.amountMinor, 0);
          });
          if (!orders.some((entry) => entry.status === 'shipped' || entry.status === 'delivered')) {
            expect(shop).toBeUndefined();
          } else {
            expect(shop?.margin).toEqual(eur(expected));
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
