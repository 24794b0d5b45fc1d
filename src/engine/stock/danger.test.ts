import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { qb } from '../store/compiler.js';
import { InvalidStoreInput } from '../store/errors.js';
import { targetQuantity } from './availability.js';
import { oversellDanger } from './danger.js';
import { setChannelRule } from './levels.js';
import { stockWorld, type StockWorld } from './test-support.js';

let world: StockWorld;
let shopA: number;
let shopB: number;

beforeEach(() => {
  world = stockWorld();
  shopA = world.account('A');
  shopB = world.account('B');
});

afterEach(() => world.close());

const danger = (limit = 100) => world.store.read((r) => oversellDanger(r, { limit }));
const setReserved = (productId: number, reserved: number) =>
  world.store.write((w) =>
    w.run(qb.updateTable('stock').set({ reserved }).where('product_id', '=', productId)),
  );

describe('oversellDanger', () => {
  it('finds channels showing more than allowed and oversold products, worst first', () => {
    const ear = world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
    const cab = world.product('CAB', [{ warehouse: 'SZ', onHand: 2 }]);
    world.product('BARE');
    const earA = world.listing(shopA, 'A1', 'EAR', 12); // 2 too many
    world.listing(shopB, 'B1', 'EAR', 10); // fine
    const cabB = world.listing(shopB, 'B2', 'CAB', 6);
    world.listing(shopA, 'A3', 'BARE', 50); // unmanaged
    world.listing(shopA, 'A4', 'NOPRODUCT', 50); // unlinked
    setReserved(cab, 5); // oversold by 3; cabB shows 6, may show 0
    world.store.write((w) =>
      setChannelRule(
        w,
        { accountId: shopB, productId: null, buffer: 0, maxQuantity: 10, allocationPercent: 100 },
        { newKey: world.newKey },
      ),
    );
    expect(danger()).toEqual([
      {
        listingId: cabB,
        accountId: shopB,
        marketplace: 'amazon',
        productId: cab,
        sku: 'CAB',
        shown: 6,
        allowed: 0,
        available: -3,
      },
      {
        listingId: null,
        accountId: null,
        marketplace: null,
        productId: cab,
        sku: 'CAB',
        shown: null,
        allowed: 0,
        available: -3,
      },
      {
        listingId: earA,
        accountId: shopA,
        marketplace: 'amazon',
        productId: ear,
        sku: 'EAR',
        shown: 12,
        allowed: 10,
        available: 10,
      },
    ]);
    expect(danger(1)).toHaveLength(1);
  });

  it('skips deleted listings and those the marketplace blocked (nobody can buy from them)', () => {
    world.product('EAR', [{ warehouse: 'SZ', onHand: 1 }]);
    const listing = world.listing(shopA, 'A1', 'EAR', 5);
    const blocked = world.listing(shopA, 'A2', 'EAR', 5);
    world.store.write((w) => {
      w.run(qb.updateTable('listings').set({ status: 'deleted' }).where('id', '=', listing));
      w.run(qb.updateTable('listings').set({ status: 'error' }).where('id', '=', blocked));
    });
    expect(danger()).toEqual([]);
  });

  it('refuses a bad limit', () => {
    expect(() => danger(0)).toThrow(InvalidStoreInput);
    expect(() => danger(1.5)).toThrow(/limit/);
  });

  it('allows exactly what the push step would send (SQL and rules.ts agree)', () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 0 }]);
    const master = world.product('MASTER');
    world.store.write((w) =>
      w.run(qb.updateTable('products').set({ parent_id: master }).where('id', '=', product)),
    );
    const listing = world.listing(shopA, 'A1', 'EAR', 1_000_000);
    const ruleArbitrary = fc.option(
      fc.record({
        buffer: fc.integer({ min: 0, max: 60 }),
        maxQuantity: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
        allocationPercent: fc.integer({ min: 0, max: 100 }),
      }),
      { nil: null },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 200 }),
        fc.tuple(ruleArbitrary, ruleArbitrary, ruleArbitrary),
        (onHand, reserved, scopes) => {
          world.store.write((w) => {
            w.run(
              qb
                .updateTable('stock')
                .set({ on_hand: onHand, reserved })
                .where('product_id', '=', product),
            );
            w.run(qb.deleteFrom('channel_rules'));
            [product, master, null].forEach((productId, index) => {
              const rule = scopes[index];
              if (!rule) return;
              w.run(
                qb.insertInto('channel_rules').values({
                  account_id: shopA,
                  product_id: productId,
                  buffer: rule.buffer,
                  max_quantity: rule.maxQuantity,
                  allocation_percent: rule.allocationPercent,
                  updated_at: w.now(),
                }),
              );
            });
          });
          const row = danger().find((entry) => entry.listingId === listing);
          const sent = world.store.read((r) => targetQuantity(r, listing));
          expect(row?.allowed).toBe(sent);
        },
      ),
      { numRuns: 300 },
    );
  });
});
