import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RENDERER_CSP } from '../engine/transport/csp.js';
import { protocol } from './testing/fake-electron.js';

vi.mock('electron', () => import('./testing/fake-electron.js'));
const { handleAppProtocol, registerAppScheme, respondToAppRequest } = await import('./protocol.js');

let root: string;
let rendererDir: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'silkroute-protocol-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<title>Silkroute</title>');
  writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'export {}');
  writeFileSync(join(root, 'secret.txt'), 'TOP SECRET');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const get = (url: string, accept = '*/*') =>
  respondToAppRequest(new Request(url, { headers: { accept } }), rendererDir);

describe('app:// protocol', () => {
  it('registers app:// as a standard, secure scheme', () => {
    registerAppScheme();
    const [schemes] = protocol.registerSchemesAsPrivileged.mock.calls[0] as unknown as [
      { scheme: string; privileges: Record<string, boolean> }[],
    ];
    expect(schemes[0]?.scheme).toBe('app');
    expect(schemes[0]?.privileges).toMatchObject({ standard: true, secure: true });
    handleAppProtocol(rendererDir);
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('serves renderer files with the CSP header and their MIME type', async () => {
    const page = await get('app://silkroute/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>Silkroute</title>');
    const script = await get('app://silkroute/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('falls back to index.html for app routes', async () => {
    const route = await get('app://silkroute/orders/12', 'text/html');
    expect(await route.text()).toContain('<title>Silkroute</title>');
  });

  it('serves nothing outside the renderer folder or for another host', async () => {
    for (const url of [
      'app://silkroute/..%2fsecret.txt',
      'app://silkroute/assets/..%2f..%2fsecret.txt',
    ]) {
      const response = await get(url, 'text/html');
      expect(await response.text(), url).not.toContain('TOP SECRET');
    }
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
  });
});
