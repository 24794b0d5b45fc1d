import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { qb } from '../store/compiler.js';
import { applyListingEdit } from '../store/edits.js';
import { revertBatch } from '../store/revert.js';
import { temporaryStore, testClock, type TemporaryStore } from '../store/test-fixtures.js';
import { listingsByRemoteId, outboxJobs, seedSeller } from '../store/workbench-test-support.js';
import { SheetImports } from './service.js';
import { csvBytes, exportCsv, rowWhere, setCell, type CsvGrid } from './sheets-test-support.js';

let t: TemporaryStore;
let keys = 0;
const newKey = () => `key-${++keys}`;
let imports: SheetImports;

beforeEach(() => {
  t = temporaryStore({ now: testClock().now });
  seedSeller(t.store);
  imports = new SheetImports(t.store, newKey);
});
afterEach(() => t.dispose());

const listings = () => t.store.read(listingsByRemoteId);
const preview = (grid: CsvGrid) =>
  imports.preview({ kind: 'listings', bytes: csvBytes(grid), fileName: 'listings.csv' });

describe('listings import', () => {
  it('previews before → after per field and writes nothing until applied', async () => {
    const grid = await exportCsv(t.store, 'listings', t.dir);
    const lamp = rowWhere(grid, 'sku', 'SKU-0');
    setCell(grid, lamp, 'price', '12.50');
    setCell(grid, lamp, 'title', 'Garden lamp, brighter');
    const jobsBefore = t.store.read(outboxJobs);
    const result = await preview(grid);
    expect(result.errors).toEqual([]);
    expect(result.changedCount).toBe(1);
    expect(result.unchangedCount).toBe(grid.rows.length - 1);
    expect(result.changed[0]!.changes).toEqual([
      { field: 'title', before: 'Garden lamp 0', after: 'Garden lamp, brighter' },
      { field: 'price', before: '10.00', after: '12.50' },
    ]);
    expect(t.store.read(outboxJobs)).toEqual(jobsBefore);
    expect(listings().get('A0')!.price_minor).toBe(1000);
  });

  it('applies the whole file as one held change batch, reverted as a whole', async () => {
    const grid = await exportCsv(t.store, 'listings', t.dir);
    setCell(grid, rowWhere(grid, 'sku', 'SKU-0'), 'quantity', '7');
    setCell(grid, rowWhere(grid, 'sku', 'LOOSE-1'), 'status', 'inactive');
    setCell(grid, rowWhere(grid, 'title', 'ガーデンランプ'), 'price', '1800');
    const outcome = imports.apply((await preview(grid)).previewId);
    expect(outcome).toMatchObject({ kind: 'listings', changed: 3, jobs: 3 });
    expect(outcome.batchId).not.toBeNull();
    const after = listings();
    expect(after.get('A0')!.quantity).toBe(7);
    expect(after.get('E1')!.status).toBe('inactive');
    expect(after.get('S0')!.price_minor).toBe(1800);
    const jobs = t.store.read(outboxJobs).filter((job) => job.batch_id === outcome.batchId);
    expect(jobs.map((job) => job.state)).toEqual(['held', 'held', 'held']);

    const reverted = t.store.write((w) => revertBatch(w, outcome.batchId!, newKey));
    expect(reverted.reverted).toBe(3);
    expect(listings().get('A0')!.quantity).toBe(50);
    expect(listings().get('E1')!.status).toBe('active');
    expect(listings().get('S0')!.price_minor).toBe(1500);
  });

  it('refuses to apply when a previewed field changed underneath, naming the row', async () => {
    const grid = await exportCsv(t.store, 'listings', t.dir);
    const row = rowWhere(grid, 'sku', 'SKU-0');
    setCell(grid, row, 'price', '11.00');
    setCell(grid, rowWhere(grid, 'sku', 'LOOSE-1'), 'quantity', '3');
    const result = await preview(grid);
    const lamp = listings().get('A0')!;
    t.store.write((w) =>
      applyListingEdit(
        w,
        { id: lamp.id, baseVersion: lamp.local_version, changes: { priceMinor: 999 } },
        newKey,
      ),
    );
    const sheetRow = grid.rows.indexOf(row) + 2;
    const batches = () => t.store.read((r) => r.all(qb.selectFrom('change_batches').select('id')));
    const before = batches();
    expect(() => imports.apply(result.previewId)).toThrow(
      new RegExp(`row\\(s\\) of the file: ${sheetRow}\\.`),
    );
    expect(batches()).toEqual(before);
    expect(listings().get('E1')!.quantity).toBe(12);
  });

  it('matches rows typed without a listing id by account and SKU, in either language', async () => {
    const grid: CsvGrid = {
      header: ['店铺', 'SKU编码', '价格', '币种'],
      rows: [['Acme UK', 'LOOSE-1', '9.99', 'GBP']],
    };
    const result = await preview(grid);
    expect(result.errors).toEqual([]);
    expect(result.changed).toEqual([
      {
        row: 2,
        label: 'ebay LOOSE-1',
        changes: [{ field: 'price', before: '8.00', after: '9.99' }],
      },
    ]);
  });

  it('reads a semicolon-separated CSV with decimal commas (a German or French Excel)', async () => {
    const grid = await exportCsv(t.store, 'listings', t.dir);
    const text = Papa.unparse([grid.header, ...grid.rows], { delimiter: ';' })
      .replace(/;10\.00;/, ';12,50;')
      .replace(/;8\.00;/, ';8,00;');
    const result = await imports.preview({
      kind: 'listings',
      bytes: Buffer.from(text, 'utf8'),
      fileName: 'listings.csv',
    });
    expect(result.errors).toEqual([]);
    expect(result.changed.map((row) => row.changes)).toEqual([
      [{ field: 'price', before: '10.00', after: '12.50' }],
    ]);
  });

  it('says what is wrong and what was expected for each refused cell', async () => {
    const grid = await exportCsv(t.store, 'listings', t.dir);
    setCell(grid, rowWhere(grid, 'sku', 'SKU-0'), 'price', '10.999');
    setCell(grid, rowWhere(grid, 'sku', 'LOOSE-1'), 'status', 'deleted');
    setCell(grid, rowWhere(grid, 'title', 'ガーデンランプ'), 'quantity', '-1');
    const result = await preview(grid);
    expect(
      result.errors.map(({ column, message, expected }) => ({ column, message, expected })),
    ).toEqual([
      {
        column: 'Price',
        message: '"10.999" has more decimals than USD allows (2)',
        expected:
          'a price above zero in USD, such as 19.99 (no currency sign or thousands separator)',
      },
      {
        column: 'Status',
        message: '"deleted" cannot be set from a sheet',
        expected: 'active or inactive',
      },
      {
        column: 'Quantity',
        message: '"-1" is not a whole number',
        expected: 'a whole number from 0 to 1,000,000',
      },
    ]);
    expect(() => imports.apply(result.previewId)).toThrow(/3 error/);
  });

  it('guards CSV cells against formulas and still round-trips them unchanged', async () => {
    const lamp = listings().get('A0')!;
    t.store.write((w) =>
      applyListingEdit(
        w,
        { id: lamp.id, baseVersion: lamp.local_version, changes: { title: '=HYPERLINK("x")' } },
        newKey,
      ),
    );
    const grid = await exportCsv(t.store, 'listings', t.dir);
    expect(rowWhere(grid, 'sku', 'SKU-0')).toContain(`'=HYPERLINK("x")`);
    expect(await preview(grid)).toMatchObject({ changedCount: 0, errorCount: 0 });
  });

  it('refuses a file without a key column, and forgets a discarded preview', async () => {
    await expect(preview({ header: ['Title'], rows: [['x']] })).rejects.toThrow(/no key column/);
    const result = await preview(await exportCsv(t.store, 'listings', t.dir));
    expect(imports.discard(result.previewId)).toBe(true);
    expect(() => imports.apply(result.previewId)).toThrow(/no longer kept/);
  });
});
