/**
 * Engine cold start: open + migrate + first listings.query, each in a fresh Node process so that
 * Node's start-up and module loading count. The child is bundled with esbuild into one ESM file,
 * as the shipped engine is bundled, rather than run through tsx (whose on-the-fly TypeScript
 * compilation no user ever pays). better-sqlite3 stays external: it is a native module.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

export interface ColdStartRun {
  /** Process start → engine modules loaded. */
  loadedMs: number;
  /** Process start → store open and migrated. */
  openedMs: number;
  /** Process start → first listings.query answered. */
  firstQueryMs: number;
  /** Wall time seen by the parent, spawn to exit (adds process creation and teardown). */
  wallMs: number;
  rows: number;
  total: number;
}

const repoRoot = join(import.meta.dirname, '..');

/** Bundles the child into `workDir`; returns the bundle's path. */
export async function bundleChild(workDir: string): Promise<string> {
  const outfile = join(workDir, 'cold-start-child.mjs');
  const betterSqlite = createRequire(join(repoRoot, 'package.json')).resolve('better-sqlite3');
  await build({
    entryPoints: [join(import.meta.dirname, 'cold-start-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    logLevel: 'warning',
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'native-better-sqlite3',
        setup(context) {
          // Resolved to an absolute path so the bundle finds the native module from any folder.
          context.onResolve({ filter: /^better-sqlite3$/ }, () => ({
            path: betterSqlite,
            external: true,
          }));
        },
      },
    ],
  });
  return outfile;
}

export function runChild(bundle: string, dataDir: string): ColdStartRun {
  const start = performance.now();
  const output = execFileSync(process.execPath, [bundle, dataDir], { encoding: 'utf8' });
  const wallMs = performance.now() - start;
  const marks = JSON.parse(output.trim().split('\n').pop() ?? '{}') as Omit<ColdStartRun, 'wallMs'>;
  return { ...marks, wallMs };
}

/** Node itself, doing nothing: the floor under every cold start on this machine. */
export function bareNodeMs(): number {
  const start = performance.now();
  execFileSync(process.execPath, ['-e', '']);
  return performance.now() - start;
}

/** `runs` cold starts on brand-new data folders (each created and migrated by the child). */
export function coldStartsFresh(bundle: string, workDir: string, runs: number): ColdStartRun[] {
  const results: ColdStartRun[] = [];
  for (let run = 0; run < runs; run += 1) {
    const dataDir = mkdtempSync(join(workDir, 'fresh-'));
    try {
      results.push(runChild(bundle, dataDir));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return results;
}

export function coldStartsExisting(bundle: string, dataDir: string, runs: number): ColdStartRun[] {
  return Array.from({ length: runs }, () => runChild(bundle, dataDir));
}
