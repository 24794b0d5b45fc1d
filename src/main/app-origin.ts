/**
 * The app's own origin. The renderer is served from a custom `app://silkroute/` scheme registered
 * as standard and secure rather than from file://: it gives the UI a real origin of its own (file://
 * pages share one opaque origin with every file on disk), so CSP 'self', the navigation guards and
 * the IPC sender check can all say "only our pages", and the handler serves nothing but the built
 * renderer folder — a compromised page cannot read arbitrary files through file:// URLs. It also
 * lets deep links fall back to index.html like the browser-mode server does.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'silkroute';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * True for URLs of the app's own origin. Compared by scheme and host because WHATWG URL gives
 * non-special schemes an opaque "null" origin, so `.origin` cannot be used here.
 */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed?.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

/** Links the system browser may open: plain web pages only, never file:, javascript: or custom schemes. */
export function isExternalWebUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed?.protocol === 'https:' || parsed?.protocol === 'http:';
}
