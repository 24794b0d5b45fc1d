#!/usr/bin/env node
// Builds what the app, the CLI and the e2e suite run, into dist/:
//   dist/cli/silkroute.mjs   the `silkroute` command (ESM)
//   dist/engine/process.cjs  the engine's Electron utility process
//   dist/main/main.cjs       Electron main
//   dist/main/preload.cjs    the preload: fully bundled, as a sandboxed preload cannot require npm code
//   dist/renderer/           the React UI, by Vite with the repo's vite.config.ts (skipped by --node-only)
// npm packages stay external for the Node bundles (native better-sqlite3 cannot be bundled, and
// node_modules sits beside dist/). Quiet on success: one line.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== '--node-only');
if (unknown.length > 0) {
  console.error(
    `build: unknown argument ${unknown[0]}; usage: node scripts/build.mjs [--node-only]`,
  );
  process.exit(2);
}
const nodeOnly = args.includes('--node-only');
const started = performance.now();

for (const folder of ['cli', 'engine', 'main']) {
  rmSync(join(root, 'dist', folder), { recursive: true, force: true });
}

const common = {
  absWorkingDir: root,
  bundle: true,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
};
const node = { ...common, platform: 'node', target: 'node22', packages: 'external' };
// CommonJS has no import.meta; give modules that locate files through import.meta.url the bundle's
// own file URL instead.
const cjs = {
  format: 'cjs',
  define: { 'import.meta.url': '__bundleFileUrl' },
  banner: { js: "const __bundleFileUrl = require('node:url').pathToFileURL(__filename).href;" },
};

try {
  await Promise.all([
    build({
      ...node,
      entryPoints: ['src/cli/main.ts'],
      outfile: 'dist/cli/silkroute.mjs',
      format: 'esm',
    }),
    build({
      ...node,
      ...cjs,
      entryPoints: ['src/cli/engine-process.ts'],
      outfile: 'dist/engine/process.cjs',
    }),
    build({
      ...node,
      ...cjs,
      entryPoints: ['src/main/main.ts'],
      outfile: 'dist/main/main.cjs',
      external: ['electron'],
    }),
    build({
      ...common,
      // A sandboxed preload gets only a few built-in modules from require() (not even node:url,
      // so no import.meta shim here): bundle everything else, minified as it loads per window.
      format: 'cjs',
      minify: true,
      platform: 'browser',
      target: 'es2023',
      entryPoints: ['src/main/preload.ts'],
      outfile: 'dist/main/preload.cjs',
      external: ['electron'],
    }),
  ]);
} catch {
  // esbuild has already printed the errors with their locations.
  console.error('build: the Node bundles failed');
  process.exit(1);
}

if (!nodeOnly) {
  const { build: viteBuild } = await import('vite');
  try {
    await viteBuild({
      configFile: join(root, 'vite.config.ts'),
      logLevel: 'warn',
      mode: 'production',
    });
  } catch (error) {
    console.error(
      `build: the renderer failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  }
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`build: dist/ ready${nodeOnly ? ' (Node bundles only)' : ''} in ${seconds} s`);
