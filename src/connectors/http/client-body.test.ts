/**
 * The request shapes beyond JSON GET/POST: PUT and DELETE, per-request headers (which the
 * protocol's own headers override), and a raw body sent with its own content type (form-encoded
 * OAuth token requests).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient, type MarketplaceProtocol } from './client.js';
import { systemClock } from './clock.js';

interface Seen {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let server: Server | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  client?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(seen: Seen[]): Promise<string> {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const protocol: MarketplaceProtocol = {
  marketplace: 'ebay',
  prepare: () => ({ query: new URLSearchParams(), headers: { 'x-protocol': 'protocol' } }),
  interpret: (reply) => reply.json,
};

function makeClient(baseUrl: string): HttpClient {
  client = new HttpClient({
    protocol,
    accountKey: 't',
    baseUrl,
    clock: systemClock,
    limits: () => ({ requestsPerSecond: 1000, burst: 50 }),
    timeoutMs: 1000,
  });
  return client;
}

const base = { bucket: 'b', idempotent: true, authenticated: false } as const;

describe('HttpClient request shapes', () => {
  it('sends PUT with a JSON body and the request headers, the protocol winning on a clash', async () => {
    const seen: Seen[] = [];
    const http = makeClient(await serve(seen));
    await http.request({
      ...base,
      operation: 'put',
      method: 'PUT',
      path: '/thing/1',
      body: { a: 1 },
      headers: { 'content-language': 'en-GB', 'x-protocol': 'request' },
    });
    expect(seen[0]!.method).toBe('PUT');
    expect(seen[0]!.body).toBe('{"a":1}');
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(seen[0]!.headers['content-language']).toBe('en-GB');
    expect(seen[0]!.headers['x-protocol']).toBe('protocol');
  });

  it('sends a raw body as is with its own content type, in place of a JSON body', async () => {
    const seen: Seen[] = [];
    const http = makeClient(await serve(seen));
    await http.request({
      ...base,
      operation: 'token',
      method: 'POST',
      path: '/token',
      body: { ignored: true },
      rawBody: {
        contentType: 'application/x-www-form-urlencoded',
        text: 'grant_type=refresh_token&x=%2F',
      },
    });
    expect(seen[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen[0]!.body).toBe('grant_type=refresh_token&x=%2F');
  });

  it('sends DELETE without a body or content type', async () => {
    const seen: Seen[] = [];
    const http = makeClient(await serve(seen));
    await http.request({ ...base, operation: 'delete', method: 'DELETE', path: '/thing/1' });
    expect(seen[0]!.method).toBe('DELETE');
    expect(seen[0]!.body).toBe('');
    expect(seen[0]!.headers['content-type']).toBeUndefined();
  });
});
