/**
 * The app's log file, through electron-log: `<data>/logs/main.log`, rotated at 5 MB (the previous
 * file is kept as main.old.log), so a long-running install never fills the disk. Every record of
 * our logger is already redacted (shared/log.ts); a hook redacts whatever else reaches electron-log
 * (electron-updater's messages, a third-party library), so a token never lands in the file.
 */
import { join } from 'node:path';
import { redact } from '../shared/redact.js';
import { setLogSink, type LogLevel, type LogRecord } from '../shared/log.js';

export const LOG_MAX_BYTES = 5 * 1024 * 1024;

/** The part of electron-log used here (a fake in tests). */
export interface ElectronLogLike {
  transports: {
    file: { maxSize: number; resolvePathFn: () => string; level: string | false };
    console: { level: string | false };
  };
  hooks: ((message: { data: unknown[] }) => { data: unknown[] } | false)[];
  debug(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
}

export function logFilePath(dataDir: string): string {
  return join(dataDir, 'logs', 'main.log');
}

/** Configures electron-log and routes the app's logger into it. */
export function startLogging(
  electronLog: ElectronLogLike,
  dataDir: string,
  level: LogLevel = 'info',
): void {
  electronLog.transports.file.maxSize = LOG_MAX_BYTES;
  electronLog.transports.file.resolvePathFn = () => logFilePath(dataDir);
  electronLog.transports.file.level = level;
  electronLog.transports.console.level = 'warn';
  electronLog.hooks.push((message) => ({
    ...message,
    data: message.data.map((item) => redact(item)),
  }));
  setLogSink((record: LogRecord) => {
    const line = `${record.scope}: ${record.message}`;
    const args = record.data === undefined ? [line] : [line, record.data];
    electronLog[record.level](...args);
  }, level);
}
