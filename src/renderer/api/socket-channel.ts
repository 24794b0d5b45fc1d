/**
 * A `FrameChannel` over a WebSocket that survives the engine going away: when the socket drops it
 * reports `reconnecting`, retries with backoff, and reports `open` again once back. Frames sent
 * before the first connection are queued (the UI starts calling at once); frames sent while the
 * link is down are refused at once, so no call hangs on a dead link. Whoever owns the API client
 * fails the calls already in flight when the status turns to `reconnecting` (see connect.ts).
 *
 * The socket itself is injected, so tests drive this with a fake and a fake clock.
 */
import type { CallFrame, FrameChannel } from '../../shared/api/index.js';
import { createLogger } from '../../shared/log.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';

const log = createLogger('renderer.socket');

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface SocketHandlers {
  onOpen: () => void;
  onMessage: (text: string) => void;
  /** Called once when the socket is gone, whatever the reason (error, server gone, close()). */
  onClose: () => void;
}

export interface SocketConnection {
  send: (text: string) => void;
  close: () => void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketConnection;

/** setTimeout-like scheduling that returns its own cancel function. */
export type Scheduler = (callback: () => void, delayMs: number) => () => void;

const realScheduler: Scheduler = (callback, delayMs) => {
  const handle = setTimeout(callback, delayMs);
  return () => clearTimeout(handle);
};

export interface SocketChannelOptions {
  url: string;
  openSocket: SocketFactory;
  backoff?: BackoffOptions;
  schedule?: Scheduler;
  random?: () => number;
  /** Frames held while the first connection is being made; more is a runaway caller. */
  maxQueuedFrames?: number;
}

export interface SocketChannel extends FrameChannel {
  status: () => ConnectionStatus;
  /** Subscribes to status changes; returns the unsubscribe function. */
  onStatus: (listener: (status: ConnectionStatus) => void) => () => void;
  /** Closes for good: no more reconnects. */
  close: () => void;
}

export class NotConnectedError extends Error {
  override readonly name = 'NotConnectedError';
}

export function createSocketChannel(options: SocketChannelOptions): SocketChannel {
  const schedule = options.schedule ?? realScheduler;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const maxQueued = options.maxQueuedFrames ?? 1000;
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  let frameHandler: (frame: unknown) => void = () => undefined;
  let current: ConnectionStatus = 'connecting';
  let socket: SocketConnection | null = null;
  let attempt = 0;
  let cancelRetry: (() => void) | null = null;
  let queue: string[] = [];

  const setStatus = (next: ConnectionStatus) => {
    if (next === current) return;
    current = next;
    for (const listener of [...statusListeners]) listener(next);
  };

  const connect = () => {
    cancelRetry = null;
    // Each socket gets its own handlers; a late event from a replaced socket is ignored.
    let connection: SocketConnection | undefined = undefined;
    const handlers: SocketHandlers = {
      onOpen: () => {
        if (!connection || socket !== connection || current === 'closed') return;
        attempt = 0;
        const waiting = queue;
        queue = [];
        setStatus('open');
        for (const text of waiting) connection.send(text);
      },
      onMessage: (text) => {
        if (!connection || socket !== connection) return;
        let frame: unknown;
        try {
          frame = JSON.parse(text);
        } catch {
          log.warn('Ignored a frame that is not JSON', { length: text.length });
          return;
        }
        frameHandler(frame);
      },
      onClose: () => {
        if (!connection || socket !== connection) return;
        socket = null;
        if (current === 'closed') return;
        queue = [];
        setStatus('reconnecting');
        const delay = backoffDelay(attempt, backoff, options.random);
        attempt += 1;
        cancelRetry = schedule(connect, delay);
      },
    };
    connection = options.openSocket(options.url, handlers);
    socket = connection;
  };

  connect();

  return {
    send(frame: CallFrame) {
      const text = JSON.stringify(frame);
      if (current === 'open' && socket) {
        socket.send(text);
        return;
      }
      if (current === 'connecting') {
        if (queue.length >= maxQueued) {
          throw new NotConnectedError('too many calls are waiting for the engine connection');
        }
        queue.push(text);
        return;
      }
      throw new NotConnectedError(
        current === 'closed'
          ? 'the engine connection was closed'
          : 'the engine is disconnected; reconnecting',
      );
    },
    onFrame(handler) {
      frameHandler = handler;
    },
    status: () => current,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      setStatus('closed');
      cancelRetry?.();
      cancelRetry = null;
      queue = [];
      const open = socket;
      socket = null;
      open?.close();
    },
  };
}
