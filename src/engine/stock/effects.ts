/**
 * What orders do to stock, kept as one row per order line in order_stock_effects and applied to
 * the stock table as a difference, so that an order seen twice, replayed after a crash, or
 * cancelled later moves stock exactly once.
 *
 * Target effect of a line linked to a product, by its order's status:
 *   unpaid, to_ship, unknown      → reserve the line's quantity;
 *   shipped, delivered, returned  → consume it (on_hand lowered, the reservation released);
 *   cancelled                     → nothing (a previous effect is reversed).
 * (A return is counted back by the seller when the goods arrive, not by the status.)
 *
 * An effect row exists only while it does something, and its state reads from it: reserved > 0 is
 * a reservation, reserved = 0 a consumption whose `consumed` is what was actually taken off
 * on_hand. on_hand never goes below 0: when an order ships more than is on hand, the shortfall is
 * not taken later (on_hand is then the seller's count from after the shipment, and taking more
 * would count the shipment twice). So `consumed` only ever shrinks towards the line's quantity, and
 * reversing an effect gives back exactly what it took.
 *
 * The effect's warehouse is chosen once, when it is first written: the product's warehouse with
 * the most on hand, ties by name. A product without stock rows gets no effect (unmanaged).
 */
import type { OrderStatus } from '../../shared/domain.js';
import { defineStatement, qb } from '../store/compiler.js';
import type { Writer } from '../store/connection.js';
import { RecordNotFound } from '../store/errors.js';
import { uniqueIds } from './validation.js';

export type StockEffectKind = 'reserve' | 'consume' | 'none';

/** What an order in `status` does to the stock of its lines. */
export function stockEffectOf(status: OrderStatus): StockEffectKind {
  switch (status) {
    case 'unpaid':
    case 'to_ship':
    case 'unknown':
      return 'reserve';
    case 'shipped':
    case 'delivered':
    case 'returned':
      return 'consume';
    case 'cancelled':
      return 'none';
  }
}

const orderStatus = defineStatement<{ id: number }, { status: OrderStatus }>((a) =>
  qb.selectFrom('orders').select('status').where('id', '=', a('id')),
);

const orderLines = defineStatement<
  { order_id: number },
  { line_id: string; product_id: number | null; quantity: number }
>((a) =>
  qb
    .selectFrom('order_lines')
    .select(['line_id', 'product_id', 'quantity'])
    .where('order_id', '=', a('order_id')),
);

interface EffectRow {
  line_id: string;
  product_id: number;
  warehouse: string;
  reserved: number;
  consumed: number;
}

const orderEffects = defineStatement<{ order_id: number }, EffectRow>((a) =>
  qb
    .selectFrom('order_stock_effects')
    .select(['line_id', 'product_id', 'warehouse', 'reserved', 'consumed'])
    .where('order_id', '=', a('order_id')),
);

const stockRow = defineStatement<
  { product_id: number; warehouse: string },
  { on_hand: number; reserved: number }
>((a) =>
  qb
    .selectFrom('stock')
    .select(['on_hand', 'reserved'])
    .where('product_id', '=', a('product_id'))
    .where('warehouse', '=', a('warehouse')),
);

const updateStock = defineStatement<{
  product_id: number;
  warehouse: string;
  on_hand: number;
  reserved: number;
  now: string;
}>((a) =>
  qb
    .updateTable('stock')
    .set({ on_hand: a('on_hand'), reserved: a('reserved'), updated_at: a('now') })
    .where('product_id', '=', a('product_id'))
    .where('warehouse', '=', a('warehouse')),
);

const fullestWarehouse = defineStatement<
  { product_id: number },
  { warehouse: string; on_hand: number }
>((a) =>
  qb
    .selectFrom('stock')
    .select(['warehouse', 'on_hand'])
    .where('product_id', '=', a('product_id'))
    .orderBy('on_hand', 'desc')
    .orderBy('warehouse', 'asc')
    .limit(1),
);

const saveEffect = defineStatement<EffectRow & { order_id: number; now: string }>((a) =>
  qb
    .insertInto('order_stock_effects')
    .values({
      order_id: a('order_id'),
      line_id: a('line_id'),
      product_id: a('product_id'),
      warehouse: a('warehouse'),
      reserved: a('reserved'),
      consumed: a('consumed'),
      updated_at: a('now'),
    })
    .onConflict((conflict) =>
      conflict.columns(['order_id', 'line_id']).doUpdateSet((eb) => ({
        product_id: eb.ref('excluded.product_id'),
        warehouse: eb.ref('excluded.warehouse'),
        reserved: eb.ref('excluded.reserved'),
        consumed: eb.ref('excluded.consumed'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    ),
);

const deleteEffect = defineStatement<{ order_id: number; line_id: string }>((a) =>
  qb
    .deleteFrom('order_stock_effects')
    .where('order_id', '=', a('order_id'))
    .where('line_id', '=', a('line_id')),
);

/** Per product, how much `available` moved during one call. */
type Moves = Map<number, number>;

/**
 * Moves one stock row by (onHand, reserved); reserved is floored at 0 in case the row was
 * overwritten under the effect (a catalogue import sets it wholesale). A row that no longer
 * exists is left alone: what the effect did went with it.
 */
function moveStock(
  w: Writer,
  moves: Moves,
  at: { productId: number; warehouse: string },
  onHand: number,
  reserved: number,
): void {
  if (onHand === 0 && reserved === 0) return;
  const row = w.row(stockRow, { product_id: at.productId, warehouse: at.warehouse });
  if (!row) return;
  const next = { on_hand: row.on_hand + onHand, reserved: Math.max(0, row.reserved + reserved) };
  const delta = next.on_hand - row.on_hand - (next.reserved - row.reserved);
  w.exec(updateStock, {
    product_id: at.productId,
    warehouse: at.warehouse,
    ...next,
    now: w.now(),
  });
  if (delta !== 0) moves.set(at.productId, (moves.get(at.productId) ?? 0) + delta);
}

/** Gives back everything the effect did and forgets it. */
function reverse(w: Writer, moves: Moves, orderId: number, effect: EffectRow): void {
  const at = { productId: effect.product_id, warehouse: effect.warehouse };
  moveStock(w, moves, at, effect.consumed, -effect.reserved);
  w.exec(deleteEffect, { order_id: orderId, line_id: effect.line_id });
}

interface WantedLine {
  lineId: string;
  productId: number;
  kind: 'reserve' | 'consume';
  quantity: number;
}

/** Brings one line's effect from `current` (undefined = none yet) to what `line` wants. */
function settleLine(
  w: Writer,
  moves: Moves,
  orderId: number,
  line: WantedLine,
  current: EffectRow | undefined,
  history: boolean,
): void {
  let previous = current;
  let onHand = 0;
  if (previous) {
    const row = w.row(stockRow, { product_id: previous.product_id, warehouse: previous.warehouse });
    if (row) onHand = row.on_hand;
    else {
      // Its warehouse row is gone, and with it what the effect did: start afresh.
      w.exec(deleteEffect, { order_id: orderId, line_id: line.lineId });
      previous = undefined;
    }
  }
  let effect: EffectRow;
  if (previous) effect = previous;
  else {
    const fullest = w.row(fullestWarehouse, { product_id: line.productId });
    if (!fullest) return;
    onHand = fullest.on_hand;
    effect = {
      line_id: line.lineId,
      product_id: line.productId,
      warehouse: fullest.warehouse,
      reserved: 0,
      consumed: 0,
    };
  }
  let next: { reserved: number; consumed: number };
  // An order first seen already shipped, on an account's first pull, shipped before the seller
  // counted their stock: it is recorded as accounted for, taking nothing.
  if (history && !previous && line.kind === 'consume') {
    w.exec(saveEffect, { ...effect, reserved: 0, consumed: 0, order_id: orderId, now: w.now() });
    return;
  }
  if (line.kind === 'reserve') next = { reserved: line.quantity, consumed: 0 };
  else if (previous && previous.reserved === 0) {
    // Already consumed: only a smaller quantity changes it (a shortfall is never taken later).
    next = { reserved: 0, consumed: Math.min(previous.consumed, line.quantity) };
  } else next = { reserved: 0, consumed: Math.min(line.quantity, onHand) };
  if (previous && next.reserved === previous.reserved && next.consumed === previous.consumed) {
    return;
  }
  const at = { productId: effect.product_id, warehouse: effect.warehouse };
  moveStock(w, moves, at, effect.consumed - next.consumed, next.reserved - effect.reserved);
  w.exec(saveEffect, { ...effect, ...next, order_id: orderId, now: w.now() });
}

/** Re-derives one order's effects and applies the difference. */
function applyOrder(
  w: Writer,
  moves: Moves,
  orderId: number,
  status: OrderStatus,
  history: boolean,
): void {
  const kind = stockEffectOf(status);
  const wanted = new Map<string, WantedLine>();
  if (kind !== 'none') {
    for (const line of w.rows(orderLines, { order_id: orderId })) {
      if (line.product_id === null || line.quantity === 0) continue;
      wanted.set(line.line_id, {
        lineId: line.line_id,
        productId: line.product_id,
        kind,
        quantity: line.quantity,
      });
    }
  }
  const kept = new Map<string, EffectRow>();
  for (const effect of w.rows(orderEffects, { order_id: orderId })) {
    const line = wanted.get(effect.line_id);
    // Gone, cancelled, emptied or linked to another product: what it did is undone.
    if (!line || line.productId !== effect.product_id) reverse(w, moves, orderId, effect);
    else kept.set(effect.line_id, effect);
  }
  for (const line of wanted.values())
    settleLine(w, moves, orderId, line, kept.get(line.lineId), history);
}

/**
 * Brings the stock effects of `orderIds` in line with their current status and lines, in the
 * caller's transaction, and returns the products whose `available` changed (ascending). Calling
 * it again without a change in between changes nothing. Throws RecordNotFound for an unknown
 * order and InvalidStoreInput for an id that is not a row id, before writing anything.
 */
export function applyOrderStockEffects(
  w: Writer,
  orderIds: readonly number[],
  options: {
    /**
     * The orders come from an account's first pull (its history): those already shipped left
     * before the stock on hand was counted and take nothing from it; open ones still reserve.
     */
    history?: boolean;
  } = {},
): { productIds: number[] } {
  const ids = uniqueIds(orderIds, 'order ids');
  const statuses = ids.map((id) => {
    const order = w.row(orderStatus, { id });
    if (!order) throw new RecordNotFound(`Order ${id} does not exist`);
    return order.status;
  });
  const moves: Moves = new Map();
  ids.forEach((id, index) => applyOrder(w, moves, id, statuses[index]!, options.history ?? false));
  const productIds = [...moves.entries()]
    .filter(([, delta]) => delta !== 0)
    .map(([productId]) => productId)
    .sort((a, b) => a - b);
  return { productIds };
}

/**
 * Gives back the reservations an account's open orders hold, before the account and its orders
 * are removed (the cascade would drop the effects and leave the stock reserved for good). What
 * shipped orders consumed stays consumed: those goods left. Returns the products whose
 * `available` changed, for the stock pushes to other channels.
 */
export function releaseAccountReservations(w: Writer, accountId: number): { productIds: number[] } {
  const moves: Moves = new Map();
  const held = w.all(
    qb
      .selectFrom('order_stock_effects as e')
      .innerJoin('orders as o', 'o.id', 'e.order_id')
      .select([
        'e.order_id',
        'e.line_id',
        'e.product_id',
        'e.warehouse',
        'e.reserved',
        'e.consumed',
      ])
      .where('o.account_id', '=', accountId)
      .where('e.reserved', '>', 0),
  );
  for (const effect of held) {
    moveStock(
      w,
      moves,
      { productId: effect.product_id, warehouse: effect.warehouse },
      0,
      -effect.reserved,
    );
    w.exec(saveEffect, { ...effect, reserved: 0, now: w.now() });
  }
  const productIds = [...moves.entries()]
    .filter(([, delta]) => delta !== 0)
    .map(([productId]) => productId)
    .sort((a, b) => a - b);
  return { productIds };
}
