/**
 * The engine process entry with the real store, driven the way Electron main drives it: started
 * with --data-dir, handed a MessagePort, asked to shut down. It runs in a worker thread standing
 * in for the utility process (the Electron binary is not available to tests).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultFrame } from '../shared/api/index.js';

const root = mkdtempSync(join(tmpdir(), 'silkroute-engine-process-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('engine process entry', () => {
  it('opens the store in --data-dir, serves a port, and exits 0 on shutdown', async () => {
    const dataDir = join(root, 'data');
    const worker = new Worker(new URL('./testing/utility-process-worker.ts', import.meta.url), {
      execArgv: ['--import', 'tsx'],
      argv: ['--data-dir', dataDir],
      stdout: true,
    });
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    const ready = await new Promise<unknown>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(ready).toEqual({ type: 'ready', dataDir });
    expect(existsSync(join(dataDir, 'silkroute.db'))).toBe(true);

    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ data: { type: 'connect', windowId: 1 }, ports: [port2] }, [port2]);
    const answer = new Promise<ResultFrame>((resolve) => port1.once('message', resolve));
    port1.postMessage({ type: 'call', id: 5, method: 'app.info', input: {} });
    const frame = await answer;
    expect(frame).toMatchObject({ type: 'result', id: 5, ok: true, value: { dataDir } });

    const invalid = new Promise<ResultFrame>((resolve) => port1.once('message', resolve));
    port1.postMessage({ type: 'call', id: 6, method: 'listings.get', input: { id: 'seven' } });
    expect(await invalid).toMatchObject({
      id: 6,
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'id' }] },
    });

    worker.postMessage({ data: { type: 'shutdown' } });
    expect(await exited).toBe(0);
    port1.close();
  });
});
