import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { temporaryDir } from '../store/test-fixtures.js';
import { settleAndCheck } from './integrity-worker.js';

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

function walDatabase(): string {
  const made = temporaryDir();
  dispose = made.dispose;
  const path = join(made.dir, 'copy.db');
  const database = new Sqlite(path);
  database.pragma('journal_mode = WAL');
  database.exec(
    'CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); CREATE INDEX t_name ON t (name);' +
      'CREATE TABLE s (id INTEGER PRIMARY KEY, code TEXT); CREATE INDEX t_small ON s (code);',
  );
  const insert = database.prepare('INSERT INTO t (name) VALUES (?)');
  for (let index = 0; index < 2000; index++) insert.run(`name ${index}`);
  const small = database.prepare('INSERT INTO s (code) VALUES (?)');
  for (let index = 0; index < 5; index++) small.run(`code ${index}`);
  database.close();
  return path;
}

describe('the backup copy checked on a worker thread', () => {
  it('switches a sound copy to one file and finds it ok', async () => {
    const path = walDatabase();
    // Byte 18 of the header is the write format: 2 in WAL mode, 1 with a rollback journal.
    expect(readFileSync(path)[18]).toBe(2);
    await expect(settleAndCheck(path)).resolves.toBe('ok');
    expect(readFileSync(path)[18]).toBe(1);
  });

  it('reports the first problem of a damaged copy', async () => {
    const path = walDatabase();
    await settleAndCheck(path);
    // One letter of an index entry changed on disk: the index no longer matches its row.
    const database = new Sqlite(path, { readonly: true });
    const { rootpage } = database
      .prepare("SELECT rootpage FROM sqlite_schema WHERE name = 't_small'")
      .get() as { rootpage: number };
    const pageSize = database.pragma('page_size', { simple: true }) as number;
    database.close();
    const bytes = readFileSync(path);
    // A leaf's cells are written from the end of its page backwards: its last byte is text.
    const last = rootpage * pageSize - 1;
    bytes[last] = bytes[last] === 0x41 ? 0x42 : 0x41;
    writeFileSync(path, bytes);
    const found = await settleAndCheck(path);
    expect(found).not.toBe('ok');
    expect(found).toMatch(/t_small|index|wrong/i);
  });

  it('refuses a file that is not a database, saying so', async () => {
    const made = temporaryDir();
    dispose = made.dispose;
    const path = join(made.dir, 'not.db');
    writeFileSync(path, 'this is not a database '.repeat(400));
    await expect(settleAndCheck(path)).rejects.toThrow(/could not be checked/);
  });
});
