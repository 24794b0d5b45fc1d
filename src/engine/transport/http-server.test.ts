import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './http-server.js';
import { MAX_BODY_BYTES } from './http-api.js';
import { createFakeEngine, type FakeEngine } from './testing/fake-engine.js';
import { frameCollector, openSocket, rawRequest } from './testing/http-test-client.js';

let root: string;
let rendererDir: string;
let engine: FakeEngine;
let server: RunningServer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'silkroute-http-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Silkroute</title>');
  writeFileSync(join(rendererDir, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(rendererDir, 'assets', 'app-1234.css'), 'body{}');
  writeFileSync(join(rendererDir, 'icon.svg'), '<svg/>');
  writeFileSync(join(root, 'secret.txt'), 'TOP SECRET');
  symlinkSync(join(root, 'secret.txt'), join(rendererDir, 'escape.txt'));
  engine = createFakeEngine();
  server = await startServer({ engine, rendererDir, port: 0 });
});

afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

const bearer = () => ({ Authorization: `Bearer ${server.token}` });
const json = (extra: Record<string, string> = {}) => ({
  ...bearer(),
  'Content-Type': 'application/json',
  ...extra,
});
const api = (method: string, body: string, headers: Record<string, string> = json()) =>
  rawRequest(server.port, `/api/${method}`, { method: 'POST', headers, body });
const wsUrl = () => `ws://127.0.0.1:${server.port}/ws`;

describe('startServer', () => {
  it('prints a loopback URL carrying a strong token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43,}$/);
  });
});

describe('authentication', () => {
  it('answers 401 without a token on page, API and WebSocket', async () => {
    expect((await rawRequest(server.port, '/')).status).toBe(401);
    const page = await rawRequest(server.port, '/orders');
    expect(JSON.parse(page.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await api('settings.get', '{}', { 'Content-Type': 'application/json' })).status).toBe(
      401,
    );
    expect((await openSocket(wsUrl())).status).toBe(401);
  });

  it('answers 401 for a wrong token everywhere', async () => {
    expect((await rawRequest(server.port, '/?token=wrong')).status).toBe(401);
    const wrong = { Authorization: 'Bearer wrong', 'Content-Type': 'application/json' };
    expect((await api('settings.get', '{}', wrong)).status).toBe(401);
    expect((await openSocket(wsUrl(), { headers: { Authorization: 'Bearer wrong' } })).status).toBe(
      401,
    );
    const badCookie = { Cookie: `silkroute_session_${server.port}=wrong` };
    expect((await rawRequest(server.port, '/', { headers: badCookie })).status).toBe(401);
  });

  it('trades ?token= for a strict HttpOnly cookie and strips it from the address', async () => {
    const first = await rawRequest(server.port, `/orders/5?token=${server.token}&tab=lines`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/orders/5?tab=lines');
    const cookie = first.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toContain(`silkroute_session_${server.port}=${server.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);

    const session = { Cookie: cookie.split(';')[0] ?? '' };
    const page = await rawRequest(server.port, '/orders/5?tab=lines', { headers: session });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Silkroute</title>');
    const call = await api('settings.get', '{}', {
      ...session,
      'Content-Type': 'application/json',
    });
    expect(call.status).toBe(200);
    const socket = await openSocket(wsUrl(), { headers: session });
    expect(socket.socket).toBeDefined();
    socket.socket?.close();
  });
});

describe('Host and Origin checks', () => {
  it('refuses a foreign Origin with 403 on page, API and WebSocket', async () => {
    const evil = { ...json(), Origin: 'http://evil.example' };
    const response = await api('settings.get', '{}', evil);
    expect(response.status).toBe(403);
    expect(response.body).toContain('"ok":false');
    expect(response.body).toContain('evil.example');
    const page = await rawRequest(server.port, '/', { headers: { ...bearer(), Origin: 'null' } });
    expect(page.status).toBe(403);
    const other = { ...json(), Origin: `http://127.0.0.1:${server.port + 1}` };
    expect((await api('settings.get', '{}', other)).status).toBe(403);
    const socket = await openSocket(wsUrl(), { headers: bearer(), origin: 'https://evil.example' });
    expect(socket.status).toBe(403);
  });

  it('accepts the server’s own origin', async () => {
    const own = { ...json(), Origin: `http://127.0.0.1:${server.port}` };
    expect((await api('settings.get', '{}', own)).status).toBe(200);
    const socket = await openSocket(wsUrl(), {
      headers: bearer(),
      origin: `http://localhost:${server.port}`,
    });
    expect(socket.socket).toBeDefined();
    socket.socket?.close();
  });

  it('refuses a Host other than 127.0.0.1:PORT or localhost:PORT (DNS rebinding)', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${server.port}`,
      `127.0.0.1:${server.port + 1}`,
    ]) {
      const response = await api('settings.get', '{}', { ...json(), Host: host });
      expect(response.status, host).toBe(403);
    }
    expect(
      (await api('settings.get', '{}', { ...json(), Host: `localhost:${server.port}` })).status,
    ).toBe(200);
    const socket = await openSocket(wsUrl(), { headers: { ...bearer(), Host: 'rebound.example' } });
    expect(socket.status).toBe(403);
  });
});

describe('POST /api/<method>', () => {
  it('returns the result frame with status 200', async () => {
    const response = await api('settings.update', JSON.stringify({ theme: 'dark' }));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      type: 'result',
      ok: true,
      value: { theme: 'dark' },
    });
  });

  it('maps error codes to statuses', async () => {
    expect((await api('listings.get', '{"id":5}')).status).toBe(404);
    expect((await api('nope.nothing', '{}')).status).toBe(404);
    expect(
      (await api('listings.update', '{"id":1,"baseVersion":0,"changes":{"quantity":1}}')).status,
    ).toBe(409);
    const internal = await api('orders.get', '{"id":1}');
    expect(internal.status).toBe(500);
    expect(internal.body).not.toContain('exploded');
  });

  it('reports malformed JSON and malformed payloads field by field', async () => {
    const garbled = await api('listings.query', '{"limit":');
    expect(garbled.status).toBe(400);
    expect(JSON.parse(garbled.body)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: '(body)' }] },
    });
    const invalid = await api(
      'listings.query',
      JSON.stringify({ limit: 'x', sort: { field: 'nope', dir: 'asc' } }),
    );
    expect(invalid.status).toBe(400);
    const paths = (
      JSON.parse(invalid.body) as { error: { issues: { path: string }[] } }
    ).error.issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['limit', 'sort.field']));
  });

  it('accepts an empty body as empty input', async () => {
    expect((await api('accounts.list', '')).status).toBe(200);
  });

  it('refuses other verbs, other content types and oversized bodies', async () => {
    expect((await rawRequest(server.port, '/api/settings.get', { headers: bearer() })).status).toBe(
      405,
    );
    expect(
      (await api('settings.get', '{}', { ...bearer(), 'Content-Type': 'text/plain' })).status,
    ).toBe(415);
    const huge = JSON.stringify({ search: 'x'.repeat(MAX_BODY_BYTES) });
    expect((await api('listings.query', huge)).status).toBe(413);
  });
});

describe('WebSocket /ws', () => {
  const connect = async () => {
    const { socket } = await openSocket(wsUrl(), { headers: bearer() });
    if (!socket) throw new Error('socket refused');
    return { socket, ...frameCollector(socket) };
  };

  it('answers calls by id', async () => {
    const client = await connect();
    client.socket.send(JSON.stringify({ type: 'call', id: 3, method: 'settings.get', input: {} }));
    const [frame] = await client.next(1);
    expect(frame).toMatchObject({ type: 'result', id: 3, ok: true, value: { locale: 'en' } });
    client.socket.close();
  });

  it('answers garbled and malformed frames with error frames and stays open', async () => {
    const client = await connect();
    client.socket.send('{not json');
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    client.socket.send(
      JSON.stringify({ type: 'call', id: 9, method: 'listings.query', input: { limit: -1 } }),
    );
    client.socket.send(JSON.stringify({ type: 'call', id: 10, method: 'app.info', input: {} }));
    const frames = (await client.next(4)) as {
      id: number;
      ok: boolean;
      error?: { code: string; issues?: { path: string }[] };
    }[];
    const garbled = frames.filter((frame) => frame.id === -1);
    expect(garbled).toHaveLength(2);
    for (const frame of garbled) expect(frame.error?.code).toBe('invalid_input');
    expect(frames.find((frame) => frame.id === 9)?.error?.issues?.[0]?.path).toBe('limit');
    expect(frames.find((frame) => frame.id === 10)?.ok).toBe(true);
    client.socket.close();
  });

  it('pushes engine events to every socket', async () => {
    const first = await connect();
    const second = await connect();
    engine.emit({ type: 'event', name: 'data.changed', payload: { entities: ['orders'] } });
    const expected = { type: 'event', name: 'data.changed', payload: { entities: ['orders'] } };
    expect(await first.next(1)).toEqual([expected]);
    expect(await second.next(1)).toEqual([expected]);
    first.socket.close();
    second.socket.close();
  });

  it('refuses upgrades on other paths', async () => {
    const refused = await openSocket(`ws://127.0.0.1:${server.port}/other`, { headers: bearer() });
    expect(refused.status).toBe(404);
  });
});

describe('static files', () => {
  const get = (path: string, headers: Record<string, string> = {}) =>
    rawRequest(server.port, path, { headers: { ...bearer(), ...headers } });

  it('serves files with their MIME type and security headers', async () => {
    const script = await get('/assets/app-1234.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['x-content-type-options']).toBe('nosniff');
    expect(script.headers['content-security-policy']).toContain("script-src 'self'");
    expect(script.headers['content-security-policy']).toContain(`ws://127.0.0.1:${server.port}`);
    expect(script.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect((await get('/assets/app-1234.css')).headers['content-type']).toBe(
      'text/css; charset=utf-8',
    );
    expect((await get('/icon.svg')).headers['content-type']).toBe('image/svg+xml');
    const index = await get('/');
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('falls back to index.html for app routes but not for missing assets', async () => {
    const route = await get('/listings/42', { Accept: 'text/html' });
    expect(route.status).toBe(200);
    expect(route.body).toContain('<title>Silkroute</title>');
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('never serves a file outside the renderer folder', async () => {
    const attempts = [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/escape.txt',
      '/%00index.html',
    ];
    for (const path of attempts) {
      const response = await get(path, { Accept: 'text/html' });
      expect(response.body, path).not.toContain('TOP SECRET');
      expect([200, 400, 404], path).toContain(response.status);
      if (response.status === 200)
        expect(response.body, path).toContain('<title>Silkroute</title>');
    }
  });

  it('answers HEAD without a body and refuses other verbs', async () => {
    const head = await rawRequest(server.port, '/', { method: 'HEAD', headers: bearer() });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(
      (await rawRequest(server.port, '/', { method: 'DELETE', headers: bearer() })).status,
    ).toBe(405);
  });
});

describe('a server without a built renderer', () => {
  it('says how to build it and still serves the API', async () => {
    const bare = await startServer({
      engine: createFakeEngine(),
      rendererDir: join(root, 'missing'),
    });
    try {
      const headers = { Authorization: `Bearer ${bare.token}` };
      const page = await rawRequest(bare.port, '/', { headers });
      expect(page.status).toBe(503);
      expect(page.body).toContain('npm run build');
      const call = await rawRequest(bare.port, '/api/app.info', {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(call.status).toBe(200);
    } finally {
      await bare.close();
    }
    await expect(rawRequest(bare.port, '/')).rejects.toThrow();
  });
});
