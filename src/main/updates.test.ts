import { describe, expect, it, vi } from 'vitest';
import { chooseFeed, startUpdates, type Updater } from './updates.js';

function fakeUpdater(check: () => Promise<unknown> = () => Promise.resolve(null)) {
  return {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    logger: null,
    setFeedURL: vi.fn(),
    checkForUpdatesAndNotify: vi.fn(check),
  } satisfies Updater;
}

describe('update feed', () => {
  it('uses the built-in feed when packaged, a configured one, or none', () => {
    expect(chooseFeed(true, {})).toEqual({ kind: 'built-in' });
    expect(chooseFeed(false, {}).kind).toBe('off');
    expect(chooseFeed(true, { SILKROUTE_UPDATE_URL: 'off' }).kind).toBe('off');
    expect(
      chooseFeed(true, { SILKROUTE_UPDATE_URL: 'https://updates.example.com/silkroute/' }),
    ).toEqual({
      kind: 'custom',
      url: 'https://updates.example.com/silkroute/',
    });
    expect(chooseFeed(true, { SILKROUTE_UPDATE_URL: 'http://127.0.0.1:8080/' }).kind).toBe(
      'custom',
    );
  });

  it('refuses a plain-http feed on the network and a malformed one', () => {
    expect(chooseFeed(true, { SILKROUTE_UPDATE_URL: 'http://updates.example.com/' })).toMatchObject(
      {
        kind: 'off',
        reason: expect.stringContaining('https') as unknown,
      },
    );
    expect(chooseFeed(true, { SILKROUTE_UPDATE_URL: 'not a url' }).kind).toBe('off');
  });

  it('points the updater at a custom feed, downloads in the background and survives a failed check', async () => {
    const updater = fakeUpdater(() => Promise.reject(new Error('offline')));
    const stop = startUpdates({
      updater,
      isPackaged: true,
      env: { SILKROUTE_UPDATE_URL: 'https://updates.example.com/' },
    });
    expect(updater.setFeedURL).toHaveBeenCalledWith({
      provider: 'generic',
      url: 'https://updates.example.com/',
    });
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(updater.logger).not.toBeNull();
    expect(updater.checkForUpdatesAndNotify).toHaveBeenCalledTimes(1);
    await Promise.resolve();
    stop();
  });

  it('does nothing when not packaged', () => {
    const updater = fakeUpdater();
    startUpdates({ updater, isPackaged: false, env: {} })();
    expect(updater.checkForUpdatesAndNotify).not.toHaveBeenCalled();
    expect(updater.setFeedURL).not.toHaveBeenCalled();
  });
});
