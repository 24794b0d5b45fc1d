/**
 * The WebSocket side of browser mode: each socket carries the wire frames as JSON text, exactly
 * as a MessagePort carries them as structured clones. Frames that are not JSON text get an error
 * frame back (never a crash), and a socket that stops reading is cut off before its backlog grows
 * without bound.
 */
import { WebSocket, WebSocketServer } from 'ws';
import { createLogger } from '../../shared/log.js';
import { garbledFrame, type ConnectionHub } from './connection-hub.js';

const log = createLogger('transport.ws');

export const MAX_FRAME_BYTES = 1024 * 1024;
/** Beyond this much unsent data a client is not keeping up; it reconnects and refetches. */
const MAX_BACKLOG_BYTES = 16 * 1024 * 1024;

export function createSocketServer(hub: ConnectionHub): WebSocketServer {
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('connection', (socket: WebSocket) => {
    const attached = hub.attach({
      send(frame) {
        if (socket.readyState !== WebSocket.OPEN) throw new Error('socket is not open');
        if (socket.bufferedAmount > MAX_BACKLOG_BYTES) {
          socket.terminate();
          throw new Error('socket backlog too large');
        }
        socket.send(JSON.stringify(frame));
      },
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        reply(socket, 'Binary frames are not accepted; send JSON text');
        return;
      }
      let frame: unknown;
      try {
        frame = JSON.parse(rawText(data));
      } catch {
        reply(socket, 'The frame is not valid JSON');
        return;
      }
      attached.receive(frame);
    });
    socket.on('close', () => attached.detach());
    socket.on('error', (error) => {
      // ws closes the socket after an error (oversized frame, bad UTF-8): log, detach, carry on.
      log.warn('websocket error', error);
      attached.detach();
    });
  });
  return server;
}

function reply(socket: WebSocket, problem: string): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(garbledFrame(problem)));
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
