/**
 * The transport-independent half of serving the wire protocol: every connection (a MessagePort
 * in the desktop app, a WebSocket in browser mode) hands its decoded frames here, gets each result
 * back on the same connection, and receives every engine event. A connection that fails to send is
 * dropped, so one dead window never stops the others from hearing events.
 */
import type { EventFrame, ResultFrame, ServerFrame } from '../../shared/api/index.js';
import { createLogger } from '../../shared/log.js';
import type { Engine } from '../service/engine-types.js';

const log = createLogger('transport');

export interface Connection {
  /** Delivers one frame; may throw when the other side has gone. */
  send(frame: ServerFrame): void;
}

export interface AttachedConnection {
  /** Handles one decoded frame from this connection; the result goes back on it. */
  receive(frame: unknown): void;
  /** Stops results and events reaching this connection. Idempotent. */
  detach(): void;
}

export interface ConnectionHub {
  attach(connection: Connection): AttachedConnection;
  /** How many connections are attached. */
  readonly size: number;
  /** Detaches everything and stops listening to the engine. The engine itself stays open. */
  close(): void;
  /** Resolves once every call received so far has been answered (for orderly shutdown). */
  idle(): Promise<void>;
}

/** A result frame for input that never reached the dispatcher (bad JSON, binary data…). */
export function garbledFrame(message: string): ResultFrame {
  return {
    type: 'result',
    id: -1,
    ok: false,
    error: { code: 'invalid_input', message, issues: [{ path: '(frame)', message }] },
  };
}

export function createConnectionHub(engine: Engine): ConnectionHub {
  const connections = new Set<Connection>();
  const inFlight = new Set<Promise<unknown>>();

  const deliver = (connection: Connection, frame: ServerFrame): void => {
    if (!connections.has(connection)) return;
    try {
      connection.send(frame);
    } catch (error) {
      log.warn('dropping a connection that could not be written to', error);
      connections.delete(connection);
    }
  };

  const unsubscribe = engine.onEvent((frame: EventFrame) => {
    for (const connection of [...connections]) deliver(connection, frame);
  });

  return {
    attach(connection) {
      connections.add(connection);
      return {
        receive(frame) {
          if (!connections.has(connection)) return;
          const work = engine
            .handle(frame)
            .then((result) => deliver(connection, result))
            .catch((error: unknown) => {
              // Engine.handle promises never to throw; if it does, answer rather than hang the caller.
              log.error('engine.handle threw', error);
              deliver(connection, garbledFrame('The engine failed to handle this frame'));
            })
            .finally(() => inFlight.delete(work));
          inFlight.add(work);
        },
        detach() {
          connections.delete(connection);
        },
      };
    },
    get size() {
      return connections.size;
    },
    close() {
      unsubscribe();
      connections.clear();
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
