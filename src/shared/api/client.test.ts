import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { createApiClient, type FrameChannel } from './client.js';
import type { CallFrame } from './wire.js';

function loopback() {
  const sent: CallFrame[] = [];
  let deliver: (frame: unknown) => void = () => {};
  const channel: FrameChannel = {
    send: (frame) => sent.push(frame),
    onFrame: (handler) => {
      deliver = handler;
    },
  };
  return { channel, sent, deliver: (frame: unknown) => deliver(frame) };
}

describe('createApiClient', () => {
  it('matches results to calls by id, in any order', async () => {
    const { channel, sent, deliver } = loopback();
    const api = createApiClient(channel);
    const first = api.call('settings.get', {});
    const second = api.call('accounts.list', {});
    expect(sent.map((frame) => frame.method)).toEqual(['settings.get', 'accounts.list']);
    deliver({ type: 'result', id: sent[1]!.id, ok: true, value: [] });
    deliver({
      type: 'result',
      id: sent[0]!.id,
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
    await expect(second).resolves.toEqual([]);
    await expect(first).rejects.toBeInstanceOf(ApiError);
  });

  it('delivers events to subscribers until they unsubscribe, and ignores garbage', () => {
    const { channel, deliver } = loopback();
    const api = createApiClient(channel);
    const seen: unknown[] = [];
    const off = api.on('data.changed', (payload) => seen.push(payload));
    deliver({ type: 'event', name: 'data.changed', payload: { entities: ['listings'] } });
    deliver('garbage');
    deliver({ type: 'result', id: 999, ok: true, value: 1 });
    off();
    deliver({ type: 'event', name: 'data.changed', payload: { entities: ['orders'] } });
    expect(seen).toEqual([{ entities: ['listings'] }]);
  });

  it('fails pending calls when the transport goes away', async () => {
    const { channel } = loopback();
    const api = createApiClient(channel);
    const pending = api.call('app.info', {});
    api.failAll('engine restarted');
    await expect(pending).rejects.toMatchObject({
      code: 'unavailable',
      message: 'engine restarted',
    });
  });
});
