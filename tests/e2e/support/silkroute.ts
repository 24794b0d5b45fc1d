/**
 * Runs the real, built `silkroute` CLI for the e2e suite: `demo` to fill a fresh data folder and
 * `serve` to put the engine and the built renderer on 127.0.0.1. Builds first when dist/ lacks
 * either piece, so the suite also runs on its own (npm test builds before it anyway).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..', '..');
const cli = join(repoRoot, 'dist', 'cli', 'silkroute.mjs');
const rendererIndex = join(repoRoot, 'dist', 'renderer', 'index.html');

export function ensureBuilt(): void {
  if (existsSync(cli) && existsSync(rendererIndex)) return;
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`The build failed (node scripts/build.mjs):\n${result.stderr}${result.stdout}`);
  }
}

export function runCli(args: readonly string[]): string {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`silkroute ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  }
  return result.stdout;
}

export interface Served {
  /** The address `serve` printed, access token included. */
  url: string;
  origin: string;
  token: string;
  stop(): Promise<void>;
}

/** Starts `silkroute serve` on a free port and resolves once it prints its address. */
export function serve(
  dataDir: string,
  timeoutMs = 60_000,
  env: Record<string, string> = {},
): Promise<Served> {
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, 'serve', '--data-dir', dataDir, '--port', '0'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise<Served>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`silkroute serve printed no address within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      const url = new URL(match[1]);
      resolve({
        url: match[1],
        origin: url.origin,
        token: url.searchParams.get('token') ?? '',
        stop,
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`silkroute serve exited with ${code} before printing its address:\n${output}`),
      );
    });
  });
}

/** Calls one contract method over the server's JSON API, as a script would. */
export async function callApi<T>(served: Served, method: string, input: unknown = {}): Promise<T> {
  const response = await fetch(`${served.origin}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${served.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const frame = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!frame.ok) throw new Error(`${method} failed: ${frame.error?.message ?? response.status}`);
  return frame.value as T;
}
