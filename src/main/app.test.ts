import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { app, BrowserWindow, forked, ipcMain, protocol, session } from './testing/fake-electron.js';

vi.mock('electron', () => import('./testing/fake-electron.js'));
const { startApp } = await import('./app.js');

const root = mkdtempSync(join(tmpdir(), 'silkroute-app-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('startApp', () => {
  it('starts the engine, hardens the session and opens one secure window when ready', async () => {
    const dataDir = join(root, 'data');
    startApp({ argv: ['electron', 'main.cjs', '--data-dir', dataDir], mainDir: '/app/dist/main' });
    expect(app.setName).toHaveBeenCalledWith('Silkroute');
    expect(app.setPath).toHaveBeenCalledWith('userData', dataDir);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalled();
    expect(BrowserWindow.instances).toHaveLength(0);

    await app.becomeReady();
    await vi.waitFor(() => expect(BrowserWindow.instances).toHaveLength(1));
    expect(session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(forked[0]?.modulePath).toBe('/app/dist/engine/process.cjs');
    expect(forked[0]?.args).toEqual(['--data-dir', dataDir]);
    // The data key, unwrapped with the OS keychain, goes to the engine process only.
    const env = forked[0]?.options.env as Record<string, string | undefined>;
    expect(env.SILKROUTE_ENGINE_DATA_KEY).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(process.env.SILKROUTE_ENGINE_DATA_KEY).toBeUndefined();
    const window = BrowserWindow.instances[0];
    expect(window?.options.webPreferences).toMatchObject({
      preload: '/app/dist/main/preload.cjs',
      sandbox: true,
    });

    // The window asks for its port; the engine is told once it is ready.
    const contents = window?.webContents;
    ipcMain.emit('silkroute:connect', { sender: contents, senderFrame: contents?.mainFrame });
    expect(contents?.postMessage).toHaveBeenCalledWith('silkroute:port', null, [expect.anything()]);
    forked[0]?.emit('message', { type: 'ready', dataDir });
    expect(forked[0]?.postMessage).toHaveBeenCalledWith(
      { type: 'connect', windowId: contents?.id },
      [expect.anything()],
    );

    // A dead engine is reported to the window.
    forked[0]?.emit('exit', 139);
    expect(contents?.send).toHaveBeenCalledWith('silkroute:engine', { state: 'stopped' });
  });

  it('shuts the engine down before quitting', async () => {
    await vi.waitFor(() => expect(forked.length).toBeGreaterThanOrEqual(2));
    const engine = forked.at(-1);
    const event = { preventDefault: vi.fn() };
    app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(engine?.postMessage).toHaveBeenCalledWith({ type: 'shutdown' }, []);
    engine?.emit('exit', 0);
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
  });
});
