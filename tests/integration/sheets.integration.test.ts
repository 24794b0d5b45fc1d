/**
 * Acceptance of the spreadsheet round-trip on the demo seller with 10,000 listings (the 100k
 * figures are the bench's, bench/sheets.bench.ts): an untouched export imported back changes
 * nothing, in XLSX and CSV; a CSV with exactly 37 malformed rows (bad number, unknown currency,
 * text too long, duplicate key, unknown SKU, wrong encoding) yields exactly those 37 errors with
 * row and column and writes nothing, and cannot be applied.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHEET_HEADERS } from '../../src/shared/api/types-sheets.js';
import { fillDemo } from '../../src/engine/demo/index.js';
import { exportSheet, SheetImports } from '../../src/engine/sheets/index.js';
import { openStore, STORE_FILE_NAME, type Store } from '../../src/engine/store/index.js';

const LISTINGS = 10_000;
let folder: string;
let store: Store;
let keys = 0;
const newKey = () => `sheet-key-${++keys}`;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'silkroute-sheets-'));
  fillDemo(folder, {
    seed: 7,
    now: '2025-06-01T12:00:00.000Z',
    scale: { masterSkus: 1_200, listings: LISTINGS, orders: 500 },
  });
  store = openStore(join(folder, STORE_FILE_NAME));
}, 120_000);

afterAll(() => {
  store?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** Everything an import could write. */
function writtenState() {
  const count = (table: string) =>
    (store.raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const versions = store.raw
    .prepare('SELECT sum(local_version) AS v, max(updated_at) AS u FROM listings')
    .get();
  return {
    batches: count('change_batches'),
    outbox: count('outbox'),
    audit: count('audit_log'),
    shipments: count('shipments'),
    versions,
  };
}

async function exported(format: 'xlsx' | 'csv') {
  return exportSheet(
    store,
    {
      kind: 'listings',
      format,
      filter: {},
      returnFile: false,
      locale: format === 'csv' ? 'zh-CN' : 'en',
      fileName: `all.${format}`,
    },
    folder,
  );
}

describe('an untouched sheet', () => {
  it.each(['xlsx', 'csv'] as const)(
    'imports back as %s with nothing changed',
    async (format) => {
      const file = await exported(format);
      expect(file.rows).toBe(LISTINGS);
      const before = writtenState();
      const imports = new SheetImports(store, newKey);
      const preview = await imports.preview({ kind: 'listings', path: file.path });
      expect(preview.errors).toEqual([]);
      expect(preview.changedCount).toBe(0);
      expect(preview.unchangedCount).toBe(LISTINGS);
      const outcome = imports.apply(preview.previewId);
      expect(outcome).toMatchObject({ changed: 0, batchId: null, jobs: 0 });
      expect(writtenState()).toEqual(before);
    },
    60_000,
  );
});

type Grid = string[][];
const GBK_TOKEN = '@@GBK@@';
/** "你好" in GBK: bytes that are not valid UTF-8. */
const GBK_BYTES = Buffer.from([0xc4, 0xe3, 0xba, 0xc3]);

function toBytes(grid: Grid): Buffer {
  const text = Papa.unparse(grid, { newline: '\r\n' });
  const parts = Buffer.from(text, 'utf8')
    .toString('latin1')
    .split(GBK_TOKEN)
    .map((part) => Buffer.from(part, 'latin1'));
  return Buffer.concat(parts.flatMap((part, index) => (index === 0 ? [part] : [GBK_BYTES, part])));
}

describe('a sheet with 37 malformed rows', () => {
  it('yields exactly those 37 errors with row and column, and writes nothing', async () => {
    const file = await exported('csv');
    const text = readFileSync(file.path, 'utf8').replace(/^\uFEFF/, '');
    const grid = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
    const header = grid[0]!;
    const col = (id: keyof typeof SHEET_HEADERS) => header.indexOf(SHEET_HEADERS[id]['zh-CN']);
    const expected: { row: number; column: string }[] = [];
    // Data row n (1-based) is grid[n] and spreadsheet row n + 1; spread the damage over the file.
    let next = 11;
    const take = () => {
      next += 263;
      return next;
    };
    const damage = (
      count: number,
      column: keyof typeof SHEET_HEADERS,
      edit: (row: string[]) => void,
    ) => {
      for (let n = 0; n < count; n++) {
        const index = take();
        edit(grid[index]!);
        expected.push({ row: index + 1, column: SHEET_HEADERS[column]['zh-CN'] });
      }
    };
    damage(4, 'price', (row) => (row[col('price')] = '12,99'));
    damage(3, 'quantity', (row) => (row[col('quantity')] = 'ten'));
    damage(6, 'currency', (row) => (row[col('currency')] = 'XYZ'));
    damage(6, 'title', (row) => (row[col('title')] = 'L'.repeat(501)));
    // A duplicate key: the id of the row just before, which stays untouched.
    for (let n = 0; n < 6; n++) {
      const index = take();
      grid[index]![col('listingId')] = grid[index - 1]![col('listingId')]!;
      expected.push({ row: index + 1, column: SHEET_HEADERS.listingId['zh-CN'] });
    }
    damage(6, 'sku', (row) => {
      row[col('listingId')] = '';
      row[col('sku')] = `NO-SUCH-SKU-${row[col('sku')]}`;
    });
    damage(6, 'title', (row) => (row[col('title')] = `${GBK_TOKEN} ${row[col('title')]}`));
    expect(expected).toHaveLength(37);
    writeFileSync(join(folder, 'broken.csv'), toBytes(grid));

    const before = writtenState();
    const imports = new SheetImports(store, newKey);
    const preview = await imports.preview({ kind: 'listings', path: join(folder, 'broken.csv') });
    expect(preview.errorCount).toBe(37);
    expect(preview.errors.map(({ row, column }) => ({ row, column }))).toEqual(
      [...expected].sort((a, b) => a.row - b.row),
    );
    for (const error of preview.errors) {
      expect(error.message).not.toBe('');
      expect(error.expected).not.toBe('');
    }
    expect(preview.changedCount).toBe(0);
    expect(preview.unchangedCount).toBe(LISTINGS - 37);
    expect(() => imports.apply(preview.previewId)).toThrow(/37 error/);
    expect(writtenState()).toEqual(before);
  }, 60_000);
});
