/**
 * `silkroute export` and `silkroute import` run in-process on a small demo data folder: exit
 * codes, what they print, and that only `import --yes` on a file without errors writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillDemo } from '../../engine/demo/index.js';
import { openStore, STORE_FILE_NAME } from '../../engine/store/index.js';
import { temporaryDir } from '../../engine/store/test-fixtures.js';
import { run } from '../run.js';

let folder: { dir: string; dispose: () => void };
beforeAll(() => {
  folder = temporaryDir();
  fillDemo(folder.dir, { seed: 3, now: '2025-06-01T12:00:00.000Z', scale: 0.05 });
});
afterAll(() => folder.dispose());

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(['--data-dir', folder.dir, ...argv], {
    io: { out: (line) => out.push(line), err: (line) => err.push(line) },
    env: {},
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function batches(): number {
  const store = openStore(join(folder.dir, STORE_FILE_NAME));
  try {
    return (store.raw.prepare('SELECT count(*) AS n FROM change_batches').get() as { n: number }).n;
  } finally {
    store.close();
  }
}

describe('silkroute export and import', () => {
  it('exports a filtered sheet and imports it back with nothing to change', async () => {
    const file = join(folder.dir, 'amazon.xlsx');
    const exported = await cli(
      'export',
      'listings',
      '--out',
      file,
      '--filter',
      '{"marketplaces":["amazon"]}',
    );
    expect(exported.code).toBe(0);
    expect(exported.out).toMatch(/^Wrote \d+ rows to .*amazon\.xlsx$/);
    const imported = await cli('import', 'listings', file, '--dry-run');
    expect(imported).toMatchObject({ code: 0, err: '' });
    expect(imported.out).toMatch(/0 changed, \d+ unchanged, 0 with errors/);
  });

  it('previews an edited CSV, writes only with --yes, and refuses a file with errors', async () => {
    const file = join(folder.dir, 'edit.csv');
    expect(
      (await cli('export', 'listings', '--out', file, '--columns', 'sku,title,quantity')).code,
    ).toBe(0);
    const [header, first, second, ...rest] = Papa.parse<string[]>(
      readFileSync(file, 'utf8').replace(/^\uFEFF/, ''),
      { skipEmptyLines: true },
    ).data;
    expect(header).toEqual(['Listing ID', 'Account ID', 'SKU', 'Title', 'Quantity']);
    first![4] = String(Number(first![4]) + 5);
    writeFileSync(file, `\uFEFF${Papa.unparse([header!, first!, second!, ...rest])}`);

    const before = batches();
    const dry = await cli('import', 'listings', file, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/1 changed/);
    expect(dry.out).toMatch(/row 2 .*quantity: "\d+" -> "\d+"/);
    expect(batches()).toBe(before);

    const applied = await cli('import', 'listings', file, '--yes');
    expect(applied.code).toBe(0);
    expect(applied.out).toMatch(/Applied as change batch \d+: 1 listing\(s\) changed/);
    expect(batches()).toBe(before + 1);

    second![4] = 'many';
    writeFileSync(file, `\uFEFF${Papa.unparse([header!, first!, second!, ...rest])}`);
    const refused = await cli('import', 'listings', file, '--yes');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/row 3, column "Quantity": "many" is not a whole number/);
    expect(refused.err).toMatch(/Nothing was written/);
    expect(batches()).toBe(before + 1);
  });

  it('answers usage errors with exit code 2 and a missing file with 1', async () => {
    expect((await cli('export', 'stock', '--out', 'x.csv')).code).toBe(2);
    expect((await cli('export', 'listings', '--out', 'x.ods')).err).toMatch(
      /--format must be xlsx or csv/,
    );
    expect((await cli('import', 'listings')).code).toBe(2);
    expect((await cli('import', 'listings', 'x.csv', '--yes', '--dry-run')).code).toBe(2);
    const missing = await cli('import', 'orders', join(folder.dir, 'none.csv'));
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.err).toMatch(/There is no file at/);
  });
});
