/**
 * The HTTP shell every fake marketplace runs in: binds 127.0.0.1 on a random port, parses the
 * request, applies injected faults, stamps the simulated time in the Date header (clients may
 * correct their clock from it) and writes JSON. The marketplace logic is a plain handler.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { SimClock } from './clock.js';
import type { FaultInjector } from './faults.js';

export interface SandboxRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The query string as it arrived (with its `?`, percent-encoding untouched), or ''. */
  search: string;
  headers: IncomingMessage['headers'];
  bodyText: string;
  /** The parsed JSON body; undefined when there was none or it was not JSON (see bodyError). */
  body: unknown;
  bodyError: string | null;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless `text` is given. */
  json?: unknown;
  text?: string;
}

export type SandboxHandler = (
  request: SandboxRequest,
) => SandboxResponse | Promise<SandboxResponse>;

export interface SandboxExchange {
  method: string;
  path: string;
  query: Record<string, string[]>;
  body: unknown;
  status: number;
  response: unknown;
}

export interface SandboxServerOptions {
  clock: SimClock;
  handler: SandboxHandler;
  faults?: FaultInjector;
  /** What the marketplace answers for an injected 5xx and an injected throttle. */
  serverError: (request: SandboxRequest) => SandboxResponse;
  rateLimited: (request: SandboxRequest, retryAfterMs: number) => SandboxResponse;
  /** Called with every answered exchange (for conformance checks); omit to keep nothing. */
  onExchange?: (exchange: SandboxExchange) => void;
}

export interface SandboxServer {
  baseUrl: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;

async function readBody(message: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of message) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new RangeError('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseRequest(message: IncomingMessage, bodyText: string): SandboxRequest {
  const url = new URL(message.url ?? '/', 'http://127.0.0.1');
  let body: unknown;
  let bodyError: string | null = null;
  if (bodyText.length > 0) {
    try {
      body = JSON.parse(bodyText) as unknown;
    } catch (error) {
      bodyError = error instanceof Error ? error.message : String(error);
    }
  }
  return {
    method: message.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    search: url.search,
    headers: message.headers,
    bodyText,
    body,
    bodyError,
  };
}

function queryRecord(query: URLSearchParams): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of query) (out[key] ??= []).push(value);
  return out;
}

export async function startSandboxServer(options: SandboxServerOptions): Promise<SandboxServer> {
  const { clock, faults } = options;
  const sockets = new Set<Socket>();

  const write = (
    res: ServerResponse,
    request: SandboxRequest,
    answer: SandboxResponse,
    truncate: boolean,
  ) => {
    const text = answer.text ?? JSON.stringify(answer.json ?? null);
    const body = truncate ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : text;
    res.sendDate = false;
    res.writeHead(answer.status, {
      'content-type':
        answer.text === undefined ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      date: new Date(clock.now()).toUTCString(),
      ...answer.headers,
    });
    res.end(body);
    options.onExchange?.({
      method: request.method,
      path: request.path,
      query: queryRecord(request.query),
      body: request.body,
      status: answer.status,
      response: answer.json,
    });
  };

  const server = createServer((req, res) => {
    void (async () => {
      let request: SandboxRequest;
      try {
        request = parseRequest(req, await readBody(req));
      } catch {
        res.writeHead(413).end();
        return;
      }
      const fault = faults?.decide(request.path) ?? { kind: 'none', latencyMs: 0 };
      if (fault.latencyMs > 0) await clock.sleep(fault.latencyMs);
      switch (fault.kind) {
        case 'drop':
          req.socket.destroy();
          return;
        case 'server_error':
          write(res, request, options.serverError(request), false);
          return;
        case 'rate_limit':
          write(res, request, options.rateLimited(request, 1000), false);
          return;
        default:
          break;
      }
      let answer: SandboxResponse;
      try {
        answer = await options.handler(request);
      } catch (error) {
        // A bug in the fake must still look like a marketplace failure, not hang the client.
        answer = {
          ...options.serverError(request),
          headers: { 'x-sandbox-error': String(error).slice(0, 200) },
        };
      }
      write(res, request, answer, fault.kind === 'truncate');
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
