/**
 * Serves the built renderer (dist/renderer) in browser mode. Only files that really sit inside the
 * renderer folder are served — the decoded path is resolved and its real path (symlinks followed)
 * must stay under the root — and unknown routes fall back to index.html so the SPA's own router
 * handles deep links. A missing asset (a path with a file extension that is not asking for HTML)
 * is a 404, not index.html, so a broken bundle fails loudly instead of parsing HTML as JavaScript.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function mimeType(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticResult =
  | { kind: 'file'; body: Buffer; contentType: string; cacheControl: string }
  | { kind: 'not_found' }
  | { kind: 'bad_path' }
  | { kind: 'not_built' };

/** Resolves one request path to a file of the renderer, or says why not. */
export async function loadStatic(
  rendererDir: string,
  pathname: string,
  acceptsHtml: boolean,
): Promise<StaticResult> {
  let root: string;
  try {
    root = await realpath(rendererDir);
  } catch {
    return { kind: 'not_built' };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'bad_path' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'bad_path' };

  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const candidate = resolve(root, relative);
  if (!isInside(root, candidate)) return { kind: 'bad_path' };

  const file = await existingFileInside(root, candidate);
  if (file) return read(file, isHashedAsset(relative));

  const wantsPage = acceptsHtml || extname(relative) === '';
  if (!wantsPage) return { kind: 'not_found' };
  const index = await existingFileInside(root, resolve(root, 'index.html'));
  return index ? read(index, false) : { kind: 'not_built' };
}

function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root + sep);
}

async function existingFileInside(root: string, candidate: string): Promise<string | undefined> {
  try {
    const real = await realpath(candidate);
    if (!isInside(root, real)) return undefined;
    const info = await stat(real);
    return info.isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

/** Vite names bundle files by content hash under assets/, so they never change under one name. */
function isHashedAsset(relative: string): boolean {
  return relative.startsWith('assets/');
}

async function read(file: string, immutable: boolean): Promise<StaticResult> {
  return {
    kind: 'file',
    body: await readFile(file),
    contentType: mimeType(file),
    cacheControl: immutable ? 'private, max-age=31536000, immutable' : 'no-cache',
  };
}
