/**
 * Auto-update through electron-updater. The feed is the one the installer was built with
 * (electron-builder.yml `publish`, written into the app as app-update.yml), unless
 * SILKROUTE_UPDATE_URL points the app at another static feed (https, or http on this machine only)
 * or says `off`. Nothing runs in development (an unpackaged app has no feed). Updates download in the
 * background and install on quit; the updater logs through our redacting logger.
 */
import { createLogger, type Logger } from '../shared/log.js';

export const UPDATE_URL_ENV = 'SILKROUTE_UPDATE_URL';
const CHECK_EVERY_MS = 6 * 60 * 60_000;

/** The part of electron-updater's AppUpdater used here (a fake in tests). */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: Pick<Logger, 'info' | 'warn' | 'error'> | null;
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string }): void;
  checkForUpdatesAndNotify(): Promise<unknown>;
}

export type UpdateFeed =
  { kind: 'built-in' } | { kind: 'custom'; url: string } | { kind: 'off'; reason: string };

/** Which feed to use, from whether the app is packaged and the environment. */
export function chooseFeed(isPackaged: boolean, env: NodeJS.ProcessEnv): UpdateFeed {
  const value = env[UPDATE_URL_ENV]?.trim();
  if (value === 'off') return { kind: 'off', reason: `${UPDATE_URL_ENV}=off` };
  if (!isPackaged) return { kind: 'off', reason: 'not a packaged app' };
  if (!value) return { kind: 'built-in' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { kind: 'off', reason: `${UPDATE_URL_ENV} is not a URL` };
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    return { kind: 'off', reason: `${UPDATE_URL_ENV} must be https (http only for this machine)` };
  }
  return { kind: 'custom', url: url.href };
}

/**
 * Starts checking for updates now and every six hours; returns the function that stops it.
 * A failed check is logged and tried again at the next interval.
 */
export function startUpdates(options: {
  updater: Updater;
  isPackaged: boolean;
  env?: NodeJS.ProcessEnv;
}): () => void {
  const log = createLogger('main.updates');
  const feed = chooseFeed(options.isPackaged, options.env ?? process.env);
  if (feed.kind === 'off') {
    log.info('auto-update is off', { reason: feed.reason });
    return () => undefined;
  }
  const { updater } = options;
  updater.logger = log;
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  if (feed.kind === 'custom') updater.setFeedURL({ provider: 'generic', url: feed.url });
  const check = () => {
    updater
      .checkForUpdatesAndNotify()
      .catch((error: unknown) => log.warn('the update check failed', { error }));
  };
  check();
  const timer = setInterval(check, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
