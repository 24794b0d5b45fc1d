/**
 * Raw HTTP and WebSocket helpers for the browser-mode server's tests. node:http is used rather than
 * fetch because the tests must send what a browser would refuse to (forged Host headers, paths with
 * unnormalised dot segments).
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { WebSocket } from 'ws';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export function rawRequest(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** Opens a socket; resolves with it when open, or with the refusal's HTTP status. */
export function openSocket(
  url: string,
  options: { headers?: Record<string, string>; origin?: string } = {},
): Promise<{ socket: WebSocket; status?: undefined } | { socket?: undefined; status: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options);
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0 });
      response.resume();
    });
    socket.once('error', reject);
  });
}

/** Collects parsed frames from a socket and waits for a number of them. */
export function frameCollector(socket: WebSocket) {
  const frames: unknown[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data: Buffer) => {
    frames.push(JSON.parse(data.toString('utf8')));
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    frames,
    async next(count: number): Promise<unknown[]> {
      while (frames.length < count) await new Promise<void>((wake) => waiters.push(wake));
      return frames.slice(0, count);
    },
  };
}
