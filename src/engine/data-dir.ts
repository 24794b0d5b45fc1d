/**
 * Where the store lives. The CLI and the desktop app must agree on one folder so a seller who
 * fills data with `silkroute demo` sees it in the window, so the default is computed here the way
 * Electron's `app.getPath('userData')` computes it for an app named "Silkroute", without Electron.
 * Precedence: `--data-dir` flag > `SILKROUTE_DATA_DIR` > the OS user-data folder.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve, win32 } from 'node:path';

export const APP_NAME = 'Silkroute';
export const DATA_DIR_ENV = 'SILKROUTE_DATA_DIR';

export interface DataDirSources {
  /** The value of `--data-dir`, when given. */
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
  cwd?: string;
}

/** The OS folder Electron would use as `userData` for APP_NAME. */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') {
    const appData = env.APPDATA ?? win32.join(home, 'AppData', 'Roaming');
    return win32.join(appData, APP_NAME);
  }
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  // Electron follows the XDG spec on Linux and the BSDs; a relative XDG value is invalid per spec.
  const xdg = env.XDG_CONFIG_HOME;
  const configHome = xdg && isAbsolute(xdg) ? xdg : join(home, '.config');
  return join(configHome, APP_NAME);
}

/** Resolves the data folder (absolute) without touching the disk. */
export function resolveDataDir(sources: DataDirSources = {}): string {
  const env = sources.env ?? process.env;
  const cwd = sources.cwd ?? process.cwd();
  const chosen = nonEmpty(sources.flag) ?? nonEmpty(env[DATA_DIR_ENV]);
  if (chosen) return resolve(cwd, chosen);
  return defaultDataDir(sources.platform ?? process.platform, env, sources.home ?? homedir());
}

/** Creates the folder (and its parents) when missing; returns it. */
export function ensureDataDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Finds `--data-dir D` or `--data-dir=D` in a raw argv that may also hold options that are not
 * ours (Chromium switches in Electron), so it tolerates everything else rather than parsing
 * strictly. Returns undefined when absent; throws when the flag is given without a value.
 */
export function dataDirFromArgv(argv: readonly string[]): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--data-dir') {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith('--')) {
        throw new Error('--data-dir needs a folder path');
      }
      return value;
    }
    if (arg?.startsWith('--data-dir=')) {
      const value = arg.slice('--data-dir='.length);
      if (!value) throw new Error('--data-dir needs a folder path');
      return value;
    }
  }
  return undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() ? value : undefined;
}
