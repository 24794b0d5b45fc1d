import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setChannelRule } from '../stock/index.js';
import { qb } from '../store/compiler.js';
import { upsertOrders } from '../store/ingest.js';
import {
  orderInput,
  temporaryStore,
  testClock,
  type TemporaryStore,
} from '../store/test-fixtures.js';
import { seedSeller, type Seller } from '../store/workbench-test-support.js';
import { SheetImports } from './service.js';
import { csvBytes, exportCsv, rowWhere, setCell, type CsvGrid } from './sheets-test-support.js';

let t: TemporaryStore;
let seller: Seller;
let keys = 0;
const newKey = () => `key-${++keys}`;
let imports: SheetImports;

beforeEach(() => {
  t = temporaryStore({ now: testClock().now });
  seller = seedSeller(t.store);
  t.store.write((w) =>
    upsertOrders(w, seller.amazon, [
      orderInput({ remoteId: '111-0000001-0000001' }),
      orderInput({ remoteId: '111-0000002-0000002' }),
      orderInput({ remoteId: '111-0000003-0000003', status: 'delivered', rawStatus: 'Shipped' }),
    ]),
  );
  imports = new SheetImports(t.store, newKey);
});
afterEach(() => t.dispose());

const preview = (kind: 'inventory' | 'orders', grid: CsvGrid) =>
  imports.preview({ kind, bytes: csvBytes(grid), fileName: `${kind}.csv` });
const onHand = (sku: string) =>
  t.store.read((r) =>
    r.first(
      qb
        .selectFrom('stock as s')
        .innerJoin('products as p', 'p.id', 's.product_id')
        .select('s.on_hand')
        .where('p.sku', '=', sku),
    ),
  )?.on_hand;

describe('inventory import', () => {
  it('round-trips untouched, then sets on-hand counts through the stock engine', async () => {
    const grid = await exportCsv(t.store, 'inventory', t.dir);
    const untouched = await preview('inventory', grid);
    expect(untouched).toMatchObject({
      changedCount: 0,
      errorCount: 0,
      unchangedCount: grid.rows.length,
    });

    setCell(grid, rowWhere(grid, 'sku', 'SKU-1'), 'onHand', '12');
    setCell(grid, rowWhere(grid, 'sku', 'SKU-2'), 'onHand', 'lots');
    const refused = await preview('inventory', grid);
    expect(refused.errors).toEqual([
      expect.objectContaining({ column: 'On hand', message: '"lots" is not a count of units' }),
    ]);
    setCell(grid, rowWhere(grid, 'sku', 'SKU-2'), 'onHand', '50');
    const result = await preview('inventory', grid);
    expect(result.changed).toEqual([
      expect.objectContaining({
        label: 'SKU-1 SZ',
        changes: [{ field: 'onHand', before: '50', after: '12' }],
      }),
    ]);
    const outcome = imports.apply(result.previewId);
    expect(outcome).toMatchObject({ kind: 'inventory', changed: 1 });
    expect(outcome.jobs).toBeGreaterThan(0);
    expect(onHand('SKU-1')).toBe(12);
  });
});

describe('channel rules in the inventory sheet', () => {
  it('round-trip untouched, and a changed or new rule is set through the stock engine', async () => {
    const sku0 = t.store.read(
      (r) => r.first(qb.selectFrom('products').select('id').where('sku', '=', 'SKU-0'))!.id,
    );
    t.store.write((w) =>
      setChannelRule(
        w,
        {
          accountId: seller.amazon,
          productId: sku0,
          buffer: 2,
          maxQuantity: null,
          allocationPercent: 100,
        },
        { newKey },
      ),
    );
    const grid = await exportCsv(t.store, 'inventory', t.dir);
    expect(await preview('inventory', grid)).toMatchObject({ changedCount: 0, errorCount: 0 });

    setCell(grid, rowWhere(grid, 'buffer', '2'), 'buffer', '5');
    const header = grid.header;
    const blank = header.map(() => '');
    blank[header.indexOf('Account')] = 'Acme UK';
    blank[header.indexOf('Allocation %')] = '50';
    grid.rows.push(blank);
    const result = await preview('inventory', grid);
    expect(result.errors).toEqual([]);
    expect(result.changed.map((row) => row.changes)).toEqual([
      [{ field: 'buffer', before: '2', after: '5' }],
      [
        { field: 'buffer', before: '', after: '0' },
        { field: 'allocationPercent', before: '', after: '50' },
      ],
    ]);
    expect(imports.apply(result.previewId)).toMatchObject({ kind: 'inventory', changed: 2 });
    const rules = t.store.read((r) =>
      r.all(
        qb
          .selectFrom('channel_rules')
          .select(['account_id', 'product_id', 'buffer', 'max_quantity', 'allocation_percent'])
          .orderBy('id'),
      ),
    );
    expect(rules).toEqual([
      {
        account_id: seller.amazon,
        product_id: sku0,
        buffer: 5,
        max_quantity: null,
        allocation_percent: 100,
      },
      {
        account_id: seller.ebay,
        product_id: null,
        buffer: 0,
        max_quantity: null,
        allocation_percent: 50,
      },
    ]);
  });
});

describe('orders import', () => {
  it('ships the orders of an `order number, carrier, tracking` sheet, refusing bad rows', async () => {
    const grid: CsvGrid = {
      header: ['Order number', 'Carrier', 'Tracking number'],
      rows: [
        ['111-0000001-0000001', 'UPS', '1Z999AA10123456784'],
        ['111-0000003-0000003', 'UPS', '1Z999AA10123456785'],
        ['999-NOPE', 'DHL', 'JD014600006281230701'],
        ['111-0000002-0000002', '', ''],
      ],
    };
    const refused = await preview('orders', grid);
    expect(refused.errors.map(({ row, column }) => ({ row, column }))).toEqual([
      { row: 3, column: 'Order number' },
      { row: 4, column: 'Order number' },
    ]);
    expect(refused).toMatchObject({ changedCount: 1, unchangedCount: 1 });

    grid.rows.splice(1, 2);
    const result = await preview('orders', grid);
    expect(result.errors).toEqual([]);
    expect(imports.apply(result.previewId)).toMatchObject({ kind: 'orders', changed: 1, jobs: 1 });
    const shipments = t.store.read((r) =>
      r.all(qb.selectFrom('shipments').select(['carrier', 'tracking_number', 'state'])),
    );
    expect(shipments).toEqual([
      { carrier: 'UPS', tracking_number: '1Z999AA10123456784', state: 'pending' },
    ]);

    // The exported sheet shows the recorded shipment; imported back, it changes nothing.
    const exported = await exportCsv(t.store, 'orders', t.dir);
    expect(rowWhere(exported, 'orderNumber', '111-0000001-0000001')).toContain(
      '1Z999AA10123456784',
    );
    expect(await preview('orders', exported)).toMatchObject({ changedCount: 0, errorCount: 0 });
  });
});
