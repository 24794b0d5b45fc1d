import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsp, RENDERER_CSP, rendererCspHeader } from './csp.js';

const repoRoot = join(import.meta.dirname, '..', '..', '..');

describe('renderer CSP', () => {
  it('is the policy the renderer’s index.html states in its meta tag', () => {
    const html = readFileSync(join(repoRoot, 'src', 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
    expect(meta?.[1]).toBeDefined();
    expect(parseCsp(RENDERER_CSP)).toEqual(parseCsp(meta?.[1] ?? ''));
  });

  it('allows nothing inline or remote', () => {
    const policy = parseCsp(RENDERER_CSP);
    for (const [name, sources] of policy) {
      expect(sources, name).not.toContain("'unsafe-inline'");
      expect(sources, name).not.toContain("'unsafe-eval'");
      expect(
        sources.some((source) => /^https?:/.test(source)),
        name,
      ).toBe(false);
    }
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('adds only the given connect sources in the header', () => {
    const header = parseCsp(rendererCspHeader(['ws://127.0.0.1:5']));
    expect(header.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:5']);
    expect(header.get('script-src')).toEqual(["'self'"]);
  });
});
