import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineState } from '../preload/channels.js';
import { forked, utilityProcess, type FakeUtilityProcess } from './testing/fake-electron.js';

vi.mock('electron', () => import('./testing/fake-electron.js'));
const { createEngineHost } = await import('./engine-host.js');

const latest = (): FakeUtilityProcess => {
  const child = forked.at(-1);
  if (!child) throw new Error('nothing was forked');
  return child;
};
/** Waits for the restart timer (0 ms in these tests) to fork a new process. */
const nextFork = async (count: number) => {
  await vi.waitFor(() => expect(forked).toHaveLength(count));
  return latest();
};

describe('createEngineHost', () => {
  let states: EngineState[];
  beforeEach(() => {
    forked.length = 0;
    utilityProcess.fork.mockClear();
    states = [];
  });
  const host = (extra: { maxRestarts?: number } = {}) =>
    createEngineHost({
      modulePath: '/app/dist/engine/process.cjs',
      dataDir: '/data/Silkroute',
      onState: (state) => states.push(state),
      restartDelayMs: 0,
      ...extra,
    });

  it('forks dist/engine/process.cjs with the data folder', () => {
    host().start();
    expect(utilityProcess.fork).toHaveBeenCalledWith(
      '/app/dist/engine/process.cjs',
      ['--data-dir', '/data/Silkroute'],
      expect.objectContaining({ serviceName: 'Silkroute engine' }),
    );
  });

  it('holds ports until the engine is ready, then hands each one over', () => {
    const engine = host();
    engine.start();
    const child = latest();
    const early = engine.connect(1);
    expect(early).toMatchObject({ name: expect.stringContaining('window-end') as unknown });
    expect(child.postMessage).not.toHaveBeenCalled();
    child.emit('message', { type: 'ready', dataDir: '/data/Silkroute' });
    expect(child.postMessage).toHaveBeenCalledWith({ type: 'connect', windowId: 1 }, [
      expect.objectContaining({ name: expect.stringContaining('engine-end') as unknown }),
    ]);
    engine.connect(2);
    expect(child.postMessage).toHaveBeenLastCalledWith({ type: 'connect', windowId: 2 }, [
      expect.anything(),
    ]);
    expect(states).toEqual([]);
  });

  it('restarts a dead engine and tells the window it stopped and came back', async () => {
    const engine = host();
    engine.start();
    latest().emit('message', { type: 'ready', dataDir: '/d' });
    latest().emit('exit', 139);
    expect(states).toEqual([{ state: 'stopped' }]);
    const second = await nextFork(2);
    second.emit('message', { type: 'ready', dataDir: '/d' });
    expect(states).toEqual([{ state: 'stopped' }, { state: 'restarted' }]);
  });

  it('gives up after too many deaths and says why', async () => {
    const engine = host({ maxRestarts: 1 });
    engine.start();
    latest().emit('exit', 1);
    const second = await nextFork(2);
    second.emit('message', { type: 'failed', message: 'database disk image is malformed' });
    second.emit('exit', 1);
    expect(states.at(-1)).toEqual({ state: 'failed', message: 'database disk image is malformed' });
    expect(forked).toHaveLength(2);
  });

  it('ignores malformed messages from the engine', () => {
    const engine = host();
    engine.start();
    engine.connect(1);
    latest().emit('message', { type: 'ready' });
    latest().emit('message', 'ready');
    expect(latest().postMessage).not.toHaveBeenCalled();
  });

  it('stops in order: asks the engine to shut down and does not restart it', async () => {
    const engine = host();
    engine.start();
    const child = latest();
    const stopped = engine.stop();
    expect(child.postMessage).toHaveBeenCalledWith({ type: 'shutdown' }, []);
    child.emit('exit', 0);
    await stopped;
    expect(states).toEqual([]);
    expect(forked).toHaveLength(1);
  });
});
