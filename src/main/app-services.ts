/**
 * What the desktop app starts besides windows and the engine, for issue 12, in one call for
 * app.ts: the log file (electron-log, rotated, redacted), the data key unwrapped with the OS
 * keychain (handed to the engine process through the environment entries returned here) and
 * auto-update. Each part fails on its own: a missing keychain or update feed is logged, never fatal.
 *
 * app.ts wires it as: `const services = await startAppServices({ dataDir, safeStorage,
 * isPackaged: app.isPackaged })` before `engine.start()`, and passes `services.engineEnv` into the
 * engine process's environment (utilityProcess.fork's `env`, merged over process.env).
 */
import type { SafeStorage } from 'electron';
import { createLogger } from '../shared/log.js';
import { startLogging, type ElectronLogLike } from './logging.js';
import { engineKeyEnvironment, unlockForApp } from './secret-key.js';
import { startUpdates, type Updater } from './updates.js';

const log = createLogger('main.services');

export interface AppServicesOptions {
  dataDir: string;
  safeStorage: Pick<
    SafeStorage,
    'encryptStringAsync' | 'decryptStringAsync' | 'isAsyncEncryptionAvailable'
  > & { getSelectedStorageBackend?: SafeStorage['getSelectedStorageBackend'] };
  isPackaged: boolean;
  env?: NodeJS.ProcessEnv;
  /** Injected in tests; by default electron-log/main and electron-updater. */
  loadLog?: () => Promise<ElectronLogLike>;
  loadUpdater?: () => Promise<Updater>;
}

export interface AppServices {
  /** Environment entries for the engine process (the unwrapped data key), empty when none. */
  engineEnv: Record<string, string>;
  stop(): void;
}

const defaultLog = async (): Promise<ElectronLogLike> => {
  const module = await import('electron-log/main');
  module.default.initialize();
  return module.default as unknown as ElectronLogLike;
};
const defaultUpdater = async (): Promise<Updater> => (await import('electron-updater')).autoUpdater;

export async function startAppServices(options: AppServicesOptions): Promise<AppServices> {
  try {
    startLogging(await (options.loadLog ?? defaultLog)(), options.dataDir);
  } catch (error) {
    log.error('the log file could not be set up', { error });
  }
  let engineEnv: Record<string, string> = {};
  try {
    engineEnv = engineKeyEnvironment(
      await unlockForApp(options.dataDir, options.safeStorage, options.env),
    );
  } catch (error) {
    // The engine then tries the folder's other protectors itself, and says so if locked.
    log.error('the data key could not be unlocked with the OS keychain', { error });
  }
  let stopUpdates = () => undefined as void;
  try {
    stopUpdates = startUpdates({
      updater: await (options.loadUpdater ?? defaultUpdater)(),
      isPackaged: options.isPackaged,
      ...(options.env ? { env: options.env } : {}),
    });
  } catch (error) {
    log.warn('auto-update could not start', { error });
  }
  return { engineEnv, stop: stopUpdates };
}
