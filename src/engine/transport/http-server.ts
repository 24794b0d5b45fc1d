/**
 * Browser mode: the engine and the built renderer over HTTP and WebSocket on 127.0.0.1 only.
 * Every request passes, in order: the Host check (DNS rebinding), the Origin check (other sites'
 * pages), then the per-launch token (cookie or Bearer). A page visited with `?token=` trades it for
 * an HttpOnly, SameSite=Strict cookie and is redirected to the same path without it, so the secret
 * does not linger in the address bar, history or Referer.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createLogger } from '../../shared/log.js';
import type { Engine } from '../service/engine-types.js';
import { createConnectionHub } from './connection-hub.js';
import { rendererCspHeader } from './csp.js';
import { handleApiRequest } from './http-api.js';
import {
  allowedHosts,
  checkHostAndOrigin,
  createToken,
  isAuthenticated,
  securityHeaders,
  sessionCookie,
  tokensMatch,
} from './http-security.js';
import { loadStatic } from './static-files.js';
import { createSocketServer } from './ws-host.js';

const log = createLogger('transport.http');

export interface ServerOptions {
  engine: Engine;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
}

export interface RunningServer {
  /** The address to open, token included: `http://127.0.0.1:PORT/?token=…`. */
  url: string;
  port: number;
  token: string;
  /** Closes sockets and the listener. The engine is the caller's to close. */
  close(): Promise<void>;
}

const UNAUTHORIZED_MESSAGE =
  'Missing or wrong access token: open the address printed by `silkroute serve` (it carries the token)';

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { engine, rendererDir } = options;
  const token = createToken();
  const hub = createConnectionHub(engine);
  const sockets = createSocketServer(hub);
  let port = 0;
  let headers: Record<string, string> = {};

  const send = (
    response: ServerResponse,
    status: number,
    body: Buffer | string,
    extra: Record<string, string> = {},
  ) => {
    response.writeHead(status, { ...headers, ...extra });
    response.end(response.req.method === 'HEAD' ? undefined : body);
  };
  const sendJson = (response: ServerResponse, status: number, value: unknown) =>
    send(response, status, JSON.stringify(value), {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
    });
  const sendError = (response: ServerResponse, status: number, code: string, message: string) =>
    sendJson(response, status, { ok: false, error: { code, message } });

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const refused = checkHostAndOrigin(request, port);
    if (refused) return sendError(response, refused.status, refused.code, refused.message);
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);

    if (url.pathname.startsWith('/api/')) {
      if (!isAuthenticated(request, port, token)) {
        return sendError(response, 401, 'unauthorized', UNAUTHORIZED_MESSAGE);
      }
      const reply = await handleApiRequest(engine, request, url.pathname.slice('/api/'.length));
      return sendJson(response, reply.status, reply.frame);
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendError(response, 405, 'invalid_input', `${request.method} is not allowed here`);
    }
    const offered = url.searchParams.get('token');
    if (offered !== null) {
      if (!tokensMatch(offered, token))
        return sendError(response, 401, 'unauthorized', UNAUTHORIZED_MESSAGE);
      url.searchParams.delete('token');
      return send(response, 303, '', {
        Location: url.pathname + url.search,
        'Set-Cookie': sessionCookie(port, token),
        'Cache-Control': 'no-store',
      });
    }
    if (!isAuthenticated(request, port, token)) {
      return sendError(response, 401, 'unauthorized', UNAUTHORIZED_MESSAGE);
    }
    if (url.pathname === '/ws') {
      return sendError(response, 426, 'invalid_input', 'Connect to /ws with a WebSocket');
    }
    const acceptsHtml = (request.headers.accept ?? '').includes('text/html');
    const result = await loadStatic(rendererDir, url.pathname, acceptsHtml);
    switch (result.kind) {
      case 'file':
        return send(response, 200, result.body, {
          'Content-Type': result.contentType,
          'Cache-Control': result.cacheControl,
        });
      case 'bad_path':
        return sendError(response, 404, 'not_found', 'Not found');
      case 'not_found':
        return sendError(response, 404, 'not_found', `No file ${url.pathname}`);
      case 'not_built':
        return sendError(
          response,
          503,
          'unavailable',
          'The renderer is not built yet: run `npm run build`, then reload',
        );
    }
  };

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      log.error('request failed', error);
      if (!response.headersSent)
        sendError(response, 500, 'internal', 'The server failed; the error was logged');
      else response.destroy();
    });
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => log.warn('upgrade socket error', error));
    const refused = checkHostAndOrigin(request, port);
    if (refused) return rejectUpgrade(socket, refused.status, refused.message);
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname !== '/ws')
      return rejectUpgrade(socket, 404, 'WebSockets are served at /ws only');
    if (!isAuthenticated(request, port, token))
      return rejectUpgrade(socket, 401, UNAUTHORIZED_MESSAGE);
    sockets.handleUpgrade(request, socket, head, (client) =>
      sockets.emit('connection', client, request),
    );
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${options.port} is already in use; choose another with --port`)
          : error,
      );
    };
    server.once('error', onError);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('The server has no TCP address');
  port = address.port;
  headers = securityHeaders(rendererCspHeader(allowedHosts(port).map((host) => `ws://${host}`)));
  server.on('error', (error) => log.error('server error', error));

  let closing: Promise<void> | undefined;
  const close = async () => {
    hub.close();
    const goodbyes = [...sockets.clients].map(
      (client) =>
        new Promise<void>((resolve) => {
          client.once('close', () => resolve());
          client.close(1001, 'The server is shutting down');
        }),
    );
    // A client that never answers the closing handshake must not hold the shutdown forever.
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, 1000).unref());
    await Promise.race([Promise.all(goodbyes), deadline]);
    for (const client of sockets.clients) client.terminate();
    sockets.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () => (closing ??= close()),
  };
}

function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  const code = status === 404 ? 'not_found' : 'unauthorized';
  const body = JSON.stringify({ ok: false, error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
