import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { qb } from '../store/compiler.js';
import { InvalidStoreInput, RecordNotFound } from '../store/errors.js';
import { setChannelRule, setOnHand, type ChannelRuleInput } from './levels.js';
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

const onHand = (productId: number, warehouse: string, count: number) =>
  world.store.write((w) => setOnHand(w, productId, warehouse, count, { newKey: world.newKey }));
const rule = (input: Partial<ChannelRuleInput> & { accountId: number }) =>
  world.store.write((w) =>
    setChannelRule(
      w,
      { productId: null, buffer: 0, maxQuantity: null, allocationPercent: 100, ...input },
      { newKey: world.newKey },
    ),
  );
const rules = () =>
  world.store.read((r) =>
    r.all(
      qb
        .selectFrom('channel_rules')
        .select(['account_id', 'product_id', 'buffer', 'max_quantity', 'allocation_percent'])
        .orderBy('id'),
    ),
  );

describe('setOnHand', () => {
  it("creates a product's first warehouse, making its listings managed and queuing pushes", () => {
    const product = world.product('EAR');
    const onA = world.listing(shopA, 'A1', 'EAR', 9);
    const onB = world.listing(shopB, 'B1', 'EAR', 4);
    expect(onHand(product, ' SZ ', 4)).toEqual({ changed: true, queued: 1, listingIds: [onA] });
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 4, reserved: 0 }]);
    expect(world.jobs()).toMatchObject([{ listing_id: onA, quantity: 4, source: 'stock' }]);
    expect(world.jobs(onB)).toEqual([]);
  });

  it('keeps what is reserved and changes nothing when the count is the same', () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 10, reserved: 3 }]);
    const listing = world.listing(shopA, 'A1', 'EAR', 7);
    expect(onHand(product, 'SZ', 10)).toEqual({ changed: false, queued: 0, listingIds: [] });
    expect(onHand(product, 'SZ', 20)).toEqual({ changed: true, queued: 1, listingIds: [listing] });
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 20, reserved: 3 }]);
    expect(world.jobs(listing)).toMatchObject([{ quantity: 17 }]);
  });

  it('refuses bad input with a clear error and writes nothing', () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
    world.listing(shopA, 'A1', 'EAR', 7);
    expect(() => onHand(product, 'SZ', -1)).toThrow(InvalidStoreInput);
    expect(() => onHand(product, 'SZ', 2.5)).toThrow(/onHand/);
    expect(() => onHand(product, '   ', 3)).toThrow(/warehouse needs a name/);
    expect(() => onHand(product, 'W'.repeat(101), 3)).toThrow(/at most 100/);
    expect(() => onHand(999, 'SZ', 3)).toThrow(RecordNotFound);
    expect(() => onHand(product, 'SZ', 2e9)).toThrow(/at most 1,000,000,000/);
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 10, reserved: 0 }]);
    expect(world.jobs()).toEqual([]);
  });
});

describe('setChannelRule', () => {
  it('writes the default rule and queues every linked listing of that account only', () => {
    world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
    world.product('CAB', [{ warehouse: 'SZ', onHand: 4 }]);
    const earA = world.listing(shopA, 'A1', 'EAR', 10);
    const cabA = world.listing(shopA, 'A2', 'CAB', 4);
    world.listing(shopB, 'B1', 'EAR', 10);
    const result = rule({ accountId: shopA, buffer: 2 });
    expect(result).toMatchObject({ changed: true, queued: 2, listingIds: [earA, cabA] });
    expect(world.jobs().map((job) => [job.listing_id, job.quantity])).toEqual([
      [earA, 8],
      [cabA, 2],
    ]);
    expect(rules()).toEqual([
      {
        account_id: shopA,
        product_id: null,
        buffer: 2,
        max_quantity: null,
        allocation_percent: 100,
      },
    ]);
  });

  it('replaces the rule in its scope, and writes nothing when it is the same', () => {
    const ear = world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
    const listing = world.listing(shopA, 'A1', 'EAR', 10);
    const first = rule({ accountId: shopA, productId: ear, maxQuantity: 3 });
    const same = rule({ accountId: shopA, productId: ear, maxQuantity: 3 });
    expect(same).toEqual({ changed: false, ruleId: first.ruleId, queued: 0, listingIds: [] });
    const second = rule({ accountId: shopA, productId: ear, maxQuantity: 6 });
    expect(second.ruleId).toBe(first.ruleId);
    expect(rules()).toEqual([
      { account_id: shopA, product_id: ear, buffer: 0, max_quantity: 6, allocation_percent: 100 },
    ]);
    expect(world.jobs(listing).map((job) => [job.state, job.quantity])).toEqual([
      ['cancelled', 3],
      ['pending', 6],
    ]);
    // Back to what the channel shows: nothing to send any more.
    rule({ accountId: shopA, productId: ear, maxQuantity: null });
    expect(world.jobs(listing).map((job) => job.state)).toEqual(['cancelled', 'cancelled']);
  });

  it('refuses bad input with a clear error and writes nothing', () => {
    const ear = world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
    world.listing(shopA, 'A1', 'EAR', 10);
    expect(() => rule({ accountId: shopA, allocationPercent: 101 })).toThrow(
      /allocationPercent: must be between 0 and 100/,
    );
    expect(() => rule({ accountId: shopA, allocationPercent: 50.5 })).toThrow(InvalidStoreInput);
    expect(() => rule({ accountId: shopA, buffer: -1 })).toThrow(/buffer/);
    expect(() => rule({ accountId: shopA, maxQuantity: -3 })).toThrow(/maxQuantity/);
    expect(() => rule({ accountId: 999 })).toThrow(RecordNotFound);
    expect(() => rule({ accountId: shopA, productId: 999 })).toThrow(/Product 999 does not exist/);
    expect(() => rule({ accountId: shopA, productId: ear, buffer: Number.NaN })).toThrow(
      InvalidStoreInput,
    );
    expect(rules()).toEqual([]);
    expect(world.jobs()).toEqual([]);
  });
});
