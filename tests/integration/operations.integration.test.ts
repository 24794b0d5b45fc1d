/**
 * Shipping and connecting against the simulated Shopee: a shipment marked through the contract
 * reaches the fake (its order is PROCESSED with our tracking number), a refusal comes back with the
 * fake's own message, a confirmation repeated after a crash between the call and its record is
 * settled without a second shipment, and a shop is connected through the consent page's redirect.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnectorRegistry } from '../../src/connectors/index.js';
import { AccountConnections } from '../../src/engine/service/account-connections.js';
import { createDispatcher } from '../../src/engine/service/dispatch.js';
import { createHandlers } from '../../src/engine/service/handlers.js';
import { qb } from '../../src/engine/store/compiler.js';
import { openStore } from '../../src/engine/store/connection.js';
import { listAccounts } from '../../src/engine/store/queries/accounts.js';
import { queueShipments, validateShipmentRows } from '../../src/engine/store/shipments.js';
import { pushShipments, STALE_IN_FLIGHT_MS } from '../../src/engine/sync/ship.js';
import { startShopeeSandbox, type ShopeeSandbox } from '../../src/sandbox/shopee/index.js';
import {
  ApiError,
  type InputOf,
  type MethodName,
  type OutputOf,
} from '../../src/shared/api/index.js';
import { startWorld, type World } from './sync-harness.js';

let world: World | undefined;
let sandbox: ShopeeSandbox | undefined;
afterEach(async () => {
  await world?.close();
  await sandbox?.close();
  world = undefined;
  sandbox = undefined;
});

const FAST = { requestsPerSecond: 400, burst: 100 };

/** Orders the fake can ship with the seller's own carrier (a tracking number), ready to ship. */
function shippable(w: World, integrated: boolean): string[] {
  return w.store
    .read((r) =>
      r.all(
        qb
          .selectFrom('orders')
          .select('remote_id')
          .where('raw_status', '=', 'READY_TO_SHIP')
          .where(
            sql<string>`json_extract(raw, '$.shipping_carrier')`,
            integrated ? 'not like' : 'like',
            '%non-integrated%',
          )
          .orderBy('remote_id'),
      ),
    )
    .map((row) => row.remote_id);
}

function caller(w: World) {
  const shop = w.shops[0]!;
  const dispatcher = createDispatcher(
    createHandlers({
      store: w.store,
      dataDir: w.dir,
      version: 'test',
      emitChanged: () => undefined,
      link: (id) =>
        id === shop.accountId
          ? { connector: shop.connector, remoteNow: () => shop.sandbox.now() }
          : null,
    }),
    () => undefined,
  );
  return async <M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> => {
    const frame = await dispatcher.handle({ type: 'call', id: 1, method, input });
    if (!frame.ok) throw ApiError.fromPayload(frame.error);
    return frame.value as OutputOf<M>;
  };
}

function truthOf(w: World, orderSn: string) {
  return w.shops[0]!.sandbox.groundTruth().orders.find((order) => order.order_sn === orderSn)!;
}

async function until(check: () => boolean): Promise<void> {
  for (let tries = 0; tries < 400 && !check(); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('shipping against the simulated Shopee', () => {
  it('confirms on the fake with our tracking number, and shows the fake’s refusal', async () => {
    world = await startWorld({
      shops: 1,
      sandbox: { items: 30, orders: 120, orderDays: 6, rateLimit: FAST },
      clientRate: { requestsPerSecond: 300, burst: 5 },
    });
    await world.run({ steps: ['orders'] });
    const own = shippable(world, false);
    const integrated = shippable(world, true);
    expect(own.length).toBeGreaterThan(0);
    expect(integrated.length).toBeGreaterThan(0);
    const call = caller(world);

    const outcome = await call('orders.ship', {
      rows: [
        { orderNumber: own[0], carrier: 'Ninja Van', trackingNumber: 'NV-E2E-0001', line: 1 },
        {
          orderNumber: integrated[0],
          carrier: 'Ninja Van',
          trackingNumber: 'NV-E2E-0002',
          line: 2,
        },
      ],
    });
    expect(outcome.results.map((row) => row.ok)).toEqual([true, true]);

    const state = (orderSn: string) =>
      world!.store.read((r) =>
        r.first(
          qb
            .selectFrom('shipments as s')
            .innerJoin('orders as o', 'o.id', 's.order_id')
            .select(['s.state', 's.last_error'])
            .where('o.remote_id', '=', orderSn),
        )!,
      );
    await until(
      () => state(own[0]!).state !== 'pending' && state(integrated[0]!).state !== 'pending',
    );

    expect(state(own[0]!)).toEqual({ state: 'confirmed', last_error: null });
    expect(truthOf(world, own[0]!)).toMatchObject({
      order_status: 'PROCESSED',
      tracking_number: 'NV-E2E-0001',
    });
    expect(state(integrated[0]!).state).toBe('failed');
    expect(state(integrated[0]!).last_error).toContain('Shopee-integrated carrier');
    expect(truthOf(world, integrated[0]!).order_status).toBe('READY_TO_SHIP');

    // The next pull reads the shipped order back from the fake.
    await world.run({ steps: ['orders'] });
    const stored = world.store.read((r) =>
      r.first(qb.selectFrom('orders').select('raw_status').where('remote_id', '=', own[0]!)),
    );
    expect(stored?.raw_status).toBe('PROCESSED');
  });

  it('settles a confirmation cut off by a crash without shipping twice', async () => {
    world = await startWorld({
      shops: 1,
      sandbox: { items: 30, orders: 120, orderDays: 6, rateLimit: FAST },
      clientRate: { requestsPerSecond: 300, burst: 5 },
    });
    await world.run({ steps: ['orders'] });
    const [orderSn] = shippable(world, false);
    const shop = world.shops[0]!;
    world.store.write((w) => {
      const { valid } = validateShipmentRows(w, [
        { orderNumber: orderSn, carrier: 'J&T', trackingNumber: 'JT-CRASH-1' },
      ]);
      queueShipments(w, valid, () => 'crash-key-1');
      // The sender claimed the job…
      w.run(
        qb
          .updateTable('outbox')
          .set({
            state: 'in_flight',
            attempts: 1,
            sent_at: new Date(Date.now() - STALE_IN_FLIGHT_MS - 60_000).toISOString(),
          })
          .where('kind', '=', 'order.ship'),
      );
    });
    // …the call reached the marketplace, and the process died before recording the answer.
    await shop.connector.confirmShipment({
      remoteOrderId: orderSn!,
      trackingNumber: 'JT-CRASH-1',
      carrier: 'J&T',
      packageId: null,
    });
    const shipCalls = () => shop.sandbox.stats().requests['/api/v2/logistics/ship_order'] ?? 0;
    const before = shipCalls();

    const outcome = await pushShipments({
      store: world.store,
      accountId: shop.accountId,
      connector: shop.connector,
    });
    expect(outcome).toMatchObject({ sent: 1, confirmed: 1, alreadyShipped: 1, failed: [] });
    expect(shipCalls()).toBe(before + 1);
    expect(truthOf(world, orderSn!)).toMatchObject({
      order_status: 'PROCESSED',
      tracking_number: 'JT-CRASH-1',
    });
    const shipment = world.store.read((r) => r.first(qb.selectFrom('shipments').select('state')));
    expect(shipment?.state).toBe('confirmed');
  });
});

describe('connecting a shop', () => {
  it('goes through the consent redirect, and refuses an address from another connection', async () => {
    sandbox = await startShopeeSandbox({ items: 2, orders: 2 });
    const store = openStore(':memory:');
    const fake = sandbox;
    const connections = new AccountConnections({
      store,
      registry: createConnectorRegistry(),
      settings: (marketplace) =>
        marketplace === 'shopee'
          ? {
              environment: 'local',
              baseUrl: fake.baseUrl,
              partnerId: fake.partnerId,
              partnerKey: fake.partnerKey,
            }
          : null,
    });
    try {
      expect(connections.list().find((o) => o.marketplace === 'shopee')).toMatchObject({
        available: true,
        reason: null,
      });
      const start = await connections.begin({
        marketplace: 'shopee',
        site: 'SG',
        redirectUrl: 'http://127.0.0.1:9/#/accounts',
      });
      const consent = await fetch(start.consentUrl, { redirect: 'manual' });
      const landed = consent.headers.get('location');
      expect(consent.status).toBe(302);
      expect(landed).toContain('code=');

      const other = await connections.begin({
        marketplace: 'shopee',
        site: 'SG',
        redirectUrl: 'http://127.0.0.1:9/',
      });
      await expect(
        connections.complete({ sessionId: other.sessionId, callback: landed! }),
      ).rejects.toMatchObject({ code: 'invalid_input' });

      const accountId = await connections.complete({
        sessionId: start.sessionId,
        callback: landed!,
      });
      const account = store.read(listAccounts).find((row) => row.id === accountId);
      expect(account).toMatchObject({
        marketplace: 'shopee',
        site: 'SG',
        shopId: String(fake.shopId),
        sandbox: false,
        authState: 'connected',
      });
      const connector = connections.connector(accountId)!;
      expect((await connector.authStatus()).state).toBe('connected');
      // The session is finished: the same address cannot be used again.
      await expect(
        connections.complete({ sessionId: start.sessionId, callback: landed! }),
      ).rejects.toMatchObject({ code: 'not_found' });

      // A bare pasted code with the shop id typed beside it works too.
      const pasted = await connections.begin({
        marketplace: 'shopee',
        site: 'SG',
        redirectUrl: 'http://127.0.0.1:9/',
      });
      const again = await connections.complete({
        sessionId: pasted.sessionId,
        callback: fake.control.issueAuthorizationCode(),
        shopId: String(fake.shopId),
      });
      expect(again).toBe(accountId);
    } finally {
      await connections.close();
      store.close();
    }
  });
});
