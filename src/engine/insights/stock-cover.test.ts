/**
 * Stock cover's soonest run-outs when several SKUs have the same cover: the limit cuts inside the
 * tie and the SKU order decides, whatever order the products were created in.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readInsights } from '../service/handlers-insights.js';
import { upsertProducts } from '../store/ingest.js';
import { productInput } from '../store/test-fixtures.js';
import { stockCoverInsight } from './stock-cover.js';
import { insightsWorld, type InsightsWorld } from './test-support.js';

let world: InsightsWorld;
beforeEach(() => {
  world = insightsWorld();
  // Created in reverse SKU order, so product ids do not follow the SKUs.
  const products: [string, number][] = [
    ['E', 4],
    ['D', 4],
    ['C', 4],
    ['B', 4],
    ['A', 10],
    ['Z', 1],
  ];
  world.store.write((w) =>
    upsertProducts(
      w,
      products.map(([sku, onHand]) =>
        productInput({ sku, cost: null, stock: [{ warehouse: 'SZ', onHand, reserved: 0 }] }),
      ),
    ),
  );
  // In the 7-day window: A sold 1 (cover 10 × 7 days), Z sold 2 (0.5 × 7), B–E 2 each (2 × 7).
  const sold: [string, number][] = [
    ['A', 1],
    ['Z', 2],
    ['B', 2],
    ['C', 2],
    ['D', 2],
    ['E', 2],
  ];
  sold.forEach(([sku, quantity], index) =>
    world.order(world.us, `S${index}`, '2025-03-30T10:00:00Z', [{ sku, quantity, unitMinor: 100 }]),
  );
});
afterEach(() => world.dispose());

const cover = (limit: number) =>
  readInsights(world.store, (r) =>
    stockCoverInsight(r, 'Europe/Berlin', {
      windowDays: 7,
      leadTimeDays: 14,
      safetyDays: 7,
      limit,
    }),
  );

describe('stock cover', () => {
  it('cuts a tie of equal cover by SKU at the limit, and counts every SKU', () => {
    expect(cover(1).rows.map((row) => row.sku)).toEqual(['Z']);
    expect(cover(2).rows.map((row) => row.sku)).toEqual(['Z', 'B']);
    expect(cover(3).rows.map((row) => [row.sku, row.daysOfCover])).toEqual([
      ['Z', 3.5],
      ['B', 14],
      ['C', 14],
    ]);
    const all = cover(10);
    expect(all.rows.map((row) => row.sku)).toEqual(['Z', 'B', 'C', 'D', 'E', 'A']);
    // Reorder point ⌈units × 21 ÷ 7⌉: Z 6, B–E 6, A 3; every one but A is at or below it.
    expect(all.reorderCount).toBe(5);
    expect(cover(2).reorderCount).toBe(5);
  });
});
