/**
 * What the engine's utility process does, apart from being an entry file: find the data folder,
 * open the engine, and serve every MessagePort main sends (one per window). Ports that arrive
 * while the store is still opening are held and served once it is open. Electron's
 * `process.parentPort` is reached through a typed shim because engine/ never imports electron.
 */
import { createLogger } from '../../shared/log.js';
import { dataDirFromArgv, ensureDataDir, resolveDataDir } from '../data-dir.js';
import type { Engine, EngineOptions } from '../service/engine-types.js';
import { ToEngineMessage, type FromEngineMessage } from './engine-process-protocol.js';
import {
  createPortHost,
  fromElectronPort,
  type ElectronPortLike,
  type PortHost,
} from './port-host.js';

const log = createLogger('engine.process');

/** The part of Electron's `process.parentPort` used here. */
export interface ParentPortLike {
  on(
    event: 'message',
    listener: (event: { data: unknown; ports: ElectronPortLike[] }) => void,
  ): unknown;
  postMessage(message: FromEngineMessage): void;
}

/** `process.parentPort` exists only inside an Electron utility process. */
export function parentPortOf(target: NodeJS.Process): ParentPortLike | undefined {
  const candidate = (target as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
  return candidate && typeof candidate.on === 'function' ? candidate : undefined;
}

export interface EngineProcessOptions {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  parentPort: ParentPortLike;
  openEngine: (options: EngineOptions) => Engine | Promise<Engine>;
  /** Called once the engine has closed after a `shutdown` request. */
  onShutdown: () => void;
}

export interface EngineProcess {
  readonly engine: Engine;
  readonly host: PortHost;
  /** Stops taking calls, waits for those in flight, closes the store. */
  shutdown(): Promise<void>;
}

export async function runEngineProcess(options: EngineProcessOptions): Promise<EngineProcess> {
  const { parentPort } = options;
  // Assigned once the store is open; the message listener below reads it on every message.
  // eslint-disable-next-line prefer-const -- assigned after the listener that reads it is registered
  let served: EngineProcess | undefined;
  const waiting: ElectronPortLike[] = [];
  let shutdownRequested = false;

  // Listen first: main may send ports before the store is open, and they must not be lost.
  parentPort.on('message', (event) => {
    const message = ToEngineMessage.safeParse(event.data);
    if (!message.success) {
      log.warn('ignoring an unknown message from main');
      return;
    }
    if (message.data.type === 'shutdown') {
      shutdownRequested = true;
      if (served) void served.shutdown().then(options.onShutdown);
      return;
    }
    const [port] = event.ports;
    if (!port) {
      log.warn('a connect message came without a port');
      return;
    }
    if (served) served.host.addPort(fromElectronPort(port));
    else waiting.push(port);
  });

  let dataDir: string;
  let engine: Engine;
  try {
    dataDir = ensureDataDir(
      resolveDataDir({ flag: dataDirFromArgv(options.argv), env: options.env }),
    );
    engine = await options.openEngine({ dataDir });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    parentPort.postMessage({ type: 'failed', message });
    throw error;
  }

  const host = createPortHost(engine);
  let closing: Promise<void> | undefined;
  served = {
    engine,
    host,
    shutdown: () =>
      (closing ??= (async () => {
        // Stop taking calls first, then let the ones in flight finish before the store closes.
        host.close();
        await host.idle();
        engine.close();
      })()),
  };
  for (const port of waiting.splice(0)) host.addPort(fromElectronPort(port));
  parentPort.postMessage({ type: 'ready', dataDir });
  log.info('engine ready');
  if (shutdownRequested) void served.shutdown().then(options.onShutdown);
  return served;
}
