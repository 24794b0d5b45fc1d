/**
 * The store-backed engine: opens (creating when needed) and migrates `<dataDir>/silkroute.db`,
 * builds the handler table and serves it through the dispatcher. Transports depend only on the
 * `Engine` interface; the CLI and tooling also use `migrateDataDir` and `openStore`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ApiError,
  type DataEntity,
  type EventFrame,
  type MethodName,
} from '../../shared/api/index.js';
import { createLogger } from '../../shared/log.js';
import { openStore, STORE_FILE_NAME, type Store } from '../store/connection.js';
import { createDispatcher, type Handlers } from './dispatch.js';
import type { Engine, EngineOptions } from './engine-types.js';
import { createHandlers } from './handlers.js';

export { openStore, STORE_FILE_NAME } from '../store/connection.js';
export type { Store } from '../store/connection.js';

const log = createLogger('engine');

export interface LocalEngineOptions extends EngineOptions {
  /** The clock behind every timestamp and "overdue"; tests fix it. */
  now?: () => Date;
  /** Shown by app.info; read from package.json when not given. */
  version?: string;
  /** Idempotency keys of outbox jobs (default: random UUIDs). */
  newKey?: () => string;
}

/** The Engine plus what in-process callers (sync, CLI commands) need besides the contract. */
export interface LocalEngine extends Engine {
  readonly store: Store;
  /** Tells every window that these entities changed; call after a committed write. */
  emitChanged(entities: DataEntity[]): void;
}

export function storePath(dataDir: string): string {
  return join(dataDir, STORE_FILE_NAME);
}

let packageVersion: string | undefined;

/** The version in Silkroute's package.json, found by walking up from this module; read once. */
function readPackageVersion(): string {
  if (packageVersion !== undefined) return packageVersion;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === 'silkroute' && typeof manifest.version === 'string')
        return (packageVersion = manifest.version);
    } catch {
      // No readable package.json here: keep walking up.
    }
    dir = dirname(dir);
  }
  return (packageVersion = '0.0.0');
}

/** Creates and migrates the store in `dataDir` when needed; returns its schema version. */
export function migrateDataDir(dataDir: string): number {
  const store = openStore(storePath(dataDir));
  try {
    return store.schemaVersion;
  } finally {
    store.close();
  }
}

export function openEngine(options: LocalEngineOptions): LocalEngine {
  const store = openStore(storePath(options.dataDir), options.now ? { now: options.now } : {});
  const listeners = new Set<(frame: EventFrame) => void>();
  let closed = false;

  const emitChanged = (entities: DataEntity[]) => {
    const frame: EventFrame = { type: 'event', name: 'data.changed', payload: { entities } };
    for (const listener of listeners) {
      try {
        listener(frame);
      } catch (error) {
        log.error('An event listener failed', error);
      }
    }
  };

  const handlers = createHandlers({
    store,
    dataDir: options.dataDir,
    version: options.version ?? readPackageVersion(),
    emitChanged,
    ...(options.newKey ? { newKey: options.newKey } : {}),
  });
  const dispatcher = createDispatcher(
    whileOpen(handlers, () => closed),
    (method, error) => log.error(`${method} failed unexpectedly`, error),
  );

  return {
    store,
    emitChanged,
    handle: (frame) => dispatcher.handle(frame),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      store.close();
    },
  };
}

/** After close, calls are answered `unavailable` instead of failing inside a closed database. */
function whileOpen(handlers: Handlers, isClosed: () => boolean): Handlers {
  const guarded: Partial<Record<MethodName, (input: never) => unknown>> = {};
  for (const method of Object.keys(handlers) as MethodName[]) {
    const handler = handlers[method] as (input: never) => unknown;
    guarded[method] = (input: never) => {
      if (isClosed()) throw new ApiError('unavailable', 'The engine has been closed');
      return handler(input);
    };
  }
  return guarded as Handlers;
}
