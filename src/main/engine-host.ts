/**
 * Runs the engine in an Electron utility process and keeps it running. Each window's port is
 * handed over once the engine says it is ready (ports requested earlier wait in a queue, and
 * calls sent on them wait inside the port). If the engine dies, the windows are told, it is
 * restarted after a short, growing pause, and the windows are told again when it is back so they
 * reconnect; after too many deaths in a short time it is given up on and the windows say why.
 */
import {
  MessageChannelMain,
  utilityProcess,
  type MessagePortMain,
  type UtilityProcess,
} from 'electron';
import {
  FromEngineMessage,
  type ToEngineMessage,
} from '../engine/transport/engine-process-protocol.js';
import type { EngineState } from '../preload/channels.js';
import { createLogger } from '../shared/log.js';

const log = createLogger('main.engine');

export interface EngineHostOptions {
  /** dist/engine/process.cjs */
  modulePath: string;
  dataDir: string;
  /** Told when the engine stops unexpectedly, is back, or has been given up on. */
  onState: (state: EngineState) => void;
  /** Deaths tolerated within `crashWindowMs` before giving up. */
  maxRestarts?: number;
  crashWindowMs?: number;
  /** Pause before a restart, multiplied by the number of recent deaths. */
  restartDelayMs?: number;
  /** How long an orderly shutdown may take before the process is killed. */
  shutdownTimeoutMs?: number;
}

export interface EngineHost {
  /**
   * Starts the engine process; `env` entries (the data key unwrapped with the OS keychain) are
   * added to its environment, and kept for its restarts.
   */
  start(env?: Readonly<Record<string, string>>): void;
  /** Returns the window's end of a new channel; the other end goes to the engine. */
  connect(windowId: number): MessagePortMain;
  /** Asks the engine to close its store and waits for it to exit. */
  stop(): Promise<void>;
}

export function createEngineHost(options: EngineHostOptions): EngineHost {
  const maxRestarts = options.maxRestarts ?? 5;
  const crashWindowMs = options.crashWindowMs ?? 60_000;
  const restartDelayMs = options.restartDelayMs ?? 500;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 5_000;

  let child: UtilityProcess | undefined;
  let ready = false;
  let stopping = false;
  let recovering = false;
  let lastFailure: string | undefined;
  let crashes: number[] = [];
  const waiting: { windowId: number; port: MessagePortMain }[] = [];
  let exited: (() => void) | undefined;

  const send = (proc: UtilityProcess, message: ToEngineMessage, ports: MessagePortMain[] = []) =>
    proc.postMessage(message, ports);

  let extraEnv: Readonly<Record<string, string>> = {};
  const spawn = () => {
    ready = false;
    lastFailure = undefined;
    const proc = utilityProcess.fork(options.modulePath, ['--data-dir', options.dataDir], {
      serviceName: 'Silkroute engine',
      stdio: 'inherit',
      env: { ...process.env, ...extraEnv },
    });
    child = proc;

    proc.on('message', (raw: unknown) => {
      const message = FromEngineMessage.safeParse(raw);
      if (!message.success || child !== proc) return;
      if (message.data.type === 'failed') {
        lastFailure = message.data.message;
        log.error('the engine could not open the store', { message: lastFailure });
        return;
      }
      ready = true;
      for (const { windowId, port } of waiting.splice(0))
        send(proc, { type: 'connect', windowId }, [port]);
      if (recovering) {
        recovering = false;
        options.onState({ state: 'restarted' });
      }
    });

    proc.on('exit', (code: number) => {
      if (child !== proc) return;
      child = undefined;
      ready = false;
      if (stopping) {
        exited?.();
        return;
      }
      log.error('the engine exited unexpectedly', { exitCode: code });
      options.onState({ state: 'stopped' });
      const now = Date.now();
      crashes = crashes.filter((time) => now - time < crashWindowMs).concat(now);
      if (crashes.length > maxRestarts) {
        const message = lastFailure ?? `the engine process exited with code ${code}`;
        options.onState({ state: 'failed', message });
        return;
      }
      recovering = true;
      setTimeout(() => {
        if (!stopping) spawn();
      }, restartDelayMs * crashes.length);
    });
  };

  return {
    start(env = {}) {
      extraEnv = env;
      if (!child) spawn();
    },
    connect(windowId) {
      const { port1, port2 } = new MessageChannelMain();
      if (child && ready) send(child, { type: 'connect', windowId }, [port1]);
      else waiting.push({ windowId, port: port1 });
      return port2;
    },
    async stop() {
      stopping = true;
      const proc = child;
      if (!proc) return;
      const gone = new Promise<void>((resolve) => (exited = resolve));
      send(proc, { type: 'shutdown' });
      const timer = setTimeout(() => {
        log.warn('the engine did not stop in time; killing it');
        proc.kill();
      }, shutdownTimeoutMs);
      await gone;
      clearTimeout(timer);
    },
  };
}
