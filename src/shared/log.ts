/**
 * The project's logger. Every record is redacted (redact.ts) before it reaches the sink, so callers
 * may pass errors and payloads without thinking about secrets. The sink is set once per process
 * (stderr JSON lines in Node, the console in the renderer, a collector in tests).
 */
import { redact, redactText } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface LogRecord {
  time: string;
  level: LogLevel;
  scope: string;
  message: string;
  data?: unknown;
}
export type LogSink = (record: LogRecord) => void;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/* eslint-disable no-console -- the default sink is the one place the logger meets the console */
const consoleSink: LogSink = (record) => {
  const line = JSON.stringify(record);
  if (record.level === 'error' || record.level === 'warn') console.error(line);
  else console.info(line);
};
/* eslint-enable no-console */

let sink: LogSink = consoleSink;
let threshold: LogLevel = 'info';

export function setLogSink(next: LogSink, level: LogLevel = threshold): void {
  sink = next;
  threshold = level;
}

export interface Logger {
  debug(message: string, data?: unknown): void;
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
}

export function createLogger(scope: string): Logger {
  const emit = (level: LogLevel, message: string, data?: unknown) => {
    if (ORDER[level] < ORDER[threshold]) return;
    const record: LogRecord = {
      time: new Date().toISOString(),
      level,
      scope,
      message: redactText(message),
    };
    if (data !== undefined) record.data = redact(data);
    sink(record);
  };
  return {
    debug: (message, data) => emit('debug', message, data),
    info: (message, data) => emit('info', message, data),
    warn: (message, data) => emit('warn', message, data),
    error: (message, data) => emit('error', message, data),
  };
}
