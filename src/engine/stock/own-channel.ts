/**
 * The channel an order came from lowers its own stock with the sale: every marketplace we sell on
 * takes the units off the listing's quantity when the order is placed. The listing row holds what
 * the marketplace showed at the last listings pull, so an order placed after that pull is one the
 * row does not reflect yet: the row (and its base) is lowered by the order's lines, and the stock
 * pass that follows finds that channel already right instead of writing what it already shows.
 *
 * Only orders placed after the account's last completed listings pull, and only lines taking
 * stock for the first time, are counted: one placed before may already be in the row, and
 * counting it twice would make us believe the channel shows less than it does.
 */
import { qb } from '../store/compiler.js';
import type { Reader, Writer } from '../store/connection.js';
import { inLists, parseJson } from '../store/values.js';

/** The (order, line) pairs that already have a stock effect, read before new effects apply. */
export function effectKeys(r: Reader, orderIds: readonly number[]): Set<string> {
  const keys = new Set<string>();
  for (const list of inLists(orderIds)) {
    const rows = r.all(
      qb
        .selectFrom('order_stock_effects')
        .select(['order_id', 'line_id'])
        .where('order_id', 'in', list),
    );
    for (const row of rows) keys.add(`${row.order_id}:${row.line_id}`);
  }
  return keys;
}

/**
 * Lowers the ordering listings by the lines of `orderIds` that took stock for the first time
 * (not in `before`) and whose order was placed after `listingsPulledAt` (the marketplace's time
 * of the account's last completed listings pull; null: never pulled, nothing is lowered).
 * Returns how many listing rows were lowered.
 */
export function lowerOrderingListings(
  w: Writer,
  options: {
    orderIds: readonly number[];
    before: ReadonlySet<string>;
    listingsPulledAt: string | null;
  },
): number {
  const since = options.listingsPulledAt;
  if (since === null || options.orderIds.length === 0) return 0;
  const taken = new Map<number, { quantity: number; shown: number; base: string | null }>();
  for (const list of inLists(options.orderIds)) {
    const rows = w.all(
      qb
        .selectFrom('order_lines as ol')
        .innerJoin('orders as o', 'o.id', 'ol.order_id')
        .innerJoin('order_stock_effects as e', (join) =>
          join.onRef('e.order_id', '=', 'ol.order_id').onRef('e.line_id', '=', 'ol.line_id'),
        )
        .innerJoin('listings as l', (join) =>
          join
            .onRef('l.account_id', '=', 'o.account_id')
            .onRef('l.remote_id', '=', 'ol.remote_listing_id')
            .on((eb) =>
              eb('l.remote_variant_id', '=', eb.fn.coalesce('ol.remote_variant_id', eb.val(''))),
            ),
        )
        .select([
          'ol.order_id',
          'ol.line_id',
          'ol.quantity',
          'o.placed_at',
          'l.id as listing_id',
          'l.quantity as shown',
          'l.base',
        ])
        .where('ol.order_id', 'in', list)
        .where((eb) => eb('e.reserved', '>', 0).or('e.consumed', '>', 0)),
    );
    for (const row of rows) {
      if (options.before.has(`${row.order_id}:${row.line_id}`)) continue;
      if (Date.parse(row.placed_at) <= Date.parse(since)) continue;
      const entry = taken.get(row.listing_id) ?? { quantity: 0, shown: row.shown, base: row.base };
      entry.quantity += row.quantity;
      taken.set(row.listing_id, entry);
    }
  }
  for (const [listingId, { quantity, shown, base }] of taken) {
    const snapshot = parseJson<Record<string, unknown> | null>(base, null);
    const remote = typeof snapshot?.quantity === 'number' ? snapshot.quantity : shown;
    const lowered = Math.max(0, remote - quantity);
    // The base is what the marketplace shows; the row follows it unless a local quantity edit
    // waits in it (then only the base moves, and the edit still goes out).
    const rowFollows = remote === shown;
    w.run(
      qb
        .updateTable('listings')
        .set({
          ...(rowFollows ? { quantity: lowered } : {}),
          ...(snapshot ? { base: JSON.stringify({ ...snapshot, quantity: lowered }) } : {}),
        })
        .where('id', '=', listingId),
    );
  }
  return taken.size;
}
