/**
 * The one window. Its web preferences are the secure ones and are set here only: the renderer runs
 * sandboxed, isolated from the preload, without Node, and with web security on.
 */
import { BrowserWindow } from 'electron';
import { createLogger } from '../shared/log.js';
import { APP_ENTRY_URL } from './app-origin.js';

const log = createLogger('main.window');

export interface MainWindowOptions {
  preloadPath: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Silkroute',
    show: false,
    webPreferences: {
      // The preload is contextBridge glue only (src/preload/bridge.ts, reviewed and tested):
      preload: options.preloadPath, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // A middle-click would otherwise open a link in a new window without passing window.open.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  window
    .loadURL(APP_ENTRY_URL)
    .catch((error: unknown) => log.error('the renderer failed to load', error));
  return window;
}
