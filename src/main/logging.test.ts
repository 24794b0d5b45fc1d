import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, setLogSink } from '../shared/log.js';
import { LOG_MAX_BYTES, logFilePath, startLogging, type ElectronLogLike } from './logging.js';

function fakeElectronLog() {
  const written: { level: string; data: unknown[] }[] = [];
  const log: ElectronLogLike & {
    written: typeof written;
    emit(level: string, ...data: unknown[]): void;
  } = {
    written,
    transports: {
      file: { maxSize: 0, resolvePathFn: () => '', level: false },
      console: { level: false },
    },
    hooks: [],
    // What electron-log does with a call: run the hooks, then write.
    emit(level, ...data) {
      let message: { data: unknown[] } | false = { data };
      for (const hook of log.hooks) if (message) message = hook(message);
      if (message) written.push({ level, data: message.data });
    },
    debug: (...data) => log.emit('debug', ...data),
    info: (...data) => log.emit('info', ...data),
    warn: (...data) => log.emit('warn', ...data),
    error: (...data) => log.emit('error', ...data),
  };
  return log;
}

afterEach(() => setLogSink(() => undefined, 'warn'));

describe('the app log', () => {
  it('rotates at 5 MB in the data folder', () => {
    const electronLog = fakeElectronLog();
    startLogging(electronLog, '/data');
    expect(electronLog.transports.file.maxSize).toBe(LOG_MAX_BYTES);
    expect(electronLog.transports.file.resolvePathFn()).toBe(logFilePath('/data'));
    expect(logFilePath('/data')).toMatch(/logs[\\/]main\.log$/);
  });

  it('carries our records and redacts what other libraries log', () => {
    const electronLog = fakeElectronLog();
    startLogging(electronLog, '/data');
    createLogger('engine.test').warn('refresh failed', {
      refresh_token: 'rt-123456789',
      account: 7,
    });
    electronLog.info(
      'updater said',
      { authorization: 'Bearer abcdefghijkl' },
      'access_token=tok-999',
    );
    const text = JSON.stringify(electronLog.written);
    expect(text).toContain('engine.test: refresh failed');
    expect(text).toContain('"account":7');
    for (const secret of ['rt-123456789', 'abcdefghijkl', 'tok-999'])
      expect(text).not.toContain(secret);
  });
});
