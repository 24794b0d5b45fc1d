import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listBackups } from '../../engine/backup/index.js';
import { openStore, STORE_FILE_NAME } from '../../engine/store/connection.js';
import { upsertAccount } from '../../engine/store/ingest.js';
import { accountInput, temporaryDir } from '../../engine/store/test-fixtures.js';
import { UsageError } from '../args.js';
import type { CliIo } from '../io.js';
import { run } from '../run.js';
import { runBackup, runRestore } from './backup.js';
import { parseBackupCommand } from './backup-args.js';

function capture(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (line) => lines.push(line), err: (line) => errors.push(line) };
}

function accounts(dataDir: string): string[] {
  const store = openStore(join(dataDir, STORE_FILE_NAME));
  try {
    return (
      store.raw.prepare('SELECT display_name FROM accounts ORDER BY id').all() as {
        display_name: string;
      }[]
    ).map((row) => row.display_name);
  } finally {
    store.close();
  }
}

function addAccount(dataDir: string, name: string, shopId: string): void {
  const store = openStore(join(dataDir, STORE_FILE_NAME));
  store.write((w) => upsertAccount(w, accountInput({ displayName: name, shopId })));
  store.close();
}

describe('parseBackupCommand', () => {
  it('reads the file, --yes, --list and the data folder, and names what is wrong', () => {
    expect(parseBackupCommand('restore', ['b.db', '--yes'], '/d')).toEqual({
      kind: 'restore',
      dataDir: '/d',
      file: 'b.db',
      yes: true,
    });
    expect(parseBackupCommand('backup', ['--list', '--data-dir', '/x'], '/d')).toEqual({
      kind: 'backup',
      dataDir: '/x',
      list: true,
    });
    expect(parseBackupCommand('restore', ['--help'], undefined)).toBe('help');
    expect(() => parseBackupCommand('restore', [], undefined)).toThrow(/which backup/);
    expect(() => parseBackupCommand('restore', ['a', 'b'], undefined)).toThrow(UsageError);
    expect(() => parseBackupCommand('backup', ['extra'], undefined)).toThrow(UsageError);
    expect(() => parseBackupCommand('backup', ['--yes'], undefined)).toThrow(/unknown option/i);
  });
});

describe('silkroute backup / restore', () => {
  let folder: { dir: string; dispose: () => void };
  beforeEach(() => {
    folder = temporaryDir();
  });
  afterEach(() => folder.dispose());

  it('backs up, checks without --yes, and restores with it', async () => {
    addAccount(folder.dir, 'First', 'S1');
    const io = capture();
    expect(
      await runBackup({ kind: 'backup', dataDir: folder.dir, list: false }, folder.dir, io),
    ).toBe(0);
    const [backup] = listBackups(folder.dir);
    expect(io.lines[0]).toContain(backup!.file);
    addAccount(folder.dir, 'Second', 'S2');

    const check = capture();
    const restore = {
      kind: 'restore' as const,
      dataDir: folder.dir,
      file: backup!.file,
      yes: false,
    };
    expect(await runRestore(restore, folder.dir, check)).toBe(0);
    expect(check.lines[0]).toContain('Nothing was changed');
    expect(accounts(folder.dir)).toEqual(['First', 'Second']);

    const applied = capture();
    expect(await runRestore({ ...restore, yes: true }, folder.dir, applied)).toBe(0);
    expect(accounts(folder.dir)).toEqual(['First']);
    expect(
      listBackups(folder.dir)
        .map((entry) => entry.reason)
        .sort(),
    ).toEqual(['before-restore', 'manual']);
    const listed = capture();
    await runBackup({ kind: 'backup', dataDir: folder.dir, list: true }, folder.dir, listed);
    expect(listed.lines).toHaveLength(2);
  });

  it('refuses a damaged file with exit 1, saying why, and changes nothing', async () => {
    addAccount(folder.dir, 'Kept', 'S1');
    const bad = join(folder.dir, 'bad.db');
    writeFileSync(
      bad,
      Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(8192, 7)]),
    );
    const io = capture();
    expect(
      await runRestore(
        { kind: 'restore', dataDir: folder.dir, file: bad, yes: true },
        folder.dir,
        io,
      ),
    ).toBe(1);
    expect(io.errors[0]).toMatch(/^silkroute restore: refused \(corrupt\): /);
    expect(accounts(folder.dir)).toEqual(['Kept']);
    expect(listBackups(folder.dir)).toEqual([]);
  });
});

describe('through the command line', () => {
  it('runs backup and restore from argv, and explains usage errors', async () => {
    const folder = temporaryDir();
    try {
      addAccount(folder.dir, 'Only', 'S1');
      const io = capture();
      expect(await run(['--data-dir', folder.dir, 'backup'], { io })).toBe(0);
      const [backup] = listBackups(folder.dir);
      expect(await run(['restore', backup!.file, '--yes', '--data-dir', folder.dir], { io })).toBe(
        0,
      );
      expect(io.lines.at(-1)).toMatch(/^Restored /);
      const usage = capture();
      expect(await run(['restore', '--data-dir', folder.dir], { io: usage })).toBe(2);
      expect(usage.errors[0]).toBe('silkroute restore: which backup? give its file');
      const help = capture();
      expect(await run(['restore', '--help'], { io: help })).toBe(0);
      expect(help.lines[0]).toContain('Usage: silkroute restore <file>');
    } finally {
      folder.dispose();
    }
  });
});
