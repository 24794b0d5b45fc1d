import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderStatus } from '../../shared/domain.js';
import type { AccountId } from '../../shared/ids.js';
import { applyListingEdit } from '../store/edits.js';
import { qb } from '../store/compiler.js';
import { upsertOrders } from '../store/ingest.js';
import { orderInput, orderLineInput } from '../store/test-fixtures.js';
import { applyOrderStockEffects } from './effects.js';
import { effectKeys, lowerOrderingListings } from './own-channel.js';
import { stockWorld, type StockWorld } from './test-support.js';

let world: StockWorld;
let shop: number;
let listing: number;

const PULLED_AT = '2024-05-02T09:00:00.000Z';

beforeEach(() => {
  world = stockWorld();
  shop = world.account('S1');
  world.product('EAR', [{ warehouse: 'SZ', onHand: 10 }]);
  listing = world.listing(shop, 'R1', 'EAR', 10);
});

afterEach(() => world.close());

/** Stores an order on R1 placed at `placedAt`, applies its effects as the morning run does. */
function order(
  remoteId: string,
  placedAt: string,
  quantity: number,
  status: OrderStatus = 'to_ship',
) {
  return world.store.write((w) => {
    upsertOrders(w, shop as AccountId, [
      orderInput({
        remoteId,
        status,
        placedAt,
        updatedAt: placedAt,
        lines: [orderLineInput({ lineId: 'L1', sku: 'EAR', quantity, remoteListingId: 'R1' })],
      }),
    ]);
    const id = w.first(qb.selectFrom('orders').select('id').where('remote_id', '=', remoteId))!.id;
    const before = effectKeys(w, [id]);
    applyOrderStockEffects(w, [id]);
    return lowerOrderingListings(w, { orderIds: [id], before, listingsPulledAt: PULLED_AT });
  });
}

const row = () =>
  world.store.read((r) =>
    r.first(qb.selectFrom('listings').select(['quantity', 'base']).where('id', '=', listing)),
  )!;

describe('lowerOrderingListings', () => {
  it('lowers the listing an order placed after the last listings pull came from, once', () => {
    expect(order('O1', '2024-05-02T10:00:00Z', 3)).toBe(1);
    expect(row().quantity).toBe(7);
    expect(JSON.parse(row().base!)).toMatchObject({ quantity: 7 });
    // Seen again (a later page, a later run, shipped meanwhile): not counted twice.
    expect(order('O1', '2024-05-02T10:00:00Z', 3, 'shipped')).toBe(0);
    expect(row().quantity).toBe(7);
  });

  it('leaves it alone for an order placed before that pull: the row may already count it', () => {
    expect(order('O2', '2024-05-02T08:59:59Z', 3)).toBe(0);
    expect(row().quantity).toBe(10);
  });

  it('moves only the base when a local quantity edit waits to go out', () => {
    world.store.write((w) =>
      applyListingEdit(w, { id: listing, baseVersion: 0, changes: { quantity: 4 } }, world.newKey),
    );
    order('O3', '2024-05-02T10:00:00Z', 2);
    expect(row().quantity).toBe(4);
    expect(JSON.parse(row().base!)).toMatchObject({ quantity: 8 });
  });

  it('does nothing for an account whose listings were never pulled', () => {
    const changed = world.store.write((w) =>
      lowerOrderingListings(w, { orderIds: [1], before: new Set(), listingsPulledAt: null }),
    );
    expect(changed).toBe(0);
  });
});
