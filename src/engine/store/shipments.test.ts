import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ShipmentRowInput } from '../../shared/api/contract-operations.js';
import type { AccountId } from '../../shared/ids.js';
import { qb } from './compiler.js';
import { openStore, type Store } from './connection.js';
import { upsertAccount, upsertOrders } from './ingest.js';
import {
  listShipments,
  queueShipments,
  SHIP_JOB_KIND,
  ShipJobPayload,
  validateShipmentRows,
} from './shipments.js';
import { accountInput, orderInput, testClock } from './test-fixtures.js';

let store: Store;
let shop: AccountId;
let other: AccountId;
const ids: Record<string, number> = {};
let keys = 0;
const newKey = () => `ship-key-${++keys}`;

function orderId(remoteId: string): number {
  return store.read(
    (r) => r.first(qb.selectFrom('orders').select('id').where('remote_id', '=', remoteId))!.id,
  );
}

beforeEach(() => {
  store = openStore(':memory:', { now: testClock().now });
  store.write((w) => {
    shop = upsertAccount(w, accountInput({ shopId: 'A' }));
    other = upsertAccount(w, accountInput({ shopId: 'B', displayName: 'Other' }));
    upsertOrders(w, shop, [
      orderInput({ remoteId: 'SN-READY-1' }),
      orderInput({ remoteId: 'SN-READY-2' }),
      orderInput({ remoteId: 'SN-UNPAID', status: 'unpaid' }),
      orderInput({ remoteId: 'SN-DONE', status: 'shipped' }),
      orderInput({ remoteId: 'SN-TWICE' }),
    ]);
    upsertOrders(w, other, [orderInput({ remoteId: 'SN-TWICE' })]);
  });
  for (const remote of ['SN-READY-1', 'SN-READY-2', 'SN-UNPAID', 'SN-DONE']) {
    ids[remote] = orderId(remote);
  }
});

afterEach(() => store.close());

const row = (patch: Partial<ShipmentRowInput>): ShipmentRowInput => ({
  carrier: 'DHL',
  trackingNumber: 'JD0001',
  ...patch,
});

function ship(rows: ShipmentRowInput[]) {
  return store.write((w) => {
    const validation = validateShipmentRows(w, rows);
    queueShipments(w, validation.valid, newKey);
    return validation;
  });
}

function codes(rows: ShipmentRowInput[]) {
  return store
    .read((r) => validateShipmentRows(r, rows))
    .results.map((result) => result.error?.code ?? 'ok');
}

describe('validateShipmentRows', () => {
  it('gives each bad row its own error and lets the good rows through', () => {
    expect(
      codes([
        row({ orderNumber: 'SN-READY-1' }),
        row({ orderNumber: 'NOPE' }),
        row({ orderNumber: 'SN-UNPAID' }),
        row({ orderNumber: 'SN-DONE' }),
        row({ orderNumber: 'SN-TWICE' }),
        row({ orderNumber: 'SN-READY-2', carrier: '  ' }),
        row({ orderNumber: 'SN-READY-2', trackingNumber: '' }),
        row({ orderNumber: 'SN-READY-2', trackingNumber: 'has\ttab' }),
        row({ orderNumber: 'SN-READY-2', trackingNumber: 'X'.repeat(65) }),
        row({}),
      ]),
    ).toEqual([
      'ok',
      'unknown_order',
      'not_shippable',
      'not_shippable',
      'ambiguous_order',
      'missing_carrier',
      'missing_tracking',
      'invalid_tracking',
      'invalid_tracking',
      'missing_order',
    ]);
  });

  it('takes an identical repeat once and refuses an order given two different trackings', () => {
    expect(
      codes([
        row({ orderNumber: 'SN-READY-1' }),
        row({ orderNumber: 'sn-ready-1', trackingNumber: ' jd0001 ' }),
        row({ orderNumber: 'SN-READY-2', trackingNumber: 'A1' }),
        row({ orderId: ids['SN-READY-2'], trackingNumber: 'B2' }),
      ]),
    ).toEqual(['ok', 'duplicate_row', 'conflicting_rows', 'conflicting_rows']);
  });

  it('refuses an order of a disconnected shop', () => {
    store.write((w) =>
      w.run(qb.updateTable('accounts').set({ auth_state: 'disconnected' }).where('id', '=', shop)),
    );
    expect(codes([row({ orderNumber: 'SN-READY-1' })])).toEqual(['account_disconnected']);
  });

  it('echoes line numbers and the order found, trimmed', () => {
    const [result] = store.read((r) =>
      validateShipmentRows(r, [row({ orderNumber: ' SN-READY-1 ', carrier: ' UPS ', line: 7 })]),
    ).results;
    expect(result).toMatchObject({
      index: 0,
      line: 7,
      orderId: ids['SN-READY-1'],
      orderNumber: 'SN-READY-1',
      carrier: 'UPS',
      ok: true,
      error: null,
    });
  });
});

describe('queueShipments', () => {
  it('records the shipment and its outbox job together, and refuses the order a second time', () => {
    const first = ship([row({ orderNumber: 'SN-READY-1', trackingNumber: 'JD 0001' })]);
    expect(first.valid).toHaveLength(1);
    const jobs = store.read((r) =>
      r.all(qb.selectFrom('outbox').selectAll().where('kind', '=', SHIP_JOB_KIND)),
    );
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ account_id: shop, state: 'pending', listing_id: null });
    const payload = ShipJobPayload.parse(JSON.parse(jobs[0]!.payload));
    expect(payload).toMatchObject({
      orderId: ids['SN-READY-1'],
      remoteOrderId: 'SN-READY-1',
      carrier: 'DHL',
      trackingNumber: 'JD 0001',
    });
    const shipments = store.read((r) => listShipments(r, ids['SN-READY-1']!));
    expect(shipments).toEqual([
      expect.objectContaining({
        id: payload.shipmentId,
        carrier: 'DHL',
        trackingNumber: 'JD 0001',
        state: 'pending',
        lastError: null,
        attempts: 0,
      }),
    ]);

    expect(codes([row({ orderNumber: 'SN-READY-1' })])).toEqual(['already_shipped']);
  });

  it('lets a failed shipment be marked again', () => {
    ship([row({ orderNumber: 'SN-READY-1' })]);
    store.write((w) => w.run(qb.updateTable('shipments').set({ state: 'failed' })));
    expect(codes([row({ orderNumber: 'SN-READY-1', trackingNumber: 'NEW1' })])).toEqual(['ok']);
  });

  it('writes nothing when the transaction fails part way', () => {
    let calls = 0;
    const failingKey = () => {
      if (++calls === 2) throw new Error('disk full');
      return `k-${calls}`;
    };
    expect(() =>
      store.write((w) => {
        const validation = validateShipmentRows(w, [
          row({ orderNumber: 'SN-READY-1' }),
          row({ orderNumber: 'SN-READY-2' }),
        ]);
        queueShipments(w, validation.valid, failingKey);
      }),
    ).toThrow('disk full');
    const counts = store.read((r) => ({
      shipments: r.all(qb.selectFrom('shipments').select('id')).length,
      jobs: r.all(qb.selectFrom('outbox').select('id')).length,
    }));
    expect(counts).toEqual({ shipments: 0, jobs: 0 });
  });
});
