/**
 * A sandboxed preload may require only a handful of Electron-provided modules, so everything the
 * preload entry pulls in must bundle without Node built-ins: the only import left outside the
 * bundle may be `electron` itself. This checks the dependency graph scripts/build.mjs bundles.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const repoRoot = join(import.meta.dirname, '..', '..');

describe('the preload bundle', () => {
  it('needs nothing at run time but electron', async () => {
    const result = await build({
      absWorkingDir: repoRoot,
      entryPoints: ['src/main/preload.ts'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'browser',
      format: 'cjs',
      external: ['electron'],
      logLevel: 'silent',
    });
    const external = new Set<string>();
    for (const input of Object.values(result.metafile.inputs)) {
      for (const imported of input.imports) if (imported.external) external.add(imported.path);
    }
    expect([...external]).toEqual(['electron']);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes('src/preload/bridge.ts'))).toBe(true);
    expect(inputs.some((path) => /src\/(engine|renderer)\//.test(path))).toBe(false);
  });
});
