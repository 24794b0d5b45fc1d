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
  type ParsedInputOf,
  type SyncStartResult,
} from '../../shared/api/index.js';
import type { AccountId } from '../../shared/ids.js';
import { runMorningSync, type AccountLink } from '../sync/morning.js';
import { scheduleDailyBackups } from '../backup/hooks.js';
import { SyncScheduler } from '../sync/schedule.js';
import type { SyncOutcome, SyncRequest } from '../sync/types.js';
import { createConnectorRegistry, InMemoryTokenStore } from '../../connectors/index.js';
import { createLogger } from '../../shared/log.js';
import { SandboxAccounts } from '../sandbox-accounts.js';
import type { SandboxShops } from '../sandbox-shops.js';
import { openStore, STORE_FILE_NAME, type Store } from '../store/connection.js';
import { createDispatcher, type Handlers } from './dispatch.js';
import type { Engine, EngineOptions } from './engine-types.js';
import { AccountConnections } from './account-connections.js';
import { createHandlers } from './handlers.js';
import { newJobKey } from '../store/job-keys.js';

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
  /**
   * The built-in sandbox shops, provided by the composition root (engine/ may not import
   * sandbox/). Without them `accounts.addSandbox` answers `unavailable` and stored sandbox accounts
   * stay offline.
   */
  sandboxShops?: SandboxShops;
  /** Names this process in the sync lease (default `engine:<pid>`). */
  holder?: string;
  /**
   * Runs the sync schedule from settings (and a missed run at start or wake). The app and
   * `silkroute serve` turn it on; one-shot commands and tests leave it off.
   */
  schedule?: boolean;
}

/** The Engine plus what in-process callers (sync, CLI commands) need besides the contract. */
export interface LocalEngine extends Engine {
  readonly store: Store;
  /** Tells every window that these entities changed; call after a committed write. */
  emitChanged(entities: DataEntity[]): void;
  /** The sandbox accounts' running shops and connectors; null without sandbox shops. */
  readonly sandboxes: SandboxAccounts | null;
  /** Settles once the stored sandbox accounts' shops have been restarted (or failed to). */
  readonly ready: Promise<void>;
  /** Settles once background work under way (a sandbox shop's first pull) has finished. */
  idle(): Promise<void>;
  /** Closes like `close`, and also waits for the sandbox shops to stop. */
  shutdown(): Promise<void>;
  /** Runs the morning sync (waits for the sandbox shops to be ready first); see sync/morning.ts. */
  sync(request: SyncRequest): Promise<SyncOutcome>;
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
  const now = options.now ?? (() => new Date());
  const store = openStore(storePath(options.dataDir), options.now ? { now: options.now } : {});
  const listeners = new Set<(frame: EventFrame) => void>();
  let closed = false;

  const emit = (frame: EventFrame) => {
    for (const listener of listeners) {
      try {
        listener(frame);
      } catch (error) {
        log.error('An event listener failed', error);
      }
    }
  };
  const emitChanged = (entities: DataEntity[]) =>
    emit({ type: 'event', name: 'data.changed', payload: { entities } });

  const sandboxes = options.sandboxShops
    ? new SandboxAccounts({
        store,
        shops: options.sandboxShops,
        registry: createConnectorRegistry(),
        // Sandbox tokens are not the seller's secrets: they live as long as this engine.
        tokenStore: new InMemoryTokenStore(),
        now,
        onChanged: (entities) => {
          if (!closed) emitChanged(entities);
        },
        onProgress: (progress) => {
          if (closed) return;
          emit({
            type: 'event',
            name: 'sync.progress',
            payload: { ...progress, queueDepth: 0, etaSeconds: null },
          });
        },
      })
    : null;

  const holder = options.holder ?? `engine:${process.pid}`;
  const newKey = options.newKey ?? newJobKey;
  const running = new Set<AbortController>();
  // Real shops connected in this session (their tokens live in memory until issue #12).
  const connections = new AccountConnections({ store, registry: createConnectorRegistry() });
  const link = (accountId: AccountId): AccountLink | null => {
    const sandbox = sandboxes?.connector(accountId);
    if (sandbox) {
      return { connector: sandbox, remoteNow: () => sandboxes?.remoteNow(accountId) ?? Date.now() };
    }
    const real = connections.connector(accountId);
    return real ? { connector: real, remoteNow: () => Date.now() } : null;
  };
  const sync = async (request: SyncRequest): Promise<SyncOutcome> => {
    await ready;
    await (sandboxes ? sandboxes.idle() : Promise.resolve());
    const controller = new AbortController();
    const signal = request.signal
      ? AbortSignal.any([request.signal, controller.signal])
      : controller.signal;
    running.add(controller);
    try {
      return await runMorningSync(
        {
          store,
          link,
          newKey,
          holder,
          onChanged: (entities) => {
            if (!closed) emitChanged(entities);
          },
          onProgress: (progress) => {
            if (!closed) emit({ type: 'event', name: 'sync.progress', payload: progress });
          },
        },
        { ...request, signal },
      );
    } finally {
      running.delete(controller);
    }
  };
  const startSync = (input: ParsedInputOf<'sync.run'>) =>
    new Promise<SyncStartResult>((resolve, reject) => {
      sync({
        trigger: 'manual',
        ...(input.accountIds ? { accountIds: input.accountIds as AccountId[] } : {}),
        ...(input.steps ? { steps: input.steps } : {}),
        onStarted: (runId) => resolve({ started: true, runId }),
      }).then(
        (outcome) => {
          if (outcome.state === 'busy' && outcome.heldBy)
            resolve({ started: false, heldBy: outcome.heldBy });
        },
        (error: unknown) => {
          log.error('a sync run failed', error);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });

  const scheduler = options.schedule ? new SyncScheduler({ store, runner: { sync } }) : null;
  // The engine that keeps the schedule (the app's) also keeps a daily backup, pushes or not.
  const stopBackups = options.schedule ? scheduleDailyBackups(store) : () => undefined;

  const handlers = createHandlers({
    onSettingsChanged: () => scheduler?.reload(),
    startSync,
    cancelSync: () => {
      for (const controller of running) controller.abort();
      return running.size > 0;
    },
    store,
    dataDir: options.dataDir,
    version: options.version ?? readPackageVersion(),
    emitChanged,
    newKey,
    link,
    connections,
    ...(sandboxes ? { addSandbox: (marketplace) => sandboxes.add(marketplace) } : {}),
  });
  const dispatcher = createDispatcher(
    whileOpen(handlers, () => closed),
    (method, error) => log.error(`${method} failed unexpectedly`, error),
  );
  const ready = sandboxes ? sandboxes.restore() : Promise.resolve();
  // The schedule starts once the shops are back, so a missed run catches up on live connections.
  if (scheduler) {
    void ready.then(() => {
      if (!closed) scheduler.start();
    });
  }

  let stopped: Promise<void> | undefined;
  const stopShops = () => (stopped ??= sandboxes ? sandboxes.close() : Promise.resolve());
  const close = () => {
    if (closed) return;
    closed = true;
    stopBackups();
    void scheduler?.stop();
    for (const controller of running) controller.abort();
    listeners.clear();
    store.close();
    // The shops' servers stop in the background; `shutdown` is the variant that waits for them.
    void stopShops();
  };
  const shutdown = async () => {
    if (!closed) {
      closed = true;
      stopBackups();
      for (const controller of running) controller.abort();
      await scheduler?.stop();
      listeners.clear();
      // A first pull under way writes until its shop stops: stop the shops before the store.
      await stopShops();
      store.close();
    }
    await stopShops();
  };

  return {
    store,
    emitChanged,
    sandboxes,
    ready,
    idle: () => (sandboxes ? sandboxes.idle() : Promise.resolve()),
    sync,
    shutdown,
    handle: (frame) => dispatcher.handle(frame),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close,
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
