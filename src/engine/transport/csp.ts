/**
 * The renderer's Content-Security-Policy, in one place for both shells: the Electron protocol
 * handler and the browser-mode server send it as a header, and it is the same policy the
 * renderer's index.html states in its meta tag (csp.test.ts fails if the two drift apart). Nothing
 * inline, nothing remote: the UI is a bundle of our own files and talks only to the engine.
 */

const DIRECTIVES: readonly (readonly [string, readonly string[]])[] = [
  ['default-src', ["'self'"]],
  ['script-src', ["'self'"]],
  ['style-src', ["'self'"]],
  ['img-src', ["'self'", 'data:']],
  ['connect-src', ["'self'"]],
  ['object-src', ["'none'"]],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
  // Ignored in a meta tag, enforced in the header: no page may frame the app (clickjacking).
  ['frame-ancestors', ["'none'"]],
];

/** The policy exactly as the renderer's meta tag states it. */
export const RENDERER_CSP = rendererCspHeader();

/**
 * The policy as a response header, with any extra `connect-src` sources: browser mode lists its
 * WebSocket origins explicitly, since not every browser counts ws: under 'self'.
 */
export function rendererCspHeader(extraConnectSources: readonly string[] = []): string {
  return DIRECTIVES.map(([name, values]) => {
    const all = name === 'connect-src' ? [...values, ...extraConnectSources] : values;
    return `${name} ${all.join(' ')}`;
  }).join('; ');
}

/** Parses a policy into directive → sources, for comparing policies regardless of order. */
export function parseCsp(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return directives;
}
