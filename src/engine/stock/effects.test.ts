import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { qb } from '../store/compiler.js';
import { InvalidStoreInput, RecordNotFound } from '../store/errors.js';
import { applyOrderStockEffects, releaseAccountReservations, stockEffectOf } from './effects.js';
import { stockWorld, type StockWorld } from './test-support.js';

let world: StockWorld;
let shop: number;

beforeEach(() => {
  world = stockWorld();
  shop = world.account('S1');
});

afterEach(() => world.close());

const apply = (...orderIds: number[]) =>
  world.store.write((w) => applyOrderStockEffects(w, orderIds));

describe('applyOrderStockEffects', () => {
  it('reserves an open order in the warehouse with most on hand (ties by name)', () => {
    const product = world.product('EAR', [
      { warehouse: 'SZ', onHand: 10 },
      { warehouse: 'LA', onHand: 10 },
      { warehouse: 'NY', onHand: 3 },
    ]);
    const order = world.order(shop, 'O1', 'to_ship', [['L1', 'EAR', 2]]);
    expect(apply(order)).toEqual({ productIds: [product] });
    expect(world.stock(product)).toEqual([
      { warehouse: 'LA', on_hand: 10, reserved: 2 },
      { warehouse: 'NY', on_hand: 3, reserved: 0 },
      { warehouse: 'SZ', on_hand: 10, reserved: 0 },
    ]);
    expect(world.effects(order)).toEqual([
      {
        order_id: order,
        line_id: 'L1',
        product_id: product,
        warehouse: 'LA',
        reserved: 2,
        consumed: 0,
      },
    ]);
  });

  it('is idempotent: a second call changes nothing', () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
    const open = world.order(shop, 'O1', 'unpaid', [['L1', 'EAR', 2]]);
    const shipped = world.order(shop, 'O2', 'shipped', [['L1', 'EAR', 3]]);
    apply(open, shipped);
    const stock = world.stock(product);
    const effects = world.effects();
    expect(apply(open, shipped, open)).toEqual({ productIds: [] });
    expect(world.stock(product)).toEqual(stock);
    expect(world.effects()).toEqual(effects);
    expect(stock).toEqual([{ warehouse: 'SZ', on_hand: 7, reserved: 2 }]);
  });

  it('consumes on shipping: on hand lowered, reservation released, available unchanged', () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
    const order = world.order(shop, 'O1', 'to_ship', [['L1', 'EAR', 4]]);
    apply(order);
    world.order(shop, 'O1', 'shipped', [['L1', 'EAR', 4]]);
    expect(apply(order)).toEqual({ productIds: [] });
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 6, reserved: 0 }]);
    expect(world.effects(order)).toMatchObject([{ reserved: 0, consumed: 4 }]);
    world.order(shop, 'O1', 'delivered', [['L1', 'EAR', 4]]);
    apply(order);
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 6, reserved: 0 }]);
  });

  it('releases the reservation when an order is cancelled, and forgets the effect', () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
    const order = world.order(shop, 'O1', 'to_ship', [['L1', 'EAR', 4]]);
    apply(order);
    world.order(shop, 'O1', 'cancelled', [['L1', 'EAR', 4]]);
    expect(apply(order)).toEqual({ productIds: [product] });
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 10, reserved: 0 }]);
    expect(world.effects()).toEqual([]);
  });

  it('gives back what a shipped order took when it is cancelled after all', () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
    const order = world.order(shop, 'O1', 'shipped', [['L1', 'EAR', 3]]);
    apply(order);
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 7, reserved: 0 }]);
    world.order(shop, 'O1', 'cancelled', [['L1', 'EAR', 3]]);
    apply(order);
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 10, reserved: 0 }]);
  });

  it("takes nothing for orders an account's first pull finds already shipped; open ones still reserve", () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
    const shipped = world.order(shop, 'O1', 'delivered', [['L1', 'EAR', 3]]);
    const open = world.order(shop, 'O2', 'to_ship', [['L1', 'EAR', 2]]);
    world.store.write((w) => applyOrderStockEffects(w, [shipped, open], { history: true }));
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 10, reserved: 2 }]);
    expect(world.effects(shipped)).toMatchObject([{ reserved: 0, consumed: 0 }]);
    // Seen again later (any pull), nothing moves; the open one ships and takes its 2.
    world.order(shop, 'O2', 'shipped', [['L1', 'EAR', 2]]);
    apply(shipped, open);
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 8, reserved: 0 }]);
    // Cancelled after all, the historical one gives back nothing it never took.
    world.order(shop, 'O1', 'cancelled', [['L1', 'EAR', 3]]);
    apply(shipped);
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 8, reserved: 0 }]);
  });

  it("gives back an account's reservations before it goes, keeping what its shipped orders took", () => {
    const other = world.account('S2');
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
    const open = world.order(shop, 'O1', 'to_ship', [['L1', 'EAR', 2]]);
    const shipped = world.order(shop, 'O2', 'shipped', [['L1', 'EAR', 3]]);
    const elsewhere = world.order(other, 'O3', 'to_ship', [['L1', 'EAR', 1]]);
    apply(open, shipped, elsewhere);
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 7, reserved: 3 }]);
    expect(world.store.write((w) => releaseAccountReservations(w, shop))).toEqual({
      productIds: [product],
    });
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 7, reserved: 1 }]);
    world.store.write((w) => w.run(qb.deleteFrom('accounts').where('id', '=', shop)));
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 7, reserved: 1 }]);
    expect(world.store.write((w) => releaseAccountReservations(w, other))).toEqual({
      productIds: [product],
    });
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 7, reserved: 0 }]);
  });

  it('reverses and deletes the effect of a line that vanished from its order', () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
    const other = world.product('CAB', [{ warehouse: 'SZ', onHand: 5 }]);
    const order = world.order(shop, 'O1', 'to_ship', [
      ['L1', 'EAR', 2],
      ['L2', 'CAB', 1],
    ]);
    apply(order);
    world.order(shop, 'O1', 'to_ship', [['L1', 'EAR', 3]]);
    expect(apply(order)).toEqual({ productIds: [product, other] });
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 10, reserved: 3 }]);
    expect(world.stock(other)).toEqual([{ warehouse: 'SZ', on_hand: 5, reserved: 0 }]);
    expect(world.effects(order).map((effect) => effect.line_id)).toEqual(['L1']);
  });

  it('never takes on hand below 0, records what it took, and reverses exactly that', () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 2 }]);
    const order = world.order(shop, 'O1', 'shipped', [['L1', 'EAR', 5]]);
    apply(order);
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 0, reserved: 0 }]);
    expect(world.effects(order)).toMatchObject([{ consumed: 2 }]);
    // The seller counts again after the shipment: the shortfall is not taken from the new count.
    world.store.write((w) =>
      w.run(qb.updateTable('stock').set({ on_hand: 8 }).where('product_id', '=', product)),
    );
    world.order(shop, 'O1', 'delivered', [['L1', 'EAR', 5]]);
    apply(order);
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 8, reserved: 0 }]);
    world.order(shop, 'O1', 'cancelled', [['L1', 'EAR', 5]]);
    apply(order);
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 10, reserved: 0 }]);
  });

  it('keeps oversold as a real state: reserving more than is on hand', () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 1 }]);
    const order = world.order(shop, 'O1', 'to_ship', [['L1', 'EAR', 3]]);
    apply(order);
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 1, reserved: 3 }]);
  });

  it('gives unmanaged products (no stock rows) and unlinked lines no effect', () => {
    world.product('BARE');
    const order = world.order(shop, 'O1', 'to_ship', [
      ['L1', 'BARE', 2],
      ['L2', 'NOPRODUCT', 1],
    ]);
    expect(apply(order)).toEqual({ productIds: [] });
    expect(world.effects()).toEqual([]);
  });

  it('keeps an effect in the warehouse it was first written to', () => {
    const product = world.product('EAR', [
      { warehouse: 'A', onHand: 10 },
      { warehouse: 'B', onHand: 5 },
    ]);
    const order = world.order(shop, 'O1', 'to_ship', [['L1', 'EAR', 1]]);
    apply(order);
    world.store.write((w) =>
      w.run(qb.updateTable('stock').set({ on_hand: 50 }).where('warehouse', '=', 'B')),
    );
    world.order(shop, 'O1', 'to_ship', [['L1', 'EAR', 2]]);
    apply(order);
    expect(world.stock(product)).toEqual([
      { warehouse: 'A', on_hand: 10, reserved: 2 },
      { warehouse: 'B', on_hand: 50, reserved: 0 },
    ]);
  });

  it('moves an effect when its line is linked to another product', () => {
    const first = world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
    const second = world.product('CAB', [{ warehouse: 'SZ', onHand: 10 }]);
    const order = world.order(shop, 'O1', 'to_ship', [['L1', 'EAR', 2]]);
    apply(order);
    world.order(shop, 'O1', 'to_ship', [['L1', 'CAB', 2]]);
    expect(apply(order)).toEqual({ productIds: [first, second] });
    expect(world.stock(first)).toEqual([{ warehouse: 'SZ', on_hand: 10, reserved: 0 }]);
    expect(world.stock(second)).toEqual([{ warehouse: 'SZ', on_hand: 10, reserved: 2 }]);
  });

  it('starts afresh in another warehouse when its warehouse row was removed', () => {
    const product = world.product('EAR', [
      { warehouse: 'A', onHand: 10 },
      { warehouse: 'B', onHand: 5 },
    ]);
    const order = world.order(shop, 'O1', 'to_ship', [['L1', 'EAR', 2]]);
    apply(order);
    world.store.write((w) => w.run(qb.deleteFrom('stock').where('warehouse', '=', 'A')));
    apply(order);
    expect(world.stock(product)).toEqual([{ warehouse: 'B', on_hand: 5, reserved: 2 }]);
    expect(world.effects(order)).toMatchObject([{ warehouse: 'B', reserved: 2 }]);
  });

  it('maps every order status to its effect', () => {
    expect(
      (
        ['unpaid', 'to_ship', 'unknown', 'shipped', 'delivered', 'returned', 'cancelled'] as const
      ).map(stockEffectOf),
    ).toEqual(['reserve', 'reserve', 'reserve', 'consume', 'consume', 'consume', 'none']);
  });

  it('refuses unknown orders and bad ids before writing anything', () => {
    const product = world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
    const order = world.order(shop, 'O1', 'to_ship', [['L1', 'EAR', 2]]);
    expect(() => apply(order, 999)).toThrow(RecordNotFound);
    expect(() => apply(order, 1.5)).toThrow(InvalidStoreInput);
    expect(() => apply(order, -1)).toThrow(/order ids/);
    expect(world.stock(product)).toEqual([{ warehouse: 'SZ', on_hand: 10, reserved: 0 }]);
    expect(world.effects()).toEqual([]);
  });
});
