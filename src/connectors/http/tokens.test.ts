import { describe, expect, it } from 'vitest';
import { NeedsUserError } from './errors.js';
import { ManualClock } from './manual-clock.js';
import { InMemoryTokenStore, TokenManager, type StoredTokens, type TokenStore } from './tokens.js';

const HOUR = 3_600_000;

function pair(clock: ManualClock, n: number, accessHours = 4): StoredTokens {
  return {
    accessToken: `access-${n}`,
    accessTokenExpiresAt: new Date(clock.now() + accessHours * HOUR).toISOString(),
    refreshToken: `refresh-${n}`,
    refreshTokenExpiresAt: new Date(clock.now() + 30 * 24 * HOUR).toISOString(),
    authorizationExpiresAt: new Date(clock.now() + 365 * 24 * HOUR).toISOString(),
  };
}

/** A refresher that behaves like Shopee: each refresh token works once. */
function singleUseRefresher(clock: ManualClock) {
  const used = new Set<string>();
  const presented: string[] = [];
  let issued = 1;
  const refresher = async (current: StoredTokens): Promise<StoredTokens> => {
    presented.push(current.refreshToken);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (used.has(current.refreshToken))
      throw new Error(`refresh token ${current.refreshToken} reused`);
    used.add(current.refreshToken);
    issued += 1;
    return pair(clock, issued);
  };
  return { refresher, presented };
}

async function setUp(store: TokenStore = new InMemoryTokenStore()) {
  const clock = new ManualClock();
  const { refresher, presented } = singleUseRefresher(clock);
  const manager = new TokenManager({
    marketplace: 'shopee',
    accountKey: 'a1',
    store,
    refresher,
    clock,
  });
  await manager.adopt(pair(clock, 1));
  return { clock, manager, presented, store };
}

describe('TokenManager', () => {
  it('hands out the stored token while it is fresh', async () => {
    const { manager } = await setUp();
    expect(await manager.accessToken()).toBe('access-1');
    expect(manager.refreshCount).toBe(0);
  });

  it('refreshes once for many concurrent callers, before expiry, never reusing a refresh token', async () => {
    const { manager, clock, presented } = await setUp();
    clock.advance(4 * HOUR - 60_000);
    const tokens = await Promise.all(Array.from({ length: 10 }, () => manager.accessToken()));
    expect(new Set(tokens)).toEqual(new Set(['access-2']));
    expect(manager.refreshCount).toBe(1);
    clock.advance(4 * HOUR);
    await Promise.all([manager.refresh('access-2'), manager.refresh('access-2')]);
    expect(presented).toEqual(['refresh-1', 'refresh-2']);
  });

  it('a call that failed with an already replaced token does not refresh again', async () => {
    const { manager } = await setUp();
    await manager.refresh('access-1');
    await manager.refresh('access-1');
    expect(manager.refreshCount).toBe(1);
    expect(await manager.accessToken()).toBe('access-2');
  });

  it('persists the new pair before handing out the new access token', async () => {
    const events: string[] = [];
    let release: () => void = () => undefined;
    const inner = new InMemoryTokenStore();
    const store: TokenStore = {
      load: (key) => inner.load(key),
      save: async (key, tokens) => {
        events.push(`save-start ${tokens.refreshToken}`);
        if (tokens.refreshToken === 'refresh-2')
          await new Promise<void>((resolve) => (release = resolve));
        await inner.save(key, tokens);
        events.push(`saved ${tokens.refreshToken}`);
      },
    };
    const { manager, clock } = await setUp(store);
    clock.advance(5 * HOUR);
    const token = manager.accessToken().then((value) => {
      events.push(`use ${value}`);
      return value;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(events.at(-1)).toBe('save-start refresh-2');
    release();
    expect(await token).toBe('access-2');
    expect(events.slice(-2)).toEqual(['saved refresh-2', 'use access-2']);
    expect((await inner.load('a1'))?.refreshToken).toBe('refresh-2');
  });

  it('keeps an unsaved pair in memory, unused, and saves it before use on the next call', async () => {
    let failing = true;
    const inner = new InMemoryTokenStore();
    const store: TokenStore = {
      load: (key) => inner.load(key),
      save: (key, tokens) =>
        failing && tokens.refreshToken === 'refresh-2'
          ? Promise.reject(new Error('disk full'))
          : inner.save(key, tokens),
    };
    const { manager, clock, presented } = await setUp(store);
    clock.advance(5 * HOUR);
    await expect(manager.accessToken()).rejects.toMatchObject({ kind: 'retryable' });
    failing = false;
    expect(await manager.accessToken()).toBe('access-2');
    expect(presented).toEqual(['refresh-1']);
    expect((await inner.load('a1'))?.refreshToken).toBe('refresh-2');
  });

  it('reports connected, expiring and re-authorise states with the date', async () => {
    const { manager, clock } = await setUp();
    const connected = await manager.status();
    expect(connected.state).toBe('connected');
    expect(connected.reauthorizeBy).toBe(new Date(clock.now() + 30 * 24 * HOUR).toISOString());
    clock.advance(25 * 24 * HOUR);
    expect((await manager.status()).state).toBe('expiring');
    clock.advance(6 * 24 * HOUR);
    expect((await manager.status()).state).toBe('reauthorize');
  });

  it('stays in re-authorise after the marketplace refuses the refresh, without calling it again', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const manager = new TokenManager({
      marketplace: 'shopee',
      accountKey: 'a1',
      store: new InMemoryTokenStore(),
      clock,
      refresher: () => {
        calls += 1;
        return Promise.reject(
          new NeedsUserError('refresh_token_expired', 'reauthorize', {
            marketplace: 'shopee',
            operation: 'auth',
          }),
        );
      },
    });
    await manager.adopt(pair(clock, 1, 0));
    await expect(manager.accessToken()).rejects.toBeInstanceOf(NeedsUserError);
    await expect(manager.accessToken()).rejects.toBeInstanceOf(NeedsUserError);
    expect(calls).toBe(1);
    expect((await manager.status()).state).toBe('reauthorize');
  });

  it('says disconnected without tokens', async () => {
    const clock = new ManualClock();
    const manager = new TokenManager({
      marketplace: 'shopee',
      accountKey: 'none',
      store: new InMemoryTokenStore(),
      clock,
      refresher: () => Promise.reject(new Error('unused')),
    });
    expect((await manager.status()).state).toBe('disconnected');
    await expect(manager.accessToken()).rejects.toBeInstanceOf(NeedsUserError);
  });
});
