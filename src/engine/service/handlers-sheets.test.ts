import { existsSync } from 'node:fs';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataEntity, InputOf, MethodName, OutputOf } from '../../shared/api/index.js';
import { temporaryStore, testClock, type TemporaryStore } from '../store/test-fixtures.js';
import { seedSeller } from '../store/workbench-test-support.js';
import { createDispatcher } from './dispatch.js';
import { createHandlers } from './handlers.js';

let t: TemporaryStore;
let changed: DataEntity[][];
let call: <M extends MethodName>(method: M, input: InputOf<M>) => Promise<OutputOf<M>>;

beforeEach(() => {
  t = temporaryStore({ now: testClock().now });
  seedSeller(t.store);
  changed = [];
  let keys = 0;
  const dispatcher = createDispatcher(
    createHandlers({
      store: t.store,
      dataDir: t.dir,
      version: 'test',
      emitChanged: (entities) => changed.push(entities),
      newKey: () => `key-${++keys}`,
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
