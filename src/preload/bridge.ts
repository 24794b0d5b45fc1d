/**
 * The preload's logic, free of Electron so it is testable with Node's MessageChannel: it turns a
 * way of obtaining the engine's MessagePort into the typed `SilkrouteApi`. Calls made before the
 * port arrives wait for it. When main says the engine stopped, calls in flight fail with a clear
 * message; when it says the engine is back, the bridge asks for a new port and tells the UI that
 * all data may have changed (events may have been missed while the engine was down).
 */
import {
  createApiClient,
  DataEntity,
  type CallFrame,
  type SilkrouteApi,
} from '../shared/api/index.js';
import { EngineState } from './channels.js';

/** The part of a DOM (or Node) MessagePort the bridge uses. */
export interface EnginePort {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: Event) => void): void;
  start(): void;
  close(): void;
}

/** Checks what Electron transferred really is a port before the bridge relies on it. */
export function isEnginePort(value: unknown): value is EnginePort {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return ['postMessage', 'addEventListener', 'start', 'close'].every(
    (name) => typeof candidate[name] === 'function',
  );
}

export interface Bridge {
  readonly api: SilkrouteApi;
  /** Feeds a raw `silkroute:engine` message from main (validated here). */
  engineState(message: unknown): void;
}

const STOPPED_MESSAGE =
  'The Silkroute engine stopped before this call finished and is restarting; try again in a moment.';

export function createBridge(resolvePort: () => Promise<EnginePort>): Bridge {
  let port: EnginePort | undefined;
  let queued: CallFrame[] = [];
  let deliver: (frame: unknown) => void = () => undefined;
  let failure: string | undefined;
  /** Bumped on every (re)connect so a port that resolves late for an old attempt is discarded. */
  let attempt = 0;

  const client = createApiClient({
    send(frame) {
      if (failure !== undefined) throw new Error(failure);
      if (port) port.postMessage(frame);
      else queued.push(frame);
    },
    onFrame(handler) {
      deliver = handler;
    },
  });

  const connect = (announce: boolean) => {
    const current = ++attempt;
    resolvePort().then(
      (received) => {
        if (current !== attempt || failure !== undefined) {
          received.close();
          return;
        }
        port = received;
        received.addEventListener('message', (event) => {
          if ('data' in event) deliver(event.data);
        });
        received.start();
        const waiting = queued;
        queued = [];
        for (const frame of waiting) received.postMessage(frame);
        if (announce) {
          deliver({
            type: 'event',
            name: 'data.changed',
            payload: { entities: DataEntity.options },
          });
        }
      },
      (error: unknown) => stop(`The engine cannot be reached: ${String(error)}`),
    );
  };

  const disconnect = () => {
    port?.close();
    port = undefined;
  };

  const stop = (reason: string) => {
    disconnect();
    queued = [];
    client.failAll(reason);
  };

  connect(false);

  return {
    api: {
      call: (method, input) => client.call(method, input),
      on: (event, listener) => client.on(event, listener),
    },
    engineState(message) {
      const parsed = EngineState.safeParse(message);
      if (!parsed.success) return;
      const state = parsed.data;
      if (state.state === 'stopped') {
        stop(STOPPED_MESSAGE);
      } else if (state.state === 'restarted') {
        failure = undefined;
        disconnect();
        connect(true);
      } else {
        failure = `The Silkroute engine could not be started: ${state.message}`;
        stop(failure);
      }
    },
  };
}
