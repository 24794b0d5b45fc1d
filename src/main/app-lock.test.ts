import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { app, protocol } from './testing/fake-electron.js';

vi.mock('electron', () => import('./testing/fake-electron.js'));
const { startApp } = await import('./app.js');

const dataDir = mkdtempSync(join(tmpdir(), 'silkroute-lock-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('startApp with the data folder already open', () => {
  it('quits without registering anything when another instance holds the lock', () => {
    app.singleInstance = false;
    startApp({ argv: ['electron', 'main.cjs', '--data-dir', dataDir], mainDir: '/m' });
    expect(app.quit).toHaveBeenCalled();
    expect(protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
  });

  it('exits with code 2 when --data-dir has no value', () => {
    app.singleInstance = true;
    startApp({ argv: ['electron', 'main.cjs', '--data-dir'], mainDir: '/m' });
    expect(app.exit).toHaveBeenCalledWith(2);
  });
});
