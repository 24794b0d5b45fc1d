import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/index.js';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import { addressWithoutToken, createSocketApi, socketUrl } from './connect.js';
import {
  createSocketChannel,
  type Scheduler,
  type SocketFactory,
  type SocketHandlers,
} from './socket-channel.js';

class FakeSocket {
  sent: string[] = [];
  closed = false;
  constructor(
    readonly url: string,
    readonly handlers: SocketHandlers,
  ) {}
  open() {
    this.handlers.onOpen();
  }
  receive(frame: unknown) {
    this.handlers.onMessage(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }
  drop() {
    this.handlers.onClose();
  }
  sentFrames(): unknown[] {
    return this.sent.map((text) => JSON.parse(text) as unknown);
  }
}

function fakeWorld() {
  const sockets: FakeSocket[] = [];
  const timers: { callback: () => void; delayMs: number; cancelled: boolean }[] = [];
  const openSocket: SocketFactory = (url, handlers) => {
    const socket = new FakeSocket(url, handlers);
    sockets.push(socket);
    return {
      send: (text) => socket.sent.push(text),
      close: () => {
        socket.closed = true;
        handlers.onClose();
      },
    };
  };
  const schedule: Scheduler = (callback, delayMs) => {
    const timer = { callback, delayMs, cancelled: false };
    timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };
  const fireTimers = () => {
    const due = timers.splice(0).filter((timer) => !timer.cancelled);
    for (const timer of due) timer.callback();
    return due.map((timer) => timer.delayMs);
  };
  const last = () => {
    const socket = sockets.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  };
  return { sockets, timers, openSocket, schedule, fireTimers, last };
}

const noJitter = { ...DEFAULT_BACKOFF, jitter: 0 };

describe('backoffDelay', () => {
  it('doubles from the initial delay and stops at the cap', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffDelay(attempt, noJitter));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
  });

  it('spreads the delay by at most the jitter fraction either way', () => {
    expect(backoffDelay(2, DEFAULT_BACKOFF, () => 0)).toBe(1600);
    expect(backoffDelay(2, DEFAULT_BACKOFF, () => 0.5)).toBe(2000);
    expect(backoffDelay(2, DEFAULT_BACKOFF, () => 0.999_999)).toBe(2400);
    // Jitter never pushes past the cap.
    expect(backoffDelay(20, DEFAULT_BACKOFF, () => 0.999_999)).toBe(15_000);
  });
});

describe('createSocketChannel', () => {
  it('queues frames until the first open, then flushes them in order', () => {
    const world = fakeWorld();
    const channel = createSocketChannel({ url: 'ws://h/ws', ...world });
    channel.send({ type: 'call', id: 1, method: 'app.info', input: {} });
    channel.send({ type: 'call', id: 2, method: 'accounts.list', input: {} });
    expect(world.last().sent).toEqual([]);
    expect(channel.status()).toBe('connecting');
    world.last().open();
    expect(channel.status()).toBe('open');
    expect(world.last().sentFrames()).toEqual([
      { type: 'call', id: 1, method: 'app.info', input: {} },
      { type: 'call', id: 2, method: 'accounts.list', input: {} },
    ]);
  });

  it('delivers parsed frames and skips text that is not JSON', () => {
    const world = fakeWorld();
    const channel = createSocketChannel({ url: 'ws://h/ws', ...world });
    const received: unknown[] = [];
    channel.onFrame((frame) => received.push(frame));
    world.last().open();
    world.last().receive('{not json');
    world.last().receive({ type: 'event', name: 'data.changed', payload: { entities: [] } });
    expect(received).toEqual([{ type: 'event', name: 'data.changed', payload: { entities: [] } }]);
  });

  it('reconnects with growing delays and resets the backoff after a successful open', () => {
    const world = fakeWorld();
    const statuses: string[] = [];
    const channel = createSocketChannel({ url: 'ws://h/ws', ...world, backoff: noJitter });
    channel.onStatus((status) => statuses.push(status));
    world.last().open();
    world.last().drop();
    expect(channel.status()).toBe('reconnecting');
    expect(world.fireTimers()).toEqual([500]);
    world.last().drop(); // the engine is still down
    expect(world.fireTimers()).toEqual([1000]);
    world.last().drop();
    expect(world.fireTimers()).toEqual([2000]);
    world.last().open();
    expect(channel.status()).toBe('open');
    world.last().drop();
    expect(world.fireTimers()).toEqual([500]);
    expect(world.sockets).toHaveLength(5);
    expect(world.sockets.every((socket) => socket.url === 'ws://h/ws')).toBe(true);
    expect(statuses).toEqual(['open', 'reconnecting', 'open', 'reconnecting']);
  });

  it('refuses frames while reconnecting instead of letting them hang', () => {
    const world = fakeWorld();
    const channel = createSocketChannel({ url: 'ws://h/ws', ...world });
    world.last().open();
    world.last().drop();
    expect(() => channel.send({ type: 'call', id: 9, method: 'app.info', input: {} })).toThrow(
      /disconnected; reconnecting/,
    );
  });

  it('ignores events from a socket it has already replaced', () => {
    const world = fakeWorld();
    const received: unknown[] = [];
    const channel = createSocketChannel({ url: 'ws://h/ws', ...world, backoff: noJitter });
    channel.onFrame((frame) => received.push(frame));
    const first = world.last();
    first.open();
    first.drop();
    world.fireTimers();
    world.last().open();
    first.receive({ type: 'event', name: 'data.changed', payload: { entities: ['orders'] } });
    first.drop();
    expect(received).toEqual([]);
    expect(channel.status()).toBe('open');
  });

  it('stops reconnecting once closed', () => {
    const world = fakeWorld();
    const channel = createSocketChannel({ url: 'ws://h/ws', ...world });
    world.last().open();
    world.last().drop();
    channel.close();
    expect(world.fireTimers()).toEqual([]);
    expect(channel.status()).toBe('closed');
    expect(world.sockets).toHaveLength(1);
  });
});

describe('createSocketApi', () => {
  it('answers calls over the socket and fails calls in flight when it drops', async () => {
    const world = fakeWorld();
    const { api } = createSocketApi('ws://h/ws', world.openSocket);
    world.last().open();
    const answered = api.call('settings.get', {});
    const [frame] = world.last().sentFrames() as { id: number }[];
    world.last().receive({
      type: 'result',
      id: frame?.id,
      ok: true,
      value: {
        locale: 'en',
        theme: 'system',
        homeCurrency: 'USD',
        timeZone: 'UTC',
        syncSchedule: '0 7 * * *',
      },
    });
    await expect(answered).resolves.toMatchObject({ locale: 'en' });

    const lost = api.call('app.info', {});
    world.last().drop();
    const error = await lost.then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('unavailable');
    expect((error as ApiError).message).toMatch(/dropped.*Reconnecting/s);
  });

  it('rejects at once a call made while the engine is away', async () => {
    const world = fakeWorld();
    const { api } = createSocketApi('ws://h/ws', world.openSocket);
    world.last().open();
    world.last().drop();
    await expect(api.call('app.info', {})).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('browser-mode addresses', () => {
  it('uses ws: or wss: on the page origin', () => {
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:4310' })).toBe('ws://127.0.0.1:4310/ws');
    expect(socketUrl({ protocol: 'https:', host: 'shop.example' })).toBe('wss://shop.example/ws');
  });

  it('removes only the token from the address', () => {
    expect(addressWithoutToken('http://127.0.0.1:4310/?token=abc#/orders')).toBe('/#/orders');
    expect(addressWithoutToken('http://h/app/?lang=zh&token=abc')).toBe('/app/?lang=zh');
    expect(addressWithoutToken('http://h/?lang=zh')).toBeNull();
  });
});
