import { EventEmitter } from 'node:events';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../shared/api/index.js';
import { createFakeEngine } from './testing/fake-engine.js';
import { createPortHost, fromElectronPort, fromNodePort, type PortHost } from './port-host.js';

/** Collects frames arriving on the renderer's end of a channel. */
function listen(port: MessagePort) {
  const frames: ServerFrame[] = [];
  const waiters: (() => void)[] = [];
  port.on('message', (frame: ServerFrame) => {
    frames.push(frame);
    for (const wake of waiters.splice(0)) wake();
  });
  const next = async (count: number): Promise<ServerFrame[]> => {
    while (frames.length < count) await new Promise<void>((wake) => waiters.push(wake));
    return frames.slice(0, count);
  };
  return { frames, next };
}

describe('port host over Node MessageChannel', () => {
  const hosts: PortHost[] = [];
  const openPorts: MessagePort[] = [];
  afterEach(() => {
    for (const host of hosts.splice(0)) host.close();
    for (const port of openPorts.splice(0)) port.close();
  });

  const setup = () => {
    const engine = createFakeEngine();
    const host = createPortHost(engine);
    hosts.push(host);
    const connect = () => {
      const channel = new MessageChannel();
      openPorts.push(channel.port1);
      host.addPort(fromNodePort(channel.port2));
      return { renderer: channel.port1, ...listen(channel.port1) };
    };
    return { engine, host, connect };
  };

  it('answers calls on the port they came from, matched by id', async () => {
    const { connect } = setup();
    const window = connect();
    window.renderer.postMessage({ type: 'call', id: 7, method: 'settings.get', input: {} });
    const [frame] = await window.next(1);
    expect(frame).toMatchObject({ type: 'result', id: 7, ok: true, value: { locale: 'en' } });
  });

  it('turns malformed payloads into field-level errors', async () => {
    const { connect } = setup();
    const window = connect();
    window.renderer.postMessage({
      type: 'call',
      id: 1,
      method: 'listings.query',
      input: { limit: 'x' },
    });
    window.renderer.postMessage('not a frame');
    window.renderer.postMessage({ type: 'call', id: 2, method: 'nope.nothing', input: {} });
    const frames = await window.next(3);
    const byId = new Map(frames.map((frame) => [frame.type === 'result' ? frame.id : NaN, frame]));
    expect(byId.get(1)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'limit' }] },
    });
    expect(byId.get(-1)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(byId.get(2)).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('pushes events to every port', async () => {
    const { engine, connect } = setup();
    const first = connect();
    const second = connect();
    engine.emit({ type: 'event', name: 'data.changed', payload: { entities: ['listings'] } });
    const [a] = await first.next(1);
    const [b] = await second.next(1);
    expect(a).toEqual({ type: 'event', name: 'data.changed', payload: { entities: ['listings'] } });
    expect(b).toEqual(a);
  });

  it('drops a port whose other end closed and keeps serving the rest', async () => {
    const { engine, host, connect } = setup();
    const gone = connect();
    const staying = connect();
    expect(host.size).toBe(2);
    const closed = new Promise<void>((resolve) => gone.renderer.once('close', () => resolve()));
    gone.renderer.close();
    await closed;
    // The host's end hears the close on a later turn of the event loop.
    while (host.size !== 1) await new Promise((resolve) => setImmediate(resolve));
    engine.emit({ type: 'event', name: 'data.changed', payload: { entities: ['orders'] } });
    const [frame] = await staying.next(1);
    expect(frame).toMatchObject({ type: 'event', name: 'data.changed' });
  });

  it('close() closes every port and leaves the engine open', async () => {
    const { engine, host, connect } = setup();
    const window = connect();
    const closed = new Promise<void>((resolve) => window.renderer.once('close', () => resolve()));
    host.close();
    await closed;
    expect(host.size).toBe(0);
    expect(engine.closed).toBe(false);
  });
});

describe('fromElectronPort', () => {
  it('unwraps the { data } envelope Electron uses and starts the port', () => {
    const emitter = new EventEmitter();
    const posted: unknown[] = [];
    let started = false;
    const port = Object.assign(emitter, {
      postMessage: (message: unknown) => posted.push(message),
      start: () => {
        started = true;
      },
      close: () => emitter.emit('close'),
    });
    const hosted = fromElectronPort(port);
    const received: unknown[] = [];
    hosted.onMessage((data) => received.push(data));
    let closed = false;
    hosted.onClose(() => {
      closed = true;
    });
    hosted.start();
    emitter.emit('message', { data: { hello: 1 }, ports: [] });
    hosted.postMessage({ reply: 2 });
    hosted.close();
    expect(received).toEqual([{ hello: 1 }]);
    expect(posted).toEqual([{ reply: 2 }]);
    expect(started).toBe(true);
    expect(closed).toBe(true);
  });
});
