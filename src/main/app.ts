/**
 * The desktop app's lifecycle, kept thin: choose the data folder, take the single-instance lock
 * for it, harden the session, serve the renderer, start the engine process, open the window and
 * relay the engine's state to it. Everything with logic lives in its own module.
 */
import { join } from 'node:path';
import { app, safeStorage, session, type BrowserWindow } from 'electron';
import { APP_NAME, dataDirFromArgv, ensureDataDir, resolveDataDir } from '../engine/data-dir.js';
import { CHANNELS, type EngineState } from '../preload/channels.js';
import { createLogger } from '../shared/log.js';
import { startAppServices, type AppServices } from './app-services.js';
import { registerConnectHandler } from './connect.js';
import { createEngineHost } from './engine-host.js';
import { handleAppProtocol, registerAppScheme } from './protocol.js';
import { guardWebContents, hardenSession } from './security.js';
import { createMainWindow } from './window.js';

const log = createLogger('main');

export interface AppOptions {
  argv: readonly string[];
  /** The folder holding main.cjs and preload.cjs (dist/main). */
  mainDir: string;
}

export function startApp(options: AppOptions): void {
  app.setName(APP_NAME);
  let dataDir: string;
  try {
    dataDir = ensureDataDir(resolveDataDir({ flag: dataDirFromArgv(options.argv) }));
  } catch (error) {
    log.error('cannot use the data folder', error);
    app.exit(2);
    return;
  }
  // Chromium's profile sits beside the store, and the single-instance lock is per profile, so two
  // data folders may be open at once (one app per folder).
  app.setPath('userData', dataDir);
  if (!app.requestSingleInstanceLock()) {
    log.info('Silkroute is already open on this data folder; focusing it');
    app.quit();
    return;
  }
  registerAppScheme();

  const rendererDir = join(options.mainDir, '..', 'renderer');
  const preloadPath = join(options.mainDir, 'preload.cjs');
  let window: BrowserWindow | undefined;

  const tellWindow = (state: EngineState) => {
    if (window && !window.isDestroyed()) window.webContents.send(CHANNELS.engine, state);
  };
  const engine = createEngineHost({
    modulePath: join(options.mainDir, '..', 'engine', 'process.cjs'),
    dataDir,
    onState: tellWindow,
  });

  const openWindow = () => {
    window = createMainWindow({ preloadPath });
    window.on('closed', () => {
      window = undefined;
    });
  };

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!window && app.isReady()) openWindow();
  });

  let services: AppServices | undefined;
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    // Let the engine close the store cleanly (WAL checkpoint) before the app goes.
    quitting = true;
    event.preventDefault();
    services?.stop();
    engine
      .stop()
      .catch((error: unknown) => log.error('engine shutdown failed', error))
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(async () => {
      hardenSession(session.defaultSession);
      handleAppProtocol(rendererDir);
      // The log file, the data key from the OS keychain and updates; each fails on its own.
      services = await startAppServices({ dataDir, safeStorage, isPackaged: app.isPackaged });
      engine.start(services.engineEnv);
      registerConnectHandler({
        isOurWindow: (contents) =>
          window !== undefined && !window.isDestroyed() && contents === window.webContents,
        engine,
      });
      openWindow();
    })
    .catch((error: unknown) => {
      log.error('startup failed', error);
      app.exit(1);
    });
}
