import { describe, expect, it } from 'vitest';
import {
  buildWishRefreshRequest,
  buildWishRefreshRequestFor,
  expiryOf,
  tokensFrom,
  wishConsentUrl,
} from './auth.js';

describe('buildWishRefreshRequest', () => {
  it('is the documented GET on the production host with the four query parameters', () => {
    const request = buildWishRefreshRequest({
      clientId: 'client-1',
      clientSecret: 's3cr&t',
      refreshToken: 'r/tok+en',
    });
    expect(request.method).toBe('GET');
    expect(request.body).toBeUndefined();
    expect(request.headers).toEqual({ accept: 'application/json' });
    const url = new URL(request.url);
    expect(`${url.origin}${url.pathname}`).toBe(
      'https://merchant.wish.com/api/v3/oauth/refresh_token',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client-1',
      client_secret: 's3cr&t',
      refresh_token: 'r/tok+en',
      grant_type: 'refresh_token',
    });
  });

  it('targets another host when asked and refuses empty input', () => {
    const request = buildWishRefreshRequestFor('https://sandbox.merchant.wish.com', {
      clientId: 'a',
      clientSecret: 'b',
      refreshToken: 'c',
    });
    expect(
      request.url.startsWith('https://sandbox.merchant.wish.com/api/v3/oauth/refresh_token?'),
    ).toBe(true);
    expect(() =>
      buildWishRefreshRequest({ clientId: 'a', clientSecret: '', refreshToken: 'c' }),
    ).toThrow(/clientSecret/);
  });
});

describe('Wish tokens', () => {
  const now = Date.UTC(2026, 0, 1);

  it('reads expiry_time as epoch seconds, epoch ms or ISO text, else assumes 30 days', () => {
    expect(expiryOf(1_767_312_000, now)).toBe('2026-01-02T00:00:00.000Z');
    expect(expiryOf(1_767_312_000_000, now)).toBe('2026-01-02T00:00:00.000Z');
    expect(expiryOf('2026-01-02T08:00:00+08:00', now)).toBe('2026-01-02T00:00:00.000Z');
    expect(expiryOf(null, now)).toBe('2026-01-31T00:00:00.000Z');
    expect(
      tokensFrom({ access_token: 'a', refresh_token: 'r', expiry_time: null }, now),
    ).toMatchObject({ refreshTokenExpiresAt: null, authorizationExpiresAt: null });
  });

  it('builds the consent URL with client id, redirect and state', () => {
    const url = new URL(
      wishConsentUrl({
        baseUrl: 'https://merchant.wish.com',
        clientId: 'c1',
        redirectUrl: 'http://127.0.0.1:5000/cb',
        state: 'xyz',
      }),
    );
    expect(url.pathname).toBe('/v3/oauth/authorize');
    expect(url.searchParams.get('client_id')).toBe('c1');
    expect(url.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:5000/cb');
    expect(url.searchParams.get('state')).toBe('xyz');
  });
});
