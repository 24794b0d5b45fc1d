/**
 * The renderer's Content-Security-Policy, in one place for both shells: the Electron protocol
 * handler and the browser-mode server send it as a header, and the renderer's index.html carries
 * the same directives in its meta tag (minus `frame-ancestors`, which browsers ignore in a meta).
 * Nothing inline, nothing remote: the UI is a bundle of our own files and talks only to the engine.
 */

const DIRECTIVES: readonly (readonly [string, readonly string[]])[] = [
  ['default-src', ["'none'"]],
  ['script-src', ["'self'"]],
  ['style-src', ["'self'"]],
  ['img-src', ["'self'", 'data:']],
  ['font-src', ["'self'"]],
  ['connect-src', ["'self'"]],
  ['manifest-src', ["'self'"]],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
  ['object-src', ["'none'"]],
];

/** The policy as the renderer's meta tag states it. */
export const RENDERER_META_CSP = DIRECTIVES.map(
  ([name, values]) => `${name} ${values.join(' ')}`,
).join('; ');

/**
 * The policy as a response header: the meta policy plus `frame-ancestors 'none'`, and any extra
 * `connect-src` origins (browser mode lists its WebSocket origins explicitly, as older engines do
 * not count ws: under 'self').
 */
export function rendererCspHeader(extraConnectSources: readonly string[] = []): string {
  return DIRECTIVES.map(([name, values]) => {
    const all = name === 'connect-src' ? [...values, ...extraConnectSources] : values;
    return `${name} ${all.join(' ')}`;
  })
    .concat("frame-ancestors 'none'")
    .join('; ');
}
