import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataDirFromArgv, defaultDataDir, ensureDataDir, resolveDataDir } from './data-dir.js';

describe('defaultDataDir', () => {
  it('follows XDG_CONFIG_HOME on Linux', () => {
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ana')).toBe(
      '/xdg/Silkroute',
    );
  });

  it('falls back to ~/.config on Linux when XDG_CONFIG_HOME is unset or relative', () => {
    expect(defaultDataDir('linux', {}, '/home/ana')).toBe('/home/ana/.config/Silkroute');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: 'rel' }, '/home/ana')).toBe(
      '/home/ana/.config/Silkroute',
    );
  });

  it('uses Application Support on macOS', () => {
    expect(defaultDataDir('darwin', {}, '/Users/ana')).toBe(
      '/Users/ana/Library/Application Support/Silkroute',
    );
  });

  it('uses %APPDATA% on Windows', () => {
    expect(
      defaultDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana'),
    ).toBe('C:\\Users\\ana\\AppData\\Roaming\\Silkroute');
  });
});

describe('resolveDataDir', () => {
  it('prefers the flag, then the environment, then the OS folder', () => {
    const env = { SILKROUTE_DATA_DIR: '/from-env', XDG_CONFIG_HOME: '/xdg' };
    const base = { env, platform: 'linux' as const, home: '/home/ana', cwd: '/work' };
    expect(resolveDataDir({ ...base, flag: 'mine' })).toBe('/work/mine');
    expect(resolveDataDir(base)).toBe('/from-env');
    expect(resolveDataDir({ ...base, env: { XDG_CONFIG_HOME: '/xdg' } })).toBe('/xdg/Silkroute');
  });

  it('ignores a blank environment value', () => {
    expect(
      resolveDataDir({ env: { SILKROUTE_DATA_DIR: '  ' }, platform: 'linux', home: '/h' }),
    ).toBe('/h/.config/Silkroute');
  });
});

describe('dataDirFromArgv', () => {
  it('reads both spellings among foreign switches', () => {
    expect(dataDirFromArgv(['electron', 'main.cjs', '--no-sandbox', '--data-dir', '/d'])).toBe(
      '/d',
    );
    expect(dataDirFromArgv(['--inspect', '--data-dir=/e'])).toBe('/e');
    expect(dataDirFromArgv(['--other'])).toBeUndefined();
  });

  it('refuses the flag without a value', () => {
    expect(() => dataDirFromArgv(['--data-dir'])).toThrow(/needs a folder/);
    expect(() => dataDirFromArgv(['--data-dir', '--port'])).toThrow(/needs a folder/);
    expect(() => dataDirFromArgv(['--data-dir='])).toThrow(/needs a folder/);
  });
});

describe('ensureDataDir', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it('creates nested folders on demand and is idempotent', () => {
    const root = mkdtempSync(join(tmpdir(), 'silkroute-dir-'));
    roots.push(root);
    const target = join(root, 'a', 'b');
    expect(ensureDataDir(target)).toBe(target);
    expect(ensureDataDir(target)).toBe(target);
    expect(existsSync(target)).toBe(true);
  });
});
