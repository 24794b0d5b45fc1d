/**
 * The `app://silkroute/` scheme that serves the built renderer (see app-origin.ts for why not
 * file://). File resolution — traversal and symlink checks, MIME types, SPA fallback — is the same
 * code browser mode uses, and every response carries the renderer's CSP.
 */
import { protocol } from 'electron';
import { RENDERER_CSP } from '../engine/transport/csp.js';
import { loadStatic } from '../engine/transport/static-files.js';
import { APP_HOST, APP_SCHEME } from './app-origin.js';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

const baseHeaders = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
};

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

export async function respondToAppRequest(
  request: Request,
  rendererDir: string,
): Promise<Response> {
  const url = new URL(request.url);
  if (url.host !== APP_HOST) return plain(404, 'Not found');
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return plain(405, 'Method not allowed');
  const acceptsHtml = (request.headers.get('accept') ?? '').includes('text/html');
  const result = await loadStatic(rendererDir, url.pathname, acceptsHtml);
  switch (result.kind) {
    case 'file':
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(result.body), {
        status: 200,
        headers: {
          ...baseHeaders,
          'Content-Type': result.contentType,
          'Cache-Control': result.cacheControl,
        },
      });
    case 'not_built':
      return plain(503, 'The renderer is not built: run `npm run build`.');
    case 'bad_path':
    case 'not_found':
      return plain(404, 'Not found');
  }
}

/** Must run after the app is ready. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => respondToAppRequest(request, rendererDir));
}
