import { existsSync } from 'node:fs';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  DataEntity,
  InputOf,
  MethodName,
  OutputOf,
  ParsedInputOf,
  SyncStartResult,
} from '../../shared/api/index.js';
import type { SyncRunId } from '../../shared/ids.js';
import { upsertOrders } from '../store/ingest.js';
import {
  orderInput,
  temporaryStore,
  testClock,
  type TemporaryStore,
} from '../store/test-fixtures.js';
import { seedSeller, type Seller } from '../store/workbench-test-support.js';
import { createDispatcher } from './dispatch.js';
import { createHandlers } from './handlers.js';

let t: TemporaryStore;
let changed: DataEntity[][];
let seller: Seller;
let syncs: ParsedInputOf<'sync.run'>[];
let call: <M extends MethodName>(method: M, input: InputOf<M>) => Promise<OutputOf<M>>;

beforeEach(() => {
  t = temporaryStore({ now: testClock().now });
  seller = seedSeller(t.store);
  changed = [];
  syncs = [];
  let keys = 0;
  const dispatcher = createDispatcher(
    createHandlers({
      store: t.store,
      dataDir: t.dir,
      version: 'test',
      emitChanged: (entities) => changed.push(entities),
      newKey: () => `key-${++keys}`,
      startSync: (input): Promise<SyncStartResult> => {
        syncs.push(input);
        return Promise.resolve({ started: true, runId: 1 as SyncRunId });
      },
    }),
    () => undefined,
  );
  let id = 0;
  call = async (method, input) => {
    const frame = await dispatcher.handle({ type: 'call', id: ++id, method, input });
    if (!frame.ok) throw new Error(`${frame.error.code}: ${frame.error.message}`);
    return frame.value as never;
  };
});
afterEach(() => t.dispose());

describe('sheets through the engine’s door', () => {
  it('exports the filtered rows into the data folder and answers the bytes when asked', async () => {
    const result = await call('sheets.export', {
      kind: 'listings',
      format: 'csv',
      filter: { marketplaces: ['ebay'] },
      columns: ['sku', 'price'],
      returnFile: true,
    });
    expect(result.rows).toBe(2);
    expect(result.path.startsWith(t.dir)).toBe(true);
    expect(existsSync(result.path)).toBe(true);
    const text = Buffer.from(result.base64!, 'base64').toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header] = Papa.parse<string[]>(text.slice(1)).data;
    expect(header).toEqual(['Listing ID', 'Account ID', 'SKU', 'Price']);
  });

  it('previews bytes from the browser, applies once, and announces the change', async () => {
    const exported = await call('sheets.export', {
      kind: 'listings',
      format: 'csv',
      returnFile: true,
    });
    const text = Buffer.from(exported.base64!, 'base64')
      .toString('utf8')
      .replace('Garden lamp 0', 'Garden lamp 0 XL');
    const preview = await call('sheets.previewImport', {
      kind: 'listings',
      base64: Buffer.from(text).toString('base64'),
      fileName: 'listings.csv',
    });
    expect(preview).toMatchObject({ changedCount: 1, errorCount: 0 });
    expect(changed).toEqual([]);
    const outcome = await call('sheets.applyImport', { previewId: preview.previewId });
    expect(outcome).toMatchObject({ kind: 'listings', changed: 1, jobs: 1 });
    expect(changed).toEqual([['listings', 'changes']]);
    await expect(call('sheets.applyImport', { previewId: preview.previewId })).rejects.toThrow(
      /^not_found: .*no longer kept/,
    );
  });

  it('answers unreadable files and bad input with invalid_input', async () => {
    await expect(
      call('sheets.previewImport', {
        kind: 'listings',
        base64: Buffer.from('not a zip').toString('base64'),
        fileName: 'listings.xlsx',
      }),
    ).rejects.toThrow(/^invalid_input: The file could not be read as an Excel workbook/);
    await expect(
      call('sheets.previewImport', { kind: 'listings', base64: 'AAAA', fileName: 'listings.ods' }),
    ).rejects.toThrow(/^invalid_input: .*neither an \.xlsx nor a \.csv/);
    await expect(call('sheets.previewImport', { kind: 'listings' })).rejects.toThrow(
      /^invalid_input: .*path/,
    );
    await expect(
      call('sheets.export', { kind: 'orders', format: 'xlsx', fileName: 'orders.csv' }),
    ).rejects.toThrow(/^invalid_input: .*does not end in \.xlsx/);
  });
});

describe('a file sent in chunks', () => {
  it('is previewed whole once every chunk arrived in order, and refused out of order', async () => {
    const exported = await call('sheets.export', {
      kind: 'listings',
      format: 'xlsx',
      returnFile: true,
    });
    const bytes = Buffer.from(exported.base64!, 'base64');
    const size = Math.ceil(bytes.length / 3);
    const uploadId = '6f1c2b9e-5d4a-4c3b-9a8e-7f6d5c4b3a21';
    for (let index = 0; index < 3; index++) {
      const answer = await call('sheets.uploadChunk', {
        uploadId,
        index,
        total: 3,
        base64: bytes.subarray(index * size, (index + 1) * size).toString('base64'),
      });
      expect(answer.complete).toBe(index === 2);
    }
    const preview = await call('sheets.previewImport', {
      kind: 'listings',
      uploadId,
      fileName: 'l.xlsx',
    });
    expect(preview).toMatchObject({ changedCount: 0, errorCount: 0, rows: 7 });

    const other = '0b7e9c1d-2a3f-4e5d-8c6b-1a2b3c4d5e6f';
    await call('sheets.uploadChunk', { uploadId: other, index: 0, total: 2, base64: 'AAAA' });
    await expect(
      call('sheets.previewImport', { kind: 'listings', uploadId: other, fileName: 'l.xlsx' }),
    ).rejects.toThrow(/^invalid_input: The file was not received whole/);
    const fresh = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
    await expect(
      call('sheets.uploadChunk', { uploadId: fresh, index: 1, total: 2, base64: 'AAAA' }),
    ).rejects.toThrow(/^invalid_input: The file arrived out of order/);
  });
});

describe('an orders sheet', () => {
  it('records the shipments and starts a push run for their shops', async () => {
    t.store.write((w) =>
      upsertOrders(w, seller.ebay, [orderInput({ remoteId: '12-34567-89012' })]),
    );
    const csv =
      'Order number,Carrier,Tracking number\r\n12-34567-89012,Royal Mail,AB123456789GB\r\n';
    const preview = await call('sheets.previewImport', {
      kind: 'orders',
      base64: Buffer.from(csv).toString('base64'),
      fileName: 'ship.csv',
    });
    expect(preview).toMatchObject({ changedCount: 1, errorCount: 0 });
    const outcome = await call('sheets.applyImport', { previewId: preview.previewId });
    expect(outcome).toMatchObject({ kind: 'orders', changed: 1, accountIds: [seller.ebay] });
    expect(syncs).toEqual([{ accountIds: [seller.ebay], steps: ['push'] }]);
    expect(changed).toEqual([['orders']]);
  });
});
