import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { FromEngineMessage } from './engine-process-protocol.js';
import { parentPortOf, runEngineProcess, type ParentPortLike } from './engine-process.js';
import type { ElectronPortLike } from './port-host.js';
import { electronPortFrom } from './testing/electron-port.js';
import { createFakeEngine, type FakeEngine } from './testing/fake-engine.js';

function fakeParent() {
  const emitter = new EventEmitter();
  const sent: FromEngineMessage[] = [];
  const parent: ParentPortLike = {
    on: (event, listener) => emitter.on(event, listener),
    postMessage: (message) => sent.push(message),
  };
  const deliver = (data: unknown, ports: ElectronPortLike[] = []) =>
    emitter.emit('message', { data, ports });
  return { parent, sent, deliver };
}

describe('runEngineProcess', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });
  const tempDir = () => {
    const root = mkdtempSync(join(tmpdir(), 'silkroute-proc-'));
    roots.push(root);
    return join(root, 'data');
  };

  it('opens the engine on the --data-dir folder, serves ports sent before and after, and shuts down', async () => {
    const dataDir = tempDir();
    const { parent, sent, deliver } = fakeParent();
    let engine: FakeEngine | undefined;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let shutDown = false;
    const early = new MessageChannel();
    const running = runEngineProcess({
      argv: ['node', 'process.cjs', '--data-dir', dataDir],
      env: {},
      parentPort: parent,
      openEngine: async (options) => {
        expect(options.dataDir).toBe(dataDir);
        // A port arriving while the store is still opening must be served once it is open.
        deliver({ type: 'connect', windowId: 1 }, [electronPortFrom(early.port2)]);
        await gate;
        engine = createFakeEngine();
        return engine;
      },
      onShutdown: () => {
        shutDown = true;
      },
    });
    release();
    const served = await running;
    expect(existsSync(dataDir)).toBe(true);
    expect(sent).toEqual([{ type: 'ready', dataDir }]);

    const answer = new Promise<unknown>((resolve) => early.port1.once('message', resolve));
    early.port1.postMessage({ type: 'call', id: 1, method: 'settings.get', input: {} });
    expect(await answer).toMatchObject({ type: 'result', id: 1, ok: true });

    const late = new MessageChannel();
    deliver({ type: 'connect', windowId: 2 }, [electronPortFrom(late.port2)]);
    expect(served.host.size).toBe(2);

    deliver({ type: 'bogus' });
    deliver({ type: 'connect', windowId: 3 });
    expect(served.host.size).toBe(2);

    deliver({ type: 'shutdown' });
    while (!shutDown) await new Promise((resolve) => setImmediate(resolve));
    expect(engine?.closed).toBe(true);
    early.port1.close();
    late.port1.close();
  });

  it('tells main when the engine cannot open', async () => {
    const { parent, sent } = fakeParent();
    await expect(
      runEngineProcess({
        argv: ['--data-dir', tempDir()],
        env: {},
        parentPort: parent,
        openEngine: () => {
          throw new Error('database is locked');
        },
        onShutdown: () => undefined,
      }),
    ).rejects.toThrow('database is locked');
    expect(sent).toEqual([{ type: 'failed', message: 'database is locked' }]);
  });
});

describe('parentPortOf', () => {
  it('finds parentPort only where Electron put one', () => {
    expect(parentPortOf(process)).toBeUndefined();
    const parentPort = { on: () => undefined, postMessage: () => undefined };
    expect(
      parentPortOf(Object.assign(Object.create(process) as NodeJS.Process, { parentPort })),
    ).toBe(parentPort);
  });
});
