/**
 * Builds the React renderer. Output goes to dist/renderer with relative asset paths (`base: './'`)
 * so the same bundle loads from file://, an Electron custom protocol, or `silkroute serve`.
 *
 * index.html carries the strict production CSP. The dev server needs an inline React refresh
 * preamble and injects CSS as <style> tags, so in `vite dev` only (never in a build) the policy is
 * loosened for those two; the built app always runs under the strict one.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('./src/renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer', import.meta.url));

function devOnlyRelaxedCsp(): Plugin {
  return {
    name: 'silkroute-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws: wss:");
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), devOnlyRelaxedCsp()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2023',
    sourcemap: true,
    // One CSS file and hashed chunks; no inline scripts or styles, so the CSP needs no hashes.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // The bundle is read from local disk (file://, app://, or 127.0.0.1), never over a network.
    chunkSizeWarningLimit: 1000,
  },
  server: { strictPort: true },
});
