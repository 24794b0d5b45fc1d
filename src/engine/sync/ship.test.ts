import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthExpiredError,
  PermanentError,
  RetryableError,
  type Connector,
  type ShipmentConfirmation,
  type ShipmentResult,
} from '../../connectors/index.js';
import type { AccountId } from '../../shared/ids.js';
import { qb } from '../store/compiler.js';
import { openStore, type Store } from '../store/connection.js';
import { upsertAccount, upsertOrders } from '../store/ingest.js';
import { listShipments, queueShipments, validateShipmentRows } from '../store/shipments.js';
import { accountInput, orderInput, testClock } from '../store/test-fixtures.js';
import { pushShipments, SHIP_MAX_ATTEMPTS, STALE_IN_FLIGHT_MS } from './ship.js';

type Confirm = (confirmation: ShipmentConfirmation) => Promise<ShipmentResult>;

/** A connector whose only working call is confirmShipment, answered by `confirm`. */
function stubConnector(confirm: Confirm, canConfirm = true): Connector & { calls: string[] } {
  const calls: string[] = [];
  const unused = () => Promise.reject(new Error('not used by these tests'));
  return {
    calls,
    marketplace: 'shopee',
    capabilities: {
      listings: { changedSince: true, create: true, createVariations: false, updatableFields: [] },
      prices: { supported: true, batchSize: 50, onePerListing: true },
      stock: { supported: true, batchSize: 50, onePerListing: true },
      orders: { changedWindow: true, maxWindowDays: 15 },
      shipments: { confirm: canConfirm, tracking: true },
    },
    consentUrl: unused,
    completeAuthorization: unused,
    refreshAuthorization: unused,
    authStatus: unused,
    listListings: unused,
    getListing: unused,
    createListing: unused,
    updateListing: unused,
    updatePrices: unused,
    updateStock: unused,
    listOrders: unused,
    getOrders: unused,
    getShippingOptions: unused,
    confirmShipment: (confirmation) => {
      calls.push(`${confirmation.remoteOrderId}:${confirmation.trackingNumber}`);
      return confirm(confirmation);
    },
    close: () => Promise.resolve(),
  };
}

const confirmed: Confirm = (confirmation) =>
  Promise.resolve({
    remoteOrderId: confirmation.remoteOrderId,
    trackingNumber: confirmation.trackingNumber,
    state: 'confirmed',
    requestId: 'req-1',
  });
const details = { marketplace: 'shopee' as const, operation: 'logistics.ship_order' };

let store: Store;
let clock: ReturnType<typeof testClock>;
let accountId: AccountId;
let keys = 0;

beforeEach(() => {
  clock = testClock();
  store = openStore(':memory:', { now: clock.now });
  store.write((w) => {
    accountId = upsertAccount(
      w,
      accountInput({ marketplace: 'shopee', site: 'SG', currency: 'SGD' }),
    );
    upsertOrders(w, accountId, [
      orderInput({ remoteId: 'SN1', total: { amountMinor: 100, currency: 'SGD' } }),
      orderInput({ remoteId: 'SN2', total: { amountMinor: 100, currency: 'SGD' } }),
    ]);
  });
});

afterEach(() => store.close());

function mark(...orders: string[]): void {
  store.write((w) => {
    const { valid } = validateShipmentRows(
      w,
      orders.map((orderNumber) => ({
        orderNumber,
        carrier: 'J&T',
        trackingNumber: `T-${orderNumber}`,
      })),
    );
    queueShipments(w, valid, () => `key-${++keys}`);
  });
}

function states() {
  return store.read((r) => ({
    jobs: r.all(qb.selectFrom('outbox').select(['state', 'attempts', 'last_error']).orderBy('id')),
    shipments: r
      .all(qb.selectFrom('shipments').select(['state', 'last_error']).orderBy('id'))
      .map((row) => `${row.state}${row.last_error ? `: ${row.last_error}` : ''}`),
  }));
}

const run = (connector: Connector) => pushShipments({ store, accountId, connector });

describe('pushShipments', () => {
  it('confirms each order once and records the answer per job', async () => {
    mark('SN1', 'SN2');
    const connector = stubConnector(confirmed);
    const outcome = await run(connector);
    expect(connector.calls).toEqual(['SN1:T-SN1', 'SN2:T-SN2']);
    expect(outcome).toMatchObject({ sent: 2, confirmed: 2, failed: [], retryLater: 0 });
    expect(states().shipments).toEqual(['confirmed', 'confirmed']);
    expect(states().jobs.map((job) => job.state)).toEqual(['done', 'done']);
    // Nothing is due any more: a second sender sends nothing.
    const again = stubConnector(confirmed);
    expect((await run(again)).sent).toBe(0);
    expect(again.calls).toEqual([]);
  });

  it("records the marketplace's refusal with its message and leaves the other orders going", async () => {
    mark('SN1', 'SN2');
    const connector = stubConnector((confirmation) =>
      confirmation.remoteOrderId === 'SN1'
        ? Promise.reject(
            new PermanentError('refused', {
              ...details,
              marketplaceCode: 'logistics.ship_order_unsupport_non_integrated',
              marketplaceMessage: 'This order does not support ship with non_integrated.',
            }),
          )
        : confirmed(confirmation),
    );
    const outcome = await run(connector);
    expect(outcome.failed).toEqual([
      expect.objectContaining({
        remoteOrderId: 'SN1',
        message: 'This order does not support ship with non_integrated.',
      }),
    ]);
    expect(states().shipments).toEqual([
      'failed: This order does not support ship with non_integrated.',
      'confirmed',
    ]);
  });

  it('retries a transient failure later with a growing backoff, then fails for good', async () => {
    mark('SN1');
    const connector = stubConnector(() =>
      Promise.reject(new RetryableError('502 from the marketplace', details)),
    );
    const first = await run(connector);
    expect(first).toMatchObject({ sent: 1, retryLater: 1 });
    expect(states().shipments).toEqual(['pending: 502 from the marketplace']);
    // Not due again before its backoff.
    expect((await run(connector)).sent).toBe(0);
    for (let attempt = 2; attempt <= SHIP_MAX_ATTEMPTS; attempt++) {
      clock.advance(2 * 60 * 60_000);
      await run(connector);
    }
    expect(connector.calls).toHaveLength(SHIP_MAX_ATTEMPTS);
    expect(states().shipments).toEqual(['failed: 502 from the marketplace']);
    expect(states().jobs[0]).toMatchObject({ state: 'failed', attempts: SHIP_MAX_ATTEMPTS });
  });

  it('takes "already shipped" after a crash between the call and its record as confirmed', async () => {
    mark('SN1');
    // The first sender claimed the job and died before recording: it is left in flight.
    store.write((w) =>
      w.run(qb.updateTable('outbox').set({ state: 'in_flight', attempts: 1, sent_at: w.now() })),
    );
    const connector = stubConnector(() =>
      Promise.reject(
        new PermanentError('already', {
          ...details,
          marketplaceCode: 'logistics.package_already_shipped',
          marketplaceMessage:
            "This package has already been arranged shipment and you can't call this API again.",
        }),
      ),
    );
    // A live sender may still be waiting for that call: the job is left alone for a while…
    expect((await run(connector)).sent).toBe(0);
    clock.advance(STALE_IN_FLIGHT_MS + 1000);
    // …then sent again, and the marketplace's "already shipped" settles it.
    const outcome = await run(connector);
    expect(outcome).toMatchObject({ sent: 1, confirmed: 1, alreadyShipped: 1, failed: [] });
    expect(states().shipments).toEqual(['confirmed']);
  });

  it('stops at a refused authorisation and keeps the rest waiting', async () => {
    mark('SN1', 'SN2');
    const connector = stubConnector(() =>
      Promise.reject(new AuthExpiredError('token revoked', details)),
    );
    const outcome = await run(connector);
    expect(outcome.authFailed).toBe('token revoked');
    expect(connector.calls).toEqual(['SN1:T-SN1']);
    expect(states().jobs.map((job) => job.state)).toEqual(['pending', 'pending']);
  });

  it('never sends one job from two senders at once', async () => {
    mark('SN1', 'SN2');
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = stubConnector(async (confirmation) => {
      await gate;
      return confirmed(confirmation);
    });
    const fast = stubConnector(confirmed);
    const first = run(slow);
    const second = run(fast);
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await Promise.all([first, second]);
    const sent = [...slow.calls, ...fast.calls].sort();
    expect(sent).toEqual(['SN1:T-SN1', 'SN2:T-SN2']);
    expect(states().shipments).toEqual(['confirmed', 'confirmed']);
  });

  it('fails at once where the marketplace cannot confirm shipments', async () => {
    mark('SN1');
    const connector = stubConnector(confirmed, false);
    const outcome = await run(connector);
    expect(connector.calls).toEqual([]);
    expect(outcome.failed[0]?.message).toContain('cannot confirm shipments');
    const orderId = store.read((r) => r.first(qb.selectFrom('orders').select('id'))!.id);
    expect(store.read((r) => listShipments(r, orderId))[0]?.state).toBe('failed');
  });

  it('fails a job whose payload cannot be read instead of sending it', async () => {
    mark('SN1');
    store.write((w) => w.run(qb.updateTable('outbox').set({ payload: '{"shipmentId":"x"}' })));
    const connector = stubConnector(confirmed);
    await run(connector);
    expect(connector.calls).toEqual([]);
    expect(states().jobs[0]).toMatchObject({
      state: 'failed',
      last_error: 'the job cannot be read',
    });
  });
});
