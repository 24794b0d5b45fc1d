import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from './testing/fake-electron.js';

vi.mock('electron', () => import('./testing/fake-electron.js'));
const { createMainWindow } = await import('./window.js');

describe('createMainWindow', () => {
  it('uses secure web preferences and the given preload', () => {
    const window = createMainWindow({
      preloadPath: '/dist/main/preload.cjs',
    }) as unknown as BrowserWindow;
    const preferences = window.options.webPreferences as Record<string, unknown>;
    expect(preferences).toMatchObject({
      preload: '/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('loads the renderer from the app origin and shows itself when ready', () => {
    const window = createMainWindow({ preloadPath: '/p.cjs' }) as unknown as BrowserWindow;
    expect(window.loadURL).toHaveBeenCalledWith('app://silkroute/index.html');
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalled();
  });
});
