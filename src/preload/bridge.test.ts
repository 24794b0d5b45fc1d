import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, CallFrame, type EventFrame, type ResultFrame } from '../shared/api/index.js';
import { createBridge, isEnginePort, type EnginePort } from './bridge.js';

type ChannelPort = InstanceType<typeof MessageChannel>['port1'];

/**
 * A stand-in for the engine's end of the ports (preload code may not import the engine): answers
 * settings.get and app.info, refuses listings.get, and broadcasts events to every open port.
 */
function fakeEngineSide() {
  const ports = new Set<ChannelPort>();
  const answer = (raw: unknown): ResultFrame => {
    const frame = CallFrame.parse(raw);
    if (frame.method === 'settings.get') {
      return { type: 'result', id: frame.id, ok: true, value: { locale: 'en' } };
    }
    if (frame.method === 'app.info') {
      return { type: 'result', id: frame.id, ok: true, value: { version: '0.0.0-test' } };
    }
    return {
      type: 'result',
      id: frame.id,
      ok: false,
      error: { code: 'not_found', message: 'No such thing' },
    };
  };
  return {
    addPort(port: ChannelPort) {
      ports.add(port);
      port.addEventListener('message', (event: Event) => {
        if ('data' in event) port.postMessage(answer(event.data));
      });
      port.start();
    },
    emit(frame: EventFrame) {
      for (const port of ports) port.postMessage(frame);
    },
    close() {
      for (const port of ports) port.close();
      ports.clear();
    },
  };
}

describe('createBridge', () => {
  const engines: ReturnType<typeof fakeEngineSide>[] = [];
  afterEach(() => {
    for (const engine of engines.splice(0)) engine.close();
  });

  /** An engine behind a port host; each resolvePort call opens a fresh channel to it. */
  const setup = () => {
    const engine = fakeEngineSide();
    engines.push(engine);
    const requests: ((port: EnginePort) => void)[] = [];
    const resolvePort = () => new Promise<EnginePort>((resolve) => requests.push(resolve));
    const grant = () => {
      const channel = new MessageChannel();
      engine.addPort(channel.port2);
      const resolve = requests.shift();
      if (!resolve) throw new Error('no port was requested');
      resolve(channel.port1);
    };
    return { engine, requests, resolvePort, grant };
  };

  it('queues calls until the port arrives, then answers them', async () => {
    const { resolvePort, grant } = setup();
    const bridge = createBridge(resolvePort);
    const settings = bridge.api.call('settings.get', {});
    grant();
    await expect(settings).resolves.toMatchObject({ locale: 'en' });
    await expect(bridge.api.call('listings.get', { id: 3 })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('delivers engine events and honours unsubscribe', async () => {
    const { engine, resolvePort, grant } = setup();
    const bridge = createBridge(resolvePort);
    grant();
    await bridge.api.call('app.info', {});
    const seen: string[][] = [];
    const unsubscribe = bridge.api.on('data.changed', (payload) => seen.push(payload.entities));
    engine.emit({ type: 'event', name: 'data.changed', payload: { entities: ['orders'] } });
    await bridge.api.call('app.info', {});
    unsubscribe();
    engine.emit({ type: 'event', name: 'data.changed', payload: { entities: ['listings'] } });
    await bridge.api.call('app.info', {});
    expect(seen).toEqual([['orders']]);
  });

  it('fails calls in flight when the engine stops, reconnects when it is back, and announces a refresh', async () => {
    const { resolvePort, grant, requests } = setup();
    const bridge = createBridge(resolvePort);
    const stranded = bridge.api.call('settings.get', {});
    bridge.engineState({ state: 'stopped' });
    const error = await stranded.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('unavailable');
    expect((error as ApiError).message).toContain('restarting');

    const refreshed = new Promise<string[]>((resolve) =>
      bridge.api.on('data.changed', (payload) => resolve(payload.entities)),
    );
    const waiting = bridge.api.call('settings.get', {});
    bridge.engineState({ state: 'restarted' });
    // The first (never granted) request is superseded by the reconnect's.
    expect(requests).toHaveLength(2);
    requests.shift();
    grant();
    await expect(waiting).resolves.toMatchObject({ locale: 'en' });
    expect(await refreshed).toEqual(expect.arrayContaining(['listings', 'orders', 'settings']));
  });

  it('refuses calls with the reason once the engine has given up', async () => {
    const { resolvePort, grant } = setup();
    const bridge = createBridge(resolvePort);
    grant();
    bridge.engineState({ state: 'failed', message: 'the store is locked by another program' });
    const error = await bridge.api.call('app.info', {}).catch((caught: unknown) => caught);
    expect((error as ApiError).code).toBe('unavailable');
    expect((error as ApiError).message).toContain('locked by another program');
  });

  it('ignores malformed engine-state messages', async () => {
    const { resolvePort, grant } = setup();
    const bridge = createBridge(resolvePort);
    grant();
    bridge.engineState({ state: 'exploded' });
    bridge.engineState('stopped');
    await expect(bridge.api.call('app.info', {})).resolves.toMatchObject({ version: '0.0.0-test' });
  });
});

describe('isEnginePort', () => {
  it('accepts a real MessagePort and rejects anything else', () => {
    const { port1, port2 } = new MessageChannel();
    expect(isEnginePort(port1)).toBe(true);
    expect(isEnginePort(undefined)).toBe(false);
    expect(isEnginePort({ postMessage: () => undefined })).toBe(false);
    expect(isEnginePort('port')).toBe(false);
    port1.close();
    port2.close();
  });
});
