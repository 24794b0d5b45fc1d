/**
 * Finds the engine. In Electron the preload has put the API on `window.silkroute`. In browser mode
 * (`silkroute serve`) there is no preload: the page opens a WebSocket to `/ws` on its own origin,
 * authenticated by the cookie the server set when the page was loaded with `?token=…`.
 */
import { createApiClient, type SilkrouteApi } from '../../shared/api/index.js';
import {
  createSocketChannel,
  type ConnectionStatus,
  type SocketFactory,
  type SocketChannel,
} from './socket-channel.js';

export interface EngineConnection {
  api: SilkrouteApi;
  /** Present only in browser mode; the preload's MessagePort does not drop. */
  channel: SocketChannel | null;
}

/** The WebSocket address on the page's own origin, wss: when the page came over https:. */
export function socketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

/**
 * The page address without its one-time `token` parameter, or null when there is none. The token
 * has done its work once the server set the cookie; left in the address bar it would be
 * bookmarked, shared or shown on screen.
 */
export function addressWithoutToken(href: string): string | null {
  const url = new URL(href);
  if (!url.searchParams.has('token')) return null;
  url.searchParams.delete('token');
  return url.pathname + (url.search === '?' ? '' : url.search) + url.hash;
}

const DROPPED_MESSAGE =
  'The connection to the Silkroute engine dropped before this call finished; it was not applied ' +
  'if it had not reached the engine. Reconnecting; try again in a moment.';

/** Wires a socket channel to an API client: a drop fails every call still waiting for an answer. */
export function createSocketApi(url: string, openSocket: SocketFactory): EngineConnection {
  const channel = createSocketChannel({ url, openSocket });
  const client = createApiClient(channel);
  channel.onStatus((status: ConnectionStatus) => {
    if (status === 'reconnecting' || status === 'closed') client.failAll(DROPPED_MESSAGE);
  });
  return { api: client, channel };
}

const openWebSocket: SocketFactory = (url, handlers) => {
  const socket = new WebSocket(url);
  let closed = false;
  const closeOnce = () => {
    if (closed) return;
    closed = true;
    handlers.onClose();
  };
  socket.addEventListener('open', () => handlers.onOpen());
  socket.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (typeof event.data === 'string') handlers.onMessage(event.data);
  });
  socket.addEventListener('close', closeOnce);
  socket.addEventListener('error', closeOnce);
  return {
    send: (text) => socket.send(text),
    close: () => socket.close(1000, 'client closed'),
  };
};

/** Null when there is no way to the engine: no preload and not served over HTTP(S). */
export function connectToEngine(): EngineConnection | null {
  if (window.silkroute) return { api: window.silkroute, channel: null };
  if (window.location.protocol !== 'http:' && window.location.protocol !== 'https:') return null;
  const cleaned = addressWithoutToken(window.location.href);
  if (cleaned !== null) window.history.replaceState(window.history.state, '', cleaned);
  return createSocketApi(socketUrl(window.location), openWebSocket);
}
