import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventFrame, MethodName, ResultFrame } from '../../shared/api/index.js';
import { qb } from '../store/compiler.js';
import { upsertAccount, upsertListings, upsertOrders, upsertProducts } from '../store/ingest.js';
import { LATEST_SCHEMA_VERSION } from '../store/migrations/index.js';
import {
  accountInput,
  listingInput,
  orderInput,
  orderLineInput,
  productInput,
  temporaryDir,
  testClock,
} from '../store/test-fixtures.js';
import { migrateDataDir, openEngine, STORE_FILE_NAME, type LocalEngine } from './engine.js';

let dir: { dir: string; dispose: () => void };
let engine: LocalEngine;
let events: EventFrame[];
let frameId = 0;
const clock = testClock('2024-05-05T12:00:00.000Z');

function seed(target: LocalEngine): void {
  target.store.write((w) => {
    const amazon = upsertAccount(w, accountInput());
    const shopee = upsertAccount(
      w,
      accountInput({
        marketplace: 'shopee',
        site: 'SG',
        shopId: 'SHOP-9',
        displayName: 'Acme SG',
        currency: 'SGD',
        locale: 'zh-CN',
        sandbox: true,
      }),
    );
    upsertProducts(w, [
      productInput({ sku: 'EAR', stock: [] }),
      productInput({
        sku: 'EAR-BLK',
        parentSku: 'EAR',
        variantAttributes: { colour: 'Black' },
        stock: [
          { warehouse: 'SZ', onHand: 10, reserved: 2 },
          { warehouse: 'LA', onHand: 3, reserved: 0 },
        ],
      }),
      productInput({
        sku: 'EAR-WHT',
        parentSku: 'EAR',
        variantAttributes: { colour: 'White' },
        stock: [{ warehouse: 'SZ', onHand: 1, reserved: 4 }],
      }),
    ]);
    upsertListings(w, amazon, [listingInput({ sku: 'EAR-BLK' })]);
    upsertListings(w, shopee, [
      listingInput({
        remoteId: '7001',
        sku: 'EAR-WHT',
        title: 'Earbuds white',
        locale: 'en-SG',
        price: { amountMinor: 3900, currency: 'SGD' },
      }),
    ]);
    upsertOrders(w, amazon, [
      orderInput({
        remoteId: 'A-1',
        shipBy: '2024-05-04T00:00:00Z',
        lines: [orderLineInput({ sku: 'EAR-BLK', quantity: 2 })],
      }),
      orderInput({
        remoteId: 'A-2',
        status: 'shipped',
        rawStatus: 'Shipped',
        placedAt: '2024-05-03T08:00:00Z',
        shipBy: '2024-05-04T00:00:00Z',
      }),
    ]);
    const now = w.now();
    w.run(
      qb.insertInto('channel_rules').values([
        {
          account_id: amazon,
          product_id: null,
          buffer: 1,
          allocation_percent: 50,
          updated_at: now,
        },
        {
          account_id: amazon,
          product_id: 2,
          buffer: 0,
          max_quantity: 5,
          allocation_percent: 100,
          updated_at: now,
        },
        {
          account_id: shopee,
          product_id: null,
          buffer: 2,
          allocation_percent: 30,
          updated_at: now,
        },
      ]),
    );
    w.run(
      qb.insertInto('shipments').values({
        order_id: 2,
        carrier: 'UPS',
        tracking_number: '1Z999',
        shipped_at: '2024-05-03T18:00:00.000Z',
        state: 'confirmed',
        created_at: now,
        updated_at: now,
      }),
    );
    w.run(
      qb.insertInto('listing_texts').values({
        listing_id: 1,
        locale: 'de-DE',
        title: 'Kabellose Ohrhörer',
        origin: 'machine',
        review_state: 'machine',
        updated_at: now,
      }),
    );
    w.run(
      qb.insertInto('sync_runs').values({
        trigger: 'schedule',
        state: 'partial',
        started_at: '2024-05-05T07:30:00.000Z',
        finished_at: '2024-05-05T07:31:00.000Z',
        report: JSON.stringify({
          accounts: [],
          needsAttention: [{ kind: 'auth', message: 'Reconnect eBay' }],
        }),
      }),
    );
  });
}

beforeEach(() => {
  dir = temporaryDir();
  let key = 0;
  engine = openEngine({
    dataDir: dir.dir,
    now: clock.now,
    version: '9.9.9',
    newKey: () => `key-${++key}`,
  });
  seed(engine);
  events = [];
  engine.onEvent((frame) => events.push(frame));
});
afterEach(() => {
  engine.close();
  dir.dispose();
});

async function call(method: string, input: unknown): Promise<ResultFrame> {
  return engine.handle({ type: 'call', id: ++frameId, method, input });
}
async function ok<T = unknown>(method: MethodName, input: unknown = {}): Promise<T> {
  const result = await call(method, input);
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}
async function failure(method: string, input: unknown) {
  const result = await call(method, input);
  if (result.ok) throw new Error(`${method} unexpectedly succeeded`);
  return result.error;
}

const count = (table: 'outbox' | 'change_batches' | 'audit_log') =>
  engine.store.read(
    (r) => r.first(qb.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')))!.n,
  );

describe('every method reads the store', () => {
  it('app.info', async () => {
    expect(await ok('app.info')).toEqual({
      version: '9.9.9',
      dataDir: dir.dir,
      schemaVersion: LATEST_SCHEMA_VERSION,
      sandboxOnly: false,
      counts: { accounts: 2, skus: 3, listings: 2, orders: 2 },
    });
  });

  it('accounts.list, with listing and order counts', async () => {
    const accounts =
      await ok<
        { displayName: string; listingCount: number; orderCount: number; sandbox: boolean }[]
      >('accounts.list');
    expect(
      accounts.map(({ displayName, listingCount, orderCount, sandbox }) => ({
        displayName,
        listingCount,
        orderCount,
        sandbox,
      })),
    ).toEqual([
      { displayName: 'Acme US', listingCount: 1, orderCount: 2, sandbox: false },
      { displayName: 'Acme SG', listingCount: 1, orderCount: 0, sandbox: true },
    ]);
  });

  it('catalog.listSkus, with family totals, availability and variant counts', async () => {
    const page = await ok<{ total: number; rows: Record<string, unknown>[] }>('catalog.listSkus', {
      sort: { field: 'sku', dir: 'asc' },
    });
    expect(page.total).toBe(3);
    expect(
      page.rows.map(
        ({ sku, onHand, reserved, available, variantCount, listingCount, parentSku }) => ({
          sku,
          onHand,
          reserved,
          available,
          variantCount,
          listingCount,
          parentSku,
        }),
      ),
    ).toEqual([
      {
        sku: 'EAR',
        onHand: 14,
        reserved: 6,
        available: 8,
        variantCount: 2,
        listingCount: 2,
        parentSku: null,
      },
      {
        sku: 'EAR-BLK',
        onHand: 13,
        reserved: 2,
        available: 11,
        variantCount: 0,
        listingCount: 1,
        parentSku: 'EAR',
      },
      {
        sku: 'EAR-WHT',
        onHand: 1,
        reserved: 4,
        available: -3,
        variantCount: 0,
        listingCount: 1,
        parentSku: 'EAR',
      },
    ]);
    const low = await ok<{ rows: { sku: string }[] }>('catalog.listSkus', { lowStockBelow: 0 });
    expect(low.rows.map((row) => row.sku)).toEqual(['EAR-WHT']);
    const masters = await ok<{ rows: { sku: string }[] }>('catalog.listSkus', {
      mastersOnly: true,
    });
    expect(masters.rows.map((row) => row.sku)).toEqual(['EAR']);
    const byAvailable = await ok<{ rows: { sku: string }[] }>('catalog.listSkus', {
      sort: { field: 'available', dir: 'desc' },
    });
    expect(byAvailable.rows.map((row) => row.sku)).toEqual(['EAR-BLK', 'EAR', 'EAR-WHT']);
  });

  it('catalog.getSku, with stock per warehouse, effective channel rules and variants', async () => {
    const detail = await ok<Record<string, unknown>>('catalog.getSku', { id: 2 });
    expect(detail).toMatchObject({
      sku: 'EAR-BLK',
      stock: [
        { warehouse: 'LA', onHand: 3, reserved: 0 },
        { warehouse: 'SZ', onHand: 10, reserved: 2 },
      ],
      channelRules: [
        { accountId: 1, buffer: 0, maxQuantity: 5, allocationPercent: 100 },
        { accountId: 2, buffer: 2, maxQuantity: null, allocationPercent: 30 },
      ],
      dimensionsMm: { length: 100, width: 60, height: 30 },
      cost: { amountMinor: 2500, currency: 'CNY' },
      declaredValue: { amountMinor: 900, currency: 'USD' },
      variants: [],
    });
    const master = await ok<{ variants: { sku: string }[] }>('catalog.getSku', { id: 1 });
    expect(master.variants.map((variant) => variant.sku)).toEqual(['EAR-BLK', 'EAR-WHT']);
  });

  it('listings.query and listings.get', async () => {
    const page = await ok<{
      total: number;
      rows: { sku: string; marketplace: string; price: unknown }[];
    }>('listings.query', {
      marketplaces: ['shopee'],
    });
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({
      sku: 'EAR-WHT',
      marketplace: 'shopee',
      price: { amountMinor: 3900, currency: 'SGD' },
    });
    expect(await ok('listings.get', { id: 1 })).toMatchObject({
      id: 1,
      accountName: 'Acme US',
      productId: 2,
      bulletPoints: ['40h battery'],
      localVersion: 0,
      syncState: 'synced',
    });
  });

  it('orders.query, overdue by the engine clock, and orders.get with lines and shipments', async () => {
    const overdue = await ok<{
      total: number;
      rows: { marketplaceOrderId: string; lineCount: number; units: number }[];
    }>('orders.query', { overdueOnly: true });
    expect(overdue.total).toBe(1);
    expect(overdue.rows[0]).toMatchObject({ marketplaceOrderId: 'A-1', lineCount: 1, units: 2 });
    const placed = await ok<{ rows: { marketplaceOrderId: string }[] }>('orders.query', {
      placedFrom: '2024-05-03T00:00:00+00:00',
      placedTo: '2024-05-03T23:59:59Z',
    });
    expect(placed.rows.map((row) => row.marketplaceOrderId)).toEqual(['A-2']);
    const searched = await ok<{ rows: { marketplaceOrderId: string }[] }>('orders.query', {
      search: 'ear-blk',
    });
    expect(searched.rows.map((row) => row.marketplaceOrderId)).toEqual(['A-1']);
    expect(await ok('orders.get', { id: 2 })).toMatchObject({
      marketplaceOrderId: 'A-2',
      status: 'shipped',
      lines: [
        {
          lineId: 'L1',
          sku: 'EAR-001',
          quantity: 1,
          unitPrice: { amountMinor: 2999, currency: 'USD' },
        },
      ],
      shipments: [{ carrier: 'UPS', trackingNumber: '1Z999', state: 'confirmed' }],
    });
  });

  it('translations.query, with missing texts for the locale an account sells in', async () => {
    const page = await ok<{ total: number; rows: Record<string, unknown>[] }>(
      'translations.query',
      {},
    );
    expect(page.rows).toEqual([
      {
        listingId: 1,
        marketplace: 'amazon',
        sku: 'EAR-BLK',
        locale: 'de-DE',
        sourceLocale: 'zh-CN',
        sourceTitle: '蓝牙耳机 无线',
        title: 'Kabellose Ohrhörer',
        origin: 'machine',
        state: 'machine',
        updatedAt: '2024-05-05T12:00:00.000Z',
      },
      {
        listingId: 2,
        marketplace: 'shopee',
        sku: 'EAR-WHT',
        locale: 'zh-CN',
        sourceLocale: 'zh-CN',
        sourceTitle: '蓝牙耳机 无线',
        title: '',
        origin: null,
        state: 'missing',
        updatedAt: null,
      },
    ]);
    const missing = await ok<{ total: number }>('translations.query', {
      states: ['missing'],
      marketplaces: ['amazon'],
    });
    expect(missing.total).toBe(0);
  });

  it('changes.listBatches, sync.runs and settings.get', async () => {
    expect(await ok('changes.listBatches', {})).toEqual([]);
    expect(await ok('sync.runs', {})).toEqual([
      {
        id: 1,
        trigger: 'schedule',
        state: 'partial',
        startedAt: '2024-05-05T07:30:00.000Z',
        finishedAt: '2024-05-05T07:31:00.000Z',
        report: { accounts: [], needsAttention: [{ kind: 'auth', message: 'Reconnect eBay' }] },
      },
    ]);
    expect(await ok('settings.get')).toEqual({
      locale: 'en',
      theme: 'system',
      homeCurrency: 'USD',
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      syncSchedule: '30 7 * * *',
    });
  });
});

describe('bad calls', () => {
  it('answer malformed input with invalid_input naming each field', async () => {
    const error = await failure('listings.query', { limit: 0, statuses: ['gone'], extra: true });
    expect(error.code).toBe('invalid_input');
    expect(error.issues?.map((issue) => issue.path).sort()).toEqual([
      '(input)',
      'limit',
      'statuses.0',
    ]);
    const update = await failure('listings.update', {
      id: 1,
      baseVersion: 0,
      changes: { priceMinor: 19.99 },
    });
    expect(update.issues?.map((issue) => issue.path)).toEqual(['changes.priceMinor']);
  });

  it('answer unknown ids with not_found naming the id', async () => {
    expect(await failure('listings.get', { id: 404 })).toEqual({
      code: 'not_found',
      message: 'Listing 404 does not exist',
    });
    expect((await failure('orders.get', { id: 404 })).message).toBe('Order 404 does not exist');
    expect((await failure('catalog.getSku', { id: 404 })).message).toBe('SKU 404 does not exist');
    expect(
      (await failure('listings.update', { id: 404, baseVersion: 0, changes: { quantity: 1 } }))
        .code,
    ).toBe('not_found');
  });

  it('answer unknown methods and calls after close', async () => {
    expect((await failure('listings.delete', {})).code).toBe('unknown_method');
    engine.close();
    expect((await failure('app.info', {})).code).toBe('unavailable');
  });
});

describe('listings.update', () => {
  it('writes the listing, a change batch with before/after per field and one outbox job per group', async () => {
    const detail = await ok<Record<string, unknown>>('listings.update', {
      id: 1,
      baseVersion: 0,
      changes: { title: 'Earbuds Pro', keywords: ['pro'], priceMinor: 2799, quantity: 12 },
      label: 'Spring prices',
    });
    expect(detail).toMatchObject({
      title: 'Earbuds Pro',
      keywords: ['pro'],
      price: { amountMinor: 2799, currency: 'USD' },
      localVersion: 1,
      syncState: 'pending',
    });
    const audit = engine.store.read((r) =>
      r.all(
        qb
          .selectFrom('audit_log')
          .select(['batch_id', 'entity', 'entity_id', 'field', 'before', 'after'])
          .orderBy('id'),
      ),
    );
    // quantity 12 equals the stored value: not a change.
    expect(audit).toEqual([
      {
        batch_id: 1,
        entity: 'listing',
        entity_id: 1,
        field: 'title',
        before: '"Wireless Bluetooth Earbuds"',
        after: '"Earbuds Pro"',
      },
      {
        batch_id: 1,
        entity: 'listing',
        entity_id: 1,
        field: 'keywords',
        before: '["earbuds","bluetooth"]',
        after: '["pro"]',
      },
      {
        batch_id: 1,
        entity: 'listing',
        entity_id: 1,
        field: 'priceMinor',
        before: '2999',
        after: '2799',
      },
    ]);
    const jobs = engine.store.read((r) =>
      r.all(
        qb
          .selectFrom('outbox')
          .select(['kind', 'payload', 'idempotency_key', 'base_version', 'state', 'batch_id'])
          .orderBy('id'),
      ),
    );
    expect(jobs.map((job) => ({ ...job, payload: JSON.parse(job.payload) as unknown }))).toEqual([
      {
        kind: 'listing.content',
        payload: {
          listingId: 1,
          remoteId: 'B0EAR001',
          remoteVariantId: '',
          values: {
            title: 'Earbuds Pro',
            description: 'Long battery life.',
            bulletPoints: ['40h battery'],
            keywords: ['pro'],
          },
          changed: ['title', 'keywords'],
        },
        idempotency_key: 'key-1',
        base_version: 0,
        state: 'pending',
        batch_id: 1,
      },
      {
        kind: 'listing.price',
        payload: {
          listingId: 1,
          remoteId: 'B0EAR001',
          remoteVariantId: '',
          values: { priceMinor: 2799, currency: 'USD' },
          changed: ['priceMinor'],
        },
        idempotency_key: 'key-2',
        base_version: 0,
        state: 'pending',
        batch_id: 1,
      },
    ]);
    expect(await ok('changes.listBatches', {})).toEqual([
      {
        id: 1,
        label: 'Spring prices',
        createdAt: '2024-05-05T12:00:00.000Z',
        changeCount: 3,
        reverted: false,
      },
    ]);
    expect(events).toEqual([
      { type: 'event', name: 'data.changed', payload: { entities: ['listings', 'changes'] } },
    ]);
  });

  it('refuses a stale base version with conflict and writes nothing', async () => {
    await ok('listings.update', { id: 1, baseVersion: 0, changes: { quantity: 3 } });
    const before = await ok('listings.get', { id: 1 });
    const counts = [count('outbox'), count('change_batches'), count('audit_log')];
    const error = await failure('listings.update', {
      id: 1,
      baseVersion: 0,
      changes: { quantity: 9 },
    });
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/version 1, the edit was made from version 0/);
    expect(await ok('listings.get', { id: 1 })).toEqual(before);
    expect([count('outbox'), count('change_batches'), count('audit_log')]).toEqual(counts);
  });

  it('writes nothing at all when a step fails midway', async () => {
    // A trigger makes the outbox insert — after the listing, batch and audit rows — fail.
    const side = new Sqlite(join(dir.dir, STORE_FILE_NAME));
    side.exec(
      `CREATE TRIGGER outbox_refuses BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'outbox is full'); END`,
    );
    side.close();
    const before = await ok('listings.get', { id: 1 });
    const error = await failure('listings.update', {
      id: 1,
      baseVersion: 0,
      changes: { title: 'Never saved' },
    });
    expect(error).toEqual({
      code: 'constraint',
      message: 'The store refused the write: outbox is full',
    });
    expect(await ok('listings.get', { id: 1 })).toEqual(before);
    expect([count('outbox'), count('change_batches'), count('audit_log')]).toEqual([0, 0, 0]);
    expect(await ok<{ total: number }>('listings.query', { search: 'never saved' })).toMatchObject({
      total: 0,
    });
    expect(events).toEqual([]);
  });

  it('supersedes a pending job of the same group instead of pushing twice', async () => {
    await ok('listings.update', { id: 1, baseVersion: 0, changes: { priceMinor: 2500 } });
    await ok('listings.update', { id: 1, baseVersion: 1, changes: { priceMinor: 2400 } });
    const jobs = engine.store.read((r) =>
      r.all(qb.selectFrom('outbox').select(['state', 'base_version', 'payload']).orderBy('id')),
    );
    expect(
      jobs.map((job) => [
        job.state,
        job.base_version,
        (JSON.parse(job.payload) as { values: { priceMinor: number } }).values.priceMinor,
      ]),
    ).toEqual([
      ['cancelled', 0, 2500],
      ['pending', 1, 2400],
    ]);
  });

  it('writes nothing when the values equal the stored ones', async () => {
    const detail = await ok<{ localVersion: number }>('listings.update', {
      id: 1,
      baseVersion: 0,
      changes: { quantity: 12 },
    });
    expect(detail.localVersion).toBe(0);
    expect([count('outbox'), count('change_batches'), count('audit_log')]).toEqual([0, 0, 0]);
    expect(events).toEqual([]);
  });
});

describe('settings.update', () => {
  it('merges a validated patch, persists it and announces it', async () => {
    const merged = await ok('settings.update', { locale: 'zh-CN', syncSchedule: '0 6 * * 1-5' });
    expect(merged).toMatchObject({
      locale: 'zh-CN',
      theme: 'system',
      homeCurrency: 'USD',
      syncSchedule: '0 6 * * 1-5',
    });
    engine.close();
    engine = openEngine({ dataDir: dir.dir });
    expect(await ok('settings.get')).toEqual(merged);
    expect(events).toEqual([
      { type: 'event', name: 'data.changed', payload: { entities: ['settings'] } },
    ]);
  });

  it('refuses a schedule that is not a cron expression, naming the field', async () => {
    const error = await failure('settings.update', { syncSchedule: '99 7 * * *' });
    expect(error.code).toBe('invalid_input');
    expect(error.issues?.[0]?.path).toBe('syncSchedule');
    expect((await ok<{ syncSchedule: string }>('settings.get')).syncSchedule).toBe('30 7 * * *');
  });

  it('reads a corrupt stored value as its default', async () => {
    engine.store.write((w) =>
      w.run(qb.insertInto('settings').values({ key: 'theme', value: '"neon"', updated_at: 'x' })),
    );
    expect((await ok<{ theme: string }>('settings.get')).theme).toBe('system');
  });
});

describe('migrateDataDir', () => {
  it('creates and migrates the store in a new folder, returning the schema version', () => {
    const target = join(dir.dir, 'fresh');
    expect(migrateDataDir(target)).toBe(LATEST_SCHEMA_VERSION);
    expect(existsSync(join(target, STORE_FILE_NAME))).toBe(true);
    expect(migrateDataDir(target)).toBe(LATEST_SCHEMA_VERSION);
  });
});
