import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connector, ShipmentConfirmation } from '../../connectors/index.js';
import {
  ApiError,
  type DataEntity,
  type InputOf,
  type MethodName,
  type OutputOf,
} from '../../shared/api/index.js';
import type { AccountId } from '../../shared/ids.js';
import { applyOrderStockEffects } from '../stock/index.js';
import { qb } from '../store/compiler.js';
import { openStore, type Store } from '../store/connection.js';
import { upsertAccount, upsertListings, upsertOrders, upsertProducts } from '../store/ingest.js';
import {
  accountInput,
  listingInput,
  orderInput,
  orderLineInput,
  productInput,
  testClock,
} from '../store/test-fixtures.js';
import { createDispatcher } from './dispatch.js';
import { createHandlers, type HandlerContext } from './handlers.js';

let store: Store;
let changed: DataEntity[][];
let amazon: AccountId;
let shopee: AccountId;
let sandbox: AccountId;
let confirmations: string[];
let syncRequests: unknown[];

/** A connector for shipment confirmations only (see ship.test.ts for the sender itself). */
function shippingConnector(): Connector {
  const unused = () => Promise.reject(new Error('not used here'));
  return {
    marketplace: 'shopee',
    capabilities: {
      listings: { changedSince: true, create: true, createVariations: false, updatableFields: [] },
      prices: { supported: true, batchSize: 50, onePerListing: true },
      stock: { supported: true, batchSize: 50, onePerListing: true },
      orders: { changedWindow: true, maxWindowDays: 15 },
      shipments: { confirm: true, tracking: true },
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
    confirmShipment: (confirmation: ShipmentConfirmation) => {
      confirmations.push(confirmation.remoteOrderId);
      return Promise.resolve({
        remoteOrderId: confirmation.remoteOrderId,
        trackingNumber: confirmation.trackingNumber,
        state: 'confirmed',
        requestId: null,
      });
    },
    rateStatus: () => [{ bucket: 'shop', waiting: 3, perSecond: 10 }],
    close: () => Promise.resolve(),
  };
}

function engine(extra: Partial<HandlerContext> = {}) {
  const dispatcher = createDispatcher(
    createHandlers({
      store,
      dataDir: '/test',
      version: '0.0.0',
      emitChanged: (entities) => changed.push(entities),
      newKey: (() => {
        let key = 0;
        return () => `key-${++key}`;
      })(),
      startSync: (input) => {
        syncRequests.push(input);
        return Promise.resolve({ started: true, runId: 1 as never });
      },
      ...extra,
    }),
    () => undefined,
  );
  return async <M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> => {
    const frame = await dispatcher.handle({ type: 'call', id: 1, method, input });
    if (!frame.ok) throw ApiError.fromPayload(frame.error);
    return frame.value as OutputOf<M>;
  };
}

/** Lets background work (the shipment sender) run. */
async function settle(until: () => boolean): Promise<void> {
  for (let tries = 0; tries < 100 && !until(); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

beforeEach(() => {
  store = openStore(':memory:', { now: testClock('2024-05-05T12:00:00.000Z').now });
  changed = [];
  confirmations = [];
  syncRequests = [];
  store.write((w) => {
    amazon = upsertAccount(w, accountInput());
    shopee = upsertAccount(
      w,
      accountInput({ marketplace: 'shopee', site: 'SG', shopId: '9', currency: 'SGD' }),
    );
    sandbox = upsertAccount(
      w,
      accountInput({
        marketplace: 'shopee',
        site: 'MY',
        shopId: 'S',
        sandbox: true,
        currency: 'MYR',
      }),
    );
    upsertProducts(w, [
      productInput({ sku: 'EAR', stock: [] }),
      productInput({
        sku: 'EAR-BLK',
        parentSku: 'EAR',
        stock: [{ warehouse: 'SZ', onHand: 10, reserved: 2 }],
      }),
      productInput({ sku: 'MUG', stock: [{ warehouse: 'SZ', onHand: 4, reserved: 0 }] }),
    ]);
    upsertListings(w, amazon, [listingInput({ sku: 'EAR-BLK', quantity: 50 })]);
    upsertListings(w, shopee, [
      listingInput({
        remoteId: '7001',
        sku: 'EAR-BLK',
        quantity: 8,
        price: { amountMinor: 900, currency: 'SGD' },
      }),
    ]);
    upsertListings(w, sandbox, [
      listingInput({
        remoteId: 'S-MUG',
        sku: 'MUG',
        quantity: 4,
        price: { amountMinor: 900, currency: 'MYR' },
      }),
    ]);
    upsertOrders(w, amazon, [orderInput({ remoteId: 'A-1' }), orderInput({ remoteId: 'A-2' })]);
    upsertOrders(w, shopee, [
      orderInput({ remoteId: 'SN-1', total: { amountMinor: 900, currency: 'SGD' } }),
    ]);
    upsertOrders(w, sandbox, [
      orderInput({ remoteId: 'SB-1', total: { amountMinor: 900, currency: 'MYR' } }),
    ]);
    // Listings link to products by SKU only through the stock engine's adoption; link them here.
    w.run(
      qb.updateTable('listings').set((eb) => ({
        product_id: eb
          .selectFrom('products')
          .select('id')
          .whereRef('products.sku', '=', 'listings.sku'),
      })),
    );
  });
});

afterEach(() => store.close());

describe('orders.ship', () => {
  it('validates without writing on a dry run', async () => {
    const call = engine();
    const outcome = await call('orders.ship', {
      rows: [{ orderNumber: 'A-1', carrier: 'UPS', trackingNumber: '1Z1' }, { orderNumber: 'X' }],
      dryRun: true,
    });
    expect(outcome.results.map((row) => row.error?.code ?? 'ok')).toEqual(['ok', 'unknown_order']);
    expect(outcome.queued).toBe(0);
    expect(store.read((r) => r.all(qb.selectFrom('shipments').select('id')))).toEqual([]);
  });

  it('records valid rows and sends them at once through a reachable connector', async () => {
    const connector = shippingConnector();
    const call = engine({
      link: (id) => (id === shopee ? { connector, remoteNow: Date.now } : null),
    });
    const outcome = await call('orders.ship', {
      rows: [
        { orderNumber: 'SN-1', carrier: 'J&T', trackingNumber: 'JT1' },
        { orderNumber: 'A-1', carrier: 'UPS', trackingNumber: '1Z1' },
        { orderNumber: 'A-1', carrier: 'UPS', trackingNumber: '1Z1' },
      ],
    });
    expect(outcome.queued).toBe(2);
    expect(outcome.accountIds.sort()).toEqual([amazon, shopee].sort());
    expect(outcome.results[2]?.error?.code).toBe('duplicate_row');
    await settle(() => confirmations.length > 0 && changed.length > 1);
    expect(confirmations).toEqual(['SN-1']);
    // The unreachable shop's shipments wait for a run that reaches it.
    expect(syncRequests).toEqual([]);
    const shopeeOrder = await call('orders.queryShipping', { search: 'SN-1' });
    expect(shopeeOrder.rows[0]?.shipment).toEqual({
      carrier: 'J&T',
      trackingNumber: 'JT1',
      state: 'confirmed',
    });
    expect(changed).toContainEqual(['orders']);
  });

  it('starts a push run for the shops when this engine cannot reach connectors itself', async () => {
    const call = engine();
    await call('orders.ship', {
      rows: [
        { orderNumber: 'SN-1', carrier: 'J&T', trackingNumber: 'JT1' },
        { orderNumber: 'A-1', carrier: 'UPS', trackingNumber: '1Z1' },
      ],
    });
    expect(syncRequests).toEqual([{ accountIds: [shopee, amazon], steps: ['push'] }]);
    expect(confirmations).toEqual([]);
  });

  it('refuses a malformed request as a whole at the door', async () => {
    const call = engine();
    await expect(call('orders.ship', { rows: [] })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});

describe('orders.queryShipping and orders.shipments', () => {
  it('filters by the shipment recorded and lists an order’s shipments', async () => {
    const call = engine();
    await call('orders.ship', {
      rows: [{ orderNumber: 'A-1', carrier: 'UPS', trackingNumber: '1Z1' }],
    });
    const numbers = async (shipment: 'none' | 'pending' | 'confirmed' | 'failed') =>
      (
        await call('orders.queryShipping', { shipment, sort: { field: 'placedAt', dir: 'asc' } })
      ).rows
        .map((row) => row.marketplaceOrderId)
        .sort();
    expect(await numbers('pending')).toEqual(['A-1']);
    expect(await numbers('none')).toEqual(['A-2', 'SB-1', 'SN-1']);
    expect(await numbers('confirmed')).toEqual([]);
    const order = (await call('orders.queryShipping', { search: 'A-1' })).rows[0]!;
    const shipments = await call('orders.shipments', { orderId: order.id });
    expect(shipments).toMatchObject([{ carrier: 'UPS', trackingNumber: '1Z1', state: 'pending' }]);
    await expect(call('orders.shipments', { orderId: 999 })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('stock edits and channels', () => {
  const productId = (sku: string) =>
    store.read((r) => r.first(qb.selectFrom('products').select('id').where('sku', '=', sku))!.id);

  it('shows each channel of a master’s variants with what it may show and flags danger', async () => {
    const call = engine();
    const channels = await call('catalog.channels', { productId: productId('EAR') });
    expect(
      channels.map((c) => [c.accountName, c.sku, c.shown, c.allowed, c.rule.scope, c.danger]),
    ).toEqual([
      ['Acme US', 'EAR-BLK', 50, 8, 'none', true],
      ['Acme US', 'EAR-BLK', 8, 8, 'none', false],
    ]);
  });

  it('sets a rule and a count, queues the pushes they cause, and refuses bad numbers', async () => {
    const call = engine();
    const rule = await call('stock.setRule', {
      accountId: amazon,
      productId: productId('EAR'),
      buffer: 2,
      maxQuantity: 3,
      allocationPercent: 100,
    });
    expect(rule).toEqual({ changed: true, queued: 1 });
    const channels = await call('catalog.channels', { productId: productId('EAR-BLK') });
    const amazonChannel = channels.find((c) => c.accountId === amazon)!;
    expect(amazonChannel).toMatchObject({
      allowed: 3,
      pushQueued: true,
      rule: { scope: 'master', buffer: 2, maxQuantity: 3 },
    });
    expect(changed).toContainEqual(['catalog', 'listings']);
    const same = await call('stock.setRule', {
      accountId: amazon,
      productId: productId('EAR'),
      buffer: 2,
      maxQuantity: 3,
      allocationPercent: 100,
    });
    expect(same).toEqual({ changed: false, queued: 0 });

    const count = await call('stock.setOnHand', {
      productId: productId('MUG'),
      warehouse: 'SZ',
      onHand: 9,
    });
    expect(count.changed).toBe(true);
    await expect(
      call('stock.setRule', {
        accountId: amazon,
        productId: null,
        buffer: -1,
        maxQuantity: null,
        allocationPercent: 101,
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      call('stock.setOnHand', { productId: 999, warehouse: 'SZ', onHand: 1 }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('sync.status and sync.previewSchedule', () => {
  it('shows rate buckets of reachable shops and what waits in each outbox', async () => {
    const connector = shippingConnector();
    const call = engine({
      link: (id) => (id === shopee ? { connector, remoteNow: Date.now } : null),
    });
    await call('orders.ship', {
      rows: [{ orderNumber: 'A-1', carrier: 'UPS', trackingNumber: '1Z1' }],
    });
    const status = await call('sync.status', {});
    expect(status.running).toBeNull();
    const byId = new Map(status.accounts.map((account) => [account.accountId, account]));
    expect(byId.get(shopee)).toMatchObject({
      reachable: true,
      buckets: [{ bucket: 'shop', waiting: 3, perSecond: 10 }],
    });
    expect(byId.get(amazon)).toMatchObject({
      reachable: false,
      buckets: [],
      queued: { shipments: 1, listings: 0, stock: 0, held: 0 },
    });
  });

  it('names the next run times of a valid schedule and says what is wrong with another', async () => {
    const call = engine();
    const preview = await call('sync.previewSchedule', { schedule: '30 7 * * *' });
    expect(preview.valid).toBe(true);
    if (preview.valid) {
      expect(preview.next).toHaveLength(3);
      const times = preview.next.map((time) => Date.parse(time));
      expect(times[1]! - times[0]!).toBe(24 * 60 * 60 * 1000);
    }
    const wrong = await call('sync.previewSchedule', { schedule: '61 7 * * *' });
    expect(wrong).toMatchObject({ valid: false });
  });
});

describe('accounts', () => {
  it('offers every marketplace, each with its sites, available only with app credentials', async () => {
    const call = engine();
    const options = await call('accounts.connectOptions', {});
    expect(options.map((option) => option.marketplace).sort()).toEqual(
      ['aliexpress', 'amazon', 'ebay', 'shopee', 'wish'].sort(),
    );
    expect(options.find((option) => option.marketplace === 'shopee')!.sites).toContain('SG');
    expect(options.find((option) => option.marketplace === 'amazon')!.sites).toContain('DE');
    expect(options.find((option) => option.marketplace === 'ebay')!.sites).toContain('EBAY_GB');
    for (const option of options) {
      expect(option.reason).not.toBe('coming_soon');
      expect(option.available).toBe(option.reason === null);
    }
  });

  it('disconnects a real shop keeping its data, and removes a sandbox shop with its own SKUs', async () => {
    const call = engine();
    const real = await call('accounts.disconnect', { id: amazon });
    expect(real).toMatchObject({
      result: 'disconnected',
      removed: { listings: 0, orders: 0, skus: 0 },
    });
    const accounts = await call('accounts.list', {});
    expect(accounts.find((account) => account.id === amazon)).toMatchObject({
      authState: 'disconnected',
      listingCount: 1,
      orderCount: 2,
    });

    const removed = await call('accounts.disconnect', { id: sandbox });
    expect(removed).toMatchObject({
      result: 'removed',
      removed: { listings: 1, orders: 1, skus: 1 },
    });
    const skus = store.read((r) => r.all(qb.selectFrom('products').select('sku').orderBy('sku')));
    // MUG was listed by the sandbox shop only; EAR and its variant are listed elsewhere.
    expect(skus.map((row) => row.sku)).toEqual(['EAR', 'EAR-BLK']);
    await expect(call('accounts.disconnect', { id: sandbox })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it("gives back a removed sandbox shop's reservations and tells the other shops of those SKUs", async () => {
    const call = engine();
    store.write((w) => {
      upsertOrders(w, sandbox, [
        orderInput({
          remoteId: 'S-ORDER-9',
          status: 'to_ship',
          lines: [orderLineInput({ lineId: 'L1', sku: 'EAR-BLK', quantity: 3 })],
        }),
      ]);
      const order = w.first(
        qb.selectFrom('orders').select('id').where('remote_id', '=', 'S-ORDER-9'),
      )!;
      applyOrderStockEffects(w, [order.id]);
    });
    const reserved = () =>
      store.read((r) =>
        r.first(
          qb
            .selectFrom('stock')
            .innerJoin('products', 'products.id', 'stock.product_id')
            .select(['stock.on_hand', 'stock.reserved'])
            .where('products.sku', '=', 'EAR-BLK'),
        ),
      );
    expect(reserved()).toEqual({ on_hand: 10, reserved: 5 });
    await call('accounts.disconnect', { id: sandbox });
    expect(reserved()).toEqual({ on_hand: 10, reserved: 2 });
    const queued = store.read((r) =>
      r.all(
        qb
          .selectFrom('outbox')
          .select(['account_id', 'kind', 'source'])
          .where('source', '=', 'stock')
          .orderBy('account_id'),
      ),
    );
    // 8 available again: the Shopee listing already shows 8, the Amazon one (50) is corrected.
    expect(queued.map((job) => job.account_id)).toEqual([amazon]);
  });
});
