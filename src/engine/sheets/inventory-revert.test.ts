import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setChannelRule, setOnHand } from '../stock/index.js';
import { qb } from '../store/compiler.js';
import { readCustoms, setProductCustoms } from '../store/product-customs.js';
import { discardHeld } from '../store/pending.js';
import { listChangeBatches } from '../store/queries/history.js';
import { changesSummary, listPendingChanges } from '../store/queries/pending.js';
import { revertBatch } from '../store/revert.js';
import { undoBatch } from '../store/undo.js';
import { temporaryStore, testClock, type TemporaryStore } from '../store/test-fixtures.js';
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
  imports = new SheetImports(t.store, newKey);
});
afterEach(() => t.dispose());

const preview = (grid: CsvGrid) =>
  imports.preview({ kind: 'inventory', bytes: csvBytes(grid), fileName: 'inventory.csv' });
const productId = (sku: string) =>
  t.store.read((r) => r.first(qb.selectFrom('products').select('id').where('sku', '=', sku))!.id);
const onHand = (sku: string) =>
  t.store.read((r) =>
    r.first(
      qb
        .selectFrom('stock as s')
        .innerJoin('products as p', 'p.id', 's.product_id')
        .select('s.on_hand')
        .where('p.sku', '=', sku)
        .where('s.warehouse', '=', 'SZ'),
    ),
  )?.on_hand;
const rules = () =>
  t.store.read((r) =>
    r.all(
      qb
        .selectFrom('channel_rules')
        .select(['account_id', 'product_id', 'buffer', 'max_quantity', 'allocation_percent'])
        .orderBy('id'),
    ),
  );
const customsOf = (sku: string) =>
  t.store.read((r) => readCustoms(r, [productId(sku)]).get(productId(sku)));
const auditOf = (batchId: number) =>
  t.store.read((r) =>
    r.all(
      qb
        .selectFrom('audit_log')
        .select(['entity', 'entity_id', 'field', 'before', 'after'])
        .where('batch_id', '=', batchId)
        .orderBy('id'),
    ),
  );
/** The quantity of the listing's newest stock push still waiting to be sent. */
const waitingQuantity = (remoteId: string) => {
  const job = t.store.read((r) =>
    r.first(
      qb
        .selectFrom('outbox as o')
        .innerJoin('listings as l', 'l.id', 'o.listing_id')
        .select('o.payload')
        .where('l.remote_id', '=', remoteId)
        .where('o.kind', '=', 'listing.quantity')
        .where('o.state', '=', 'pending')
        .orderBy('o.id', 'desc'),
    ),
  );
  return job ? (JSON.parse(job.payload) as { values: { quantity: number } }).values.quantity : null;
};
/** As if a sync pushed every waiting job: the marketplace shows what was sent. */
function pushEverything(): void {
  t.store.write((w) => {
    for (const job of w.all(
      qb
        .selectFrom('outbox')
        .select(['id', 'listing_id', 'payload'])
        .where('state', '=', 'pending'),
    )) {
      const quantity = (JSON.parse(job.payload) as { values?: { quantity?: number } }).values
        ?.quantity;
      if (quantity !== undefined && job.listing_id !== null)
        w.run(qb.updateTable('listings').set({ quantity }).where('id', '=', job.listing_id));
      w.run(qb.updateTable('outbox').set({ state: 'done' }).where('id', '=', job.id));
    }
  });
}

const ORIGINAL_CUSTOMS = {
  hsCode: '851830',
  declaredValue: { amountMinor: 900, currency: 'USD' },
  countryOfOrigin: 'CN',
  weightGrams: 120,
  dimensions: { lengthMm: 100, widthMm: 60, heightMm: 30 },
};

async function importSheet() {
  t.store.write((w) =>
    setChannelRule(
      w,
      {
        accountId: seller.amazon,
        productId: productId('SKU-0'),
        buffer: 2,
        maxQuantity: null,
        allocationPercent: 100,
      },
      { newKey },
    ),
  );
  pushEverything();
  const grid = await exportCsv(t.store, 'inventory', t.dir);
  setCell(grid, rowWhere(grid, 'sku', 'SKU-1'), 'onHand', '12');
  setCell(grid, rowWhere(grid, 'buffer', '2'), 'buffer', '5');
  const blank = grid.header.map(() => '');
  blank[grid.header.indexOf('Account')] = 'Acme UK';
  blank[grid.header.indexOf('Allocation %')] = '50';
  grid.rows.push(blank);
  const sku2 = rowWhere(grid, 'sku', 'SKU-2');
  setCell(grid, sku2, 'hsCode', '8518.30.00');
  setCell(grid, sku2, 'declaredValue', '12.5');
  setCell(grid, sku2, 'declaredCurrency', 'eur');
  setCell(grid, sku2, 'countryOfOrigin', 'vn');
  setCell(grid, sku2, 'lengthMm', '');
  setCell(grid, sku2, 'widthMm', '');
  setCell(grid, sku2, 'heightMm', '');
  const result = await preview(grid);
  expect(result.errors).toEqual([]);
  return { result, outcome: imports.apply(result.previewId) };
}

describe('inventory import as one change batch', () => {
  it('records counts, rules and customs in one batch, and revertBatch puts them all back', async () => {
    const { result, outcome } = await importSheet();
    expect(result.changed.find((row) => row.label.startsWith('SKU-2'))?.changes).toEqual([
      { field: 'hsCode', before: '851830', after: '85183000' },
      { field: 'declaredValue', before: '9.00', after: '12.50' },
      { field: 'declaredCurrency', before: 'USD', after: 'EUR' },
      { field: 'countryOfOrigin', before: 'CN', after: 'VN' },
      { field: 'lengthMm', before: '100', after: '' },
      { field: 'widthMm', before: '60', after: '' },
      { field: 'heightMm', before: '30', after: '' },
    ]);
    expect(outcome).toMatchObject({ kind: 'inventory', changed: 4 });
    const batchId = outcome.batchId!;
    expect(batchId).toEqual(expect.any(Number));
    expect(onHand('SKU-1')).toBe(12);
    expect(waitingQuantity('A1')).toBe(12);
    expect(customsOf('SKU-2')).toEqual({
      ...ORIGINAL_CUSTOMS,
      hsCode: '85183000',
      declaredValue: { amountMinor: 1250, currency: 'EUR' },
      countryOfOrigin: 'VN',
      dimensions: null,
    });

    const audit = auditOf(batchId);
    expect(audit.map((row) => [row.entity, row.field])).toEqual([
      ['stock', 'onHand:SZ'],
      ['stock_rule', 'rule'],
      ['stock_rule', 'rule'],
      ['product', 'hsCode'],
      ['product', 'declaredValue'],
      ['product', 'countryOfOrigin'],
      ['product', 'dimensions'],
    ]);
    expect(audit[0]).toMatchObject({ entity_id: productId('SKU-1'), before: '50', after: '12' });
    expect(JSON.parse(audit[2]!.before!)).toBeNull();
    // The history lists the batch with every change counted.
    expect(t.store.read((r) => listChangeBatches(r, 10))[0]).toMatchObject({
      id: batchId,
      changeCount: 7,
      reverted: false,
    });

    // The pending-changes view lists the batch by its quantity pushes (where its revert is).
    const summary = t.store.read((r) => changesSummary(r, 10));
    expect(summary.batches[0]).toMatchObject({ id: batchId, source: 'import', changeCount: 7 });
    expect(summary.batches[0]!.jobs.pending).toBeGreaterThan(0);
    const jobs = t.store.read((r) =>
      listPendingChanges(r, { batchIds: [batchId], offset: 0, limit: 50 }),
    );
    expect(jobs.rows.find((row) => row.sku === 'SKU-1')?.changes).toEqual([
      { field: 'quantity', before: 50, after: 12 },
    ]);
    // Discarding held changes leaves it alone: its pushes are pending, never held.
    expect(t.store.write((w) => discardHeld(w, { batchIds: [batchId] }, newKey))).toMatchObject({
      discarded: 0,
    });

    pushEverything();
    const reverted = t.store.write((w) => revertBatch(w, batchId, newKey));
    expect(reverted.skipped).toEqual([]);
    expect(reverted.reverted).toBe(7);
    expect(onHand('SKU-1')).toBe(50);
    expect(waitingQuantity('A1')).toBe(50);
    expect(customsOf('SKU-2')).toEqual(ORIGINAL_CUSTOMS);
    expect(rules()).toEqual([
      {
        account_id: seller.amazon,
        product_id: productId('SKU-0'),
        buffer: 2,
        max_quantity: null,
        allocation_percent: 100,
      },
    ]);
    // SKU-0 shows 48 again on Amazon once its buffer is 2 again (it showed 45 under 5).
    expect(waitingQuantity('A0')).toBe(48);
    const history = t.store.read((r) => listChangeBatches(r, 10));
    expect(history[0]).toMatchObject({ id: reverted.batchId, changeCount: 7 });
    expect(history[1]).toMatchObject({ id: batchId, reverted: true });
    expect(t.store.read((r) => changesSummary(r, 10)).batches[0]).toMatchObject({
      id: reverted.batchId,
      source: 'revert',
    });
    expect(() => t.store.write((w) => revertBatch(w, batchId, newKey))).toThrow(/already/);

    // Reverting the revert redoes the import: counts, the created rule and customs come back.
    const redone = t.store.write((w) => revertBatch(w, reverted.batchId!, newKey));
    expect(redone).toMatchObject({ reverted: 7, skipped: [] });
    expect(onHand('SKU-1')).toBe(12);
    expect(rules().map((rule) => [rule.buffer, rule.allocation_percent])).toEqual([
      [5, 100],
      [0, 50],
    ]);
    expect(customsOf('SKU-2')?.hsCode).toBe('85183000');
  });

  it('leaves what changed again since as it is, and reports it', async () => {
    const { outcome } = await importSheet();
    const batchId = outcome.batchId!;
    t.store.write((w) => {
      setOnHand(w, productId('SKU-1'), 'SZ', 20, { newKey });
      const other = w.first(
        qb
          .insertInto('change_batches')
          .values({ label: 'later', source: 'edit', created_at: w.now() })
          .returning('id'),
      )!.id;
      setProductCustoms(w, productId('SKU-2'), { countryOfOrigin: 'TH' }, other);
    });
    const reverted = t.store.write((w) => revertBatch(w, batchId, newKey));
    expect(reverted.skipped).toEqual([
      {
        listingId: productId('SKU-1'),
        field: 'onHand:SZ',
        reason: 'changed again since',
        entity: 'stock',
      },
      {
        listingId: productId('SKU-2'),
        field: 'countryOfOrigin',
        reason: 'changed again since',
        entity: 'product',
      },
    ]);
    expect(reverted.reverted).toBe(5);
    expect(onHand('SKU-1')).toBe(20);
    expect(customsOf('SKU-2')).toEqual({ ...ORIGINAL_CUSTOMS, countryOfOrigin: 'TH' });
  });

  it('removes a warehouse row the batch created, and refuses a file whose customs moved since the preview', async () => {
    pushEverything();
    const grid = await exportCsv(t.store, 'inventory', t.dir);
    const added = [...rowWhere(grid, 'sku', 'SKU-1')];
    setCell(grid, added, 'warehouse', 'LA');
    setCell(grid, added, 'onHand', '5');
    grid.rows.push(added);
    const result = await preview(grid);
    expect(result.changed.map((row) => row.changes)).toEqual([
      [{ field: 'onHand', before: '', after: '5' }],
    ]);
    const outcome = imports.apply(result.previewId);
    expect(waitingQuantity('A1')).toBe(55);
    pushEverything();
    const reverted = t.store.write((w) => revertBatch(w, outcome.batchId!, newKey));
    expect(reverted).toMatchObject({ reverted: 1, skipped: [] });
    const warehouses = t.store.read((r) =>
      r.all(
        qb.selectFrom('stock').select('warehouse').where('product_id', '=', productId('SKU-1')),
      ),
    );
    expect(warehouses).toEqual([{ warehouse: 'SZ' }]);
    expect(waitingQuantity('A1')).toBe(50);

    const again = await exportCsv(t.store, 'inventory', t.dir);
    setCell(again, rowWhere(again, 'sku', 'SKU-3'), 'hsCode', '940540');
    const stale = await preview(again);
    t.store.write((w) => {
      const other = w.first(
        qb
          .insertInto('change_batches')
          .values({ label: 'meanwhile', source: 'edit', created_at: w.now() })
          .returning('id'),
      )!.id;
      setProductCustoms(w, productId('SKU-3'), { weightGrams: 99 }, other);
    });
    expect(() => imports.apply(stale.previewId)).toThrow(/changed since the preview/);
    expect(customsOf('SKU-3')).toEqual({ ...ORIGINAL_CUSTOMS, weightGrams: 99 });
  });

  it('lists a customs-only import among the batches to revert, though it queues no push', async () => {
    pushEverything();
    const grid = await exportCsv(t.store, 'inventory', t.dir);
    setCell(grid, rowWhere(grid, 'sku', 'SKU-3'), 'hsCode', '940540');
    const result = await preview(grid);
    expect(result.errors).toEqual([]);
    const outcome = imports.apply(result.previewId);
    const listed = t.store.read((r) => changesSummary(r, 10)).batches[0];
    expect(listed).toMatchObject({ id: outcome.batchId, source: 'import' });
    const reverted = t.store.write((w) => revertBatch(w, outcome.batchId!, newKey));
    expect(reverted).toMatchObject({ reverted: 1, skipped: [] });
    expect(customsOf('SKU-3')).toEqual(ORIGINAL_CUSTOMS);
  });

  it('is left alone by undo (whose channel_rule rows are buffer edits)', async () => {
    const { outcome } = await importSheet();
    const undone = t.store.write((w) => undoBatch(w, outcome.batchId!, newKey));
    expect(undone).toEqual({ batchId: null, restored: 0, skipped: [] });
    expect(onHand('SKU-1')).toBe(12);
  });
});

describe('customs cells', () => {
  it('refuses bad cells by row and column, and nothing is written', async () => {
    const grid = await exportCsv(t.store, 'inventory', t.dir);
    const cells: [string, Parameters<typeof setCell>[2], string][] = [
      ['SKU-0', 'hsCode', '85-18'],
      ['SKU-0', 'countryOfOrigin', 'China'],
      ['SKU-1', 'declaredValue', '9.001'],
      ['SKU-1', 'weightGrams', '-3'],
      ['SKU-2', 'lengthMm', ''],
      ['SKU-3', 'declaredCurrency', 'XYZ'],
    ];
    for (const [sku, column, value] of cells)
      setCell(grid, rowWhere(grid, 'sku', sku), column, value);
    setCell(grid, rowWhere(grid, 'sku', 'SKU-3'), 'onHand', '7');
    const result = await preview(grid);
    expect(result.errors.map(({ row, column }) => ({ row, column }))).toEqual([
      // Rows count from the header row, as the spreadsheet numbers them.
      { row: 2, column: 'HS code' },
      { row: 2, column: 'Country of origin' },
      { row: 3, column: 'Weight (g)' },
      { row: 3, column: 'Declared value' },
      { row: 4, column: 'Length (mm)' },
      { row: 5, column: 'Declared currency' },
    ]);
    expect(result.errors[2]).toMatchObject({ message: '"-3" is not a whole number' });
    expect(() => imports.apply(result.previewId)).toThrow(/nothing was written/);
    expect(onHand('SKU-3')).toBe(50);
    expect(customsOf('SKU-0')).toEqual(ORIGINAL_CUSTOMS);
    expect(t.store.read((r) => listChangeBatches(r, 10))).toEqual([]);
  });

  it('refuses two rows of one SKU that change its customs differently', async () => {
    t.store.write((w) => setOnHand(w, productId('SKU-1'), 'LA', 5, { newKey }));
    const grid = await exportCsv(t.store, 'inventory', t.dir);
    const [first, second] = grid.rows.filter((row) => row[grid.header.indexOf('SKU')] === 'SKU-1');
    setCell(grid, first!, 'weightGrams', '200');
    setCell(grid, second!, 'weightGrams', '300');
    const result = await preview(grid);
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/differs from row \d/) as unknown,
      }),
    ]);
    setCell(grid, second!, 'weightGrams', '200');
    const fixed = await preview(grid);
    expect(fixed.errors).toEqual([]);
    expect(imports.apply(fixed.previewId)).toMatchObject({ changed: 1 });
    expect(customsOf('SKU-1')?.weightGrams).toBe(200);
  });
});
