import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient, type MarketplaceProtocol, type RequestSpec } from './client.js';
import { systemClock } from './clock.js';
import { AuthExpiredError, PermanentError, RateLimitedError, RetryableError } from './errors.js';
import { InMemoryTokenStore, TokenManager } from './tokens.js';

type Handler = (request: IncomingMessage, response: ServerResponse, url: URL) => void;
let server: Server | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  client?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(handler: Handler): Promise<string> {
  server = createServer((request, response) =>
    handler(request, response, new URL(request.url ?? '/', 'http://x')),
  );
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const details = (spec: RequestSpec, requestId: string | null) => ({
  marketplace: 'wish' as const,
  operation: spec.operation,
  requestId,
});

/** A plain JSON protocol for the tests: status codes carry the meaning. */
const protocol: MarketplaceProtocol & { seenTimestamps: number[] } = {
  marketplace: 'wish',
  seenTimestamps: [],
  prepare(_spec, { now, accessToken }) {
    protocol.seenTimestamps.push(now);
    const query = new URLSearchParams({ ts: String(Math.floor(now / 1000)) });
    if (accessToken) query.set('token', accessToken);
    return { query, headers: {} };
  },
  interpret(reply, spec) {
    const requestId = reply.headers['x-request-id'] ?? null;
    if (reply.status === 429) throw new RateLimitedError('throttled', details(spec, requestId));
    if (reply.status >= 500)
      throw new RetryableError(`HTTP ${reply.status}`, details(spec, requestId));
    if (reply.status === 401) throw new AuthExpiredError('token expired', details(spec, requestId));
    if (reply.status >= 400)
      throw new PermanentError(`refused: ${reply.text}`, details(spec, requestId));
    if (reply.parseError)
      throw new RetryableError('bad body', { ...details(spec, requestId), maybeApplied: true });
    return reply.json;
  },
};

function makeClient(baseUrl: string, tokens?: TokenManager): HttpClient {
  client = new HttpClient({
    protocol,
    accountKey: 't',
    baseUrl,
    clock: systemClock,
    limits: () => ({ requestsPerSecond: 1000, burst: 50 }),
    tokens,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: 500,
  });
  return client;
}

const get = (path = '/thing'): RequestSpec => ({
  operation: 'test.get',
  bucket: 'b',
  method: 'GET',
  path,
  idempotent: true,
  authenticated: false,
});

describe('HttpClient', () => {
  it('retries 5xx, 429 and dropped connections, then returns the payload', async () => {
    let calls = 0;
    const url = await serve((request, response) => {
      calls += 1;
      if (calls === 1) return void response.writeHead(503).end('busy');
      if (calls === 2) return void response.writeHead(429, { 'retry-after': '0' }).end('{}');
      if (calls === 3) return void request.socket.destroy();
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    expect(await makeClient(url).request(get())).toEqual({ ok: true });
    expect(calls).toBe(4);
  });

  it('does not repeat a write whose reply was lost, and says it may have been applied', async () => {
    let calls = 0;
    const url = await serve((_request, response) => {
      calls += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"cut":');
    });
    const write: RequestSpec = {
      ...get('/write'),
      method: 'POST',
      body: { a: 1 },
      idempotent: false,
    };
    await expect(makeClient(url).request(write)).rejects.toMatchObject({
      kind: 'retryable',
      maybeApplied: true,
    });
    expect(calls).toBe(1);
  });

  it('sends a write again when a kept-alive connection was closed under it before any answer', async () => {
    // A plain socket server that answers the first request of a connection and closes the
    // connection when a second one arrives on it, as a server closing an idle connection does
    // just as the client reuses it. It never reads that second request.
    let handled = 0;
    const sockets = createNetServer((socket) => {
      let seen = '';
      socket.on('data', (chunk) => {
        seen += chunk.toString('latin1');
        if (!seen.includes('\r\n\r\n')) return;
        if (socket.bytesWritten > 0) return void socket.resetAndDestroy();
        handled += 1;
        seen = '';
        socket.write(
          'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n' +
            'connection: keep-alive\r\n\r\n{"ok":true}',
        );
      });
    });
    await new Promise<void>((resolve) => sockets.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(sockets.address() as AddressInfo).port}`;
      const http = makeClient(url);
      await http.request(get());
      const write: RequestSpec = { ...get('/write'), method: 'POST', idempotent: false };
      expect(await http.request(write)).toEqual({ ok: true });
      expect(handled).toBe(2);
    } finally {
      client?.close();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
    }
  });

  it('does not send a write again when a fresh connection dies before the answer', async () => {
    let calls = 0;
    const url = await serve((request) => {
      calls += 1;
      request.socket.destroy();
    });
    const write: RequestSpec = { ...get('/write'), method: 'POST', idempotent: false };
    await expect(makeClient(url).request(write)).rejects.toMatchObject({
      kind: 'retryable',
      maybeApplied: true,
    });
    expect(calls).toBe(1);
  });

  it('refreshes once on an expired token and repeats the call with the new one', async () => {
    const seen: string[] = [];
    const url = await serve((_request, response, parsed) => {
      const token = parsed.searchParams.get('token') ?? '';
      seen.push(token);
      if (token === 'old') return void response.writeHead(401).end('{}');
      response.writeHead(200).end('{"ok":1}');
    });
    const store = new InMemoryTokenStore();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const tokens = new TokenManager({
      marketplace: 'wish',
      accountKey: 't',
      store,
      clock: systemClock,
      refresher: (current) =>
        Promise.resolve({
          ...current,
          accessToken: 'new',
          refreshToken: 'r2',
          accessTokenExpiresAt: future,
        }),
    });
    await tokens.adopt({
      accessToken: 'old',
      accessTokenExpiresAt: future,
      refreshToken: 'r1',
      refreshTokenExpiresAt: null,
      authorizationExpiresAt: null,
    });
    expect(await makeClient(url, tokens).request({ ...get(), authenticated: true })).toEqual({
      ok: 1,
    });
    expect(seen).toEqual(['old', 'new']);
    expect(tokens.refreshCount).toBe(1);
  });

  it('keeps the request id on errors and redacts secrets from their messages', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(400, { 'x-request-id': 'rid-42' }).end('bad access_token=supersecret123');
    });
    const error = await makeClient(url)
      .request(get())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ requestId: 'rid-42' });
    expect((error as Error).message).not.toContain('supersecret123');
  });

  it('adopts the marketplace time from the Date header for the next request', async () => {
    const marketplaceNow = Date.now() + 2 * 3_600_000;
    const url = await serve((_request, response) => {
      response.writeHead(200, { date: new Date(marketplaceNow).toUTCString() }).end('{}');
    });
    const http = makeClient(url);
    protocol.seenTimestamps.length = 0;
    await http.request(get());
    await http.request(get());
    const [first, second] = protocol.seenTimestamps;
    expect(Math.abs(first! - Date.now())).toBeLessThan(60_000);
    expect(Math.abs(second! - marketplaceNow)).toBeLessThan(60_000);
  });

  it('gives up after the retry budget with the last error', async () => {
    let calls = 0;
    const url = await serve((_request, response) => {
      calls += 1;
      response.writeHead(502).end();
    });
    await expect(makeClient(url).request(get())).rejects.toBeInstanceOf(RetryableError);
    expect(calls).toBe(9);
  });

  it('ends a request waiting out a long backoff as soon as the client is closed', async () => {
    let calls = 0;
    const url = await serve((_request, response) => {
      calls += 1;
      response.writeHead(503).end('busy');
    });
    const closing = new HttpClient({
      protocol,
      accountKey: 'closing',
      baseUrl: url,
      clock: systemClock,
      limits: () => ({ requestsPerSecond: 1000, burst: 50 }),
      // A backoff far longer than the test's timeout: only close() can end the wait.
      retry: { baseDelayMs: 600_000, maxDelayMs: 600_000, maxElapsedMs: 3_600_000 },
      timeoutMs: 500,
      random: () => 1,
    });
    const pending = closing.request(get());
    while (calls === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    closing.close();
    await expect(pending).rejects.toMatchObject({
      kind: 'permanent',
      marketplaceCode: 'client_closed',
    });
    expect(calls).toBe(1);
    await expect(closing.request(get())).rejects.toMatchObject({
      marketplaceCode: 'client_closed',
    });
    expect(calls).toBe(1);
  });
});
