import { describe, expect, it } from 'vitest';
import { InvalidInputError, NeedsUserError } from '../http/errors.js';
import { buildEbayTokenRequest, ebayConsentUrl, parseRedirectQuery } from './auth.js';

const client = { clientId: 'My-App-PRD-1234', clientSecret: 'PRD-secret' };
const basic = `Basic ${Buffer.from('My-App-PRD-1234:PRD-secret').toString('base64')}`;
const CODE = 'v^1.1#i^1#p^3#r^1#f^0#I^3#t^Ul41XzA6MEFCQ0RF+/x=';

describe('buildEbayTokenRequest', () => {
  it('exchanges a code: decoded once from the redirect, form-encoded once in the body', () => {
    const redirect = `https://app.example/accepted?state=s1&code=${encodeURIComponent(CODE)}&expires_in=299`;
    const request = buildEbayTokenRequest({
      ...client,
      grant: { type: 'authorization_code', redirectQuery: redirect, ruName: 'My_App-RuName-1' },
    });
    expect(request).toMatchObject({
      method: 'POST',
      url: 'https://api.ebay.com/identity/v1/oauth2/token',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic },
    });
    expect(request.body).toBe(
      `grant_type=authorization_code&code=${encodeURIComponent(CODE)}&redirect_uri=My_App-RuName-1`,
    );
    // Neither raw (^ # unencoded) nor encoded twice (%255E).
    expect(request.body).not.toMatch(/\^|#|%25/);
    expect(new URLSearchParams(request.body).get('code')).toBe(CODE);
  });

  it('accepts the bare query, with or without its question mark, and keeps a literal +', () => {
    for (const query of [
      `code=${encodeURIComponent(CODE)}`,
      `?code=${encodeURIComponent(CODE)}&state=x`,
    ]) {
      const request = buildEbayTokenRequest({
        ...client,
        grant: { type: 'authorization_code', redirectQuery: query, ruName: 'R' },
      });
      expect(new URLSearchParams(request.body).get('code')).toBe(CODE);
    }
    expect(parseRedirectQuery('code=a+b%2Bc').code).toBe('a+b+c');
  });

  it('refreshes with the scopes, space-separated and percent-encoded', () => {
    const request = buildEbayTokenRequest({
      ...client,
      environment: 'sandbox',
      grant: {
        type: 'refresh_token',
        refreshToken: 'v^1.1#i^1#r^1',
        scopes: [
          'https://api.ebay.com/oauth/api_scope',
          'https://api.ebay.com/oauth/api_scope/sell.inventory',
        ],
      },
    });
    expect(request.url).toBe('https://api.sandbox.ebay.com/identity/v1/oauth2/token');
    expect(request.body).toBe(
      'grant_type=refresh_token&refresh_token=v%5E1.1%23i%5E1%23r%5E1&scope=https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope%20https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope%2Fsell.inventory',
    );
  });

  it('asks an application token with client credentials', () => {
    const request = buildEbayTokenRequest({
      ...client,
      grant: { type: 'client_credentials', scopes: ['https://api.ebay.com/oauth/api_scope'] },
    });
    expect(request.body).toBe(
      'grant_type=client_credentials&scope=https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope',
    );
    expect(request.headers.Authorization).toBe(basic);
  });

  it('refuses what cannot be sent, and passes a declined consent to the seller', () => {
    const code = (redirectQuery: string) => () =>
      buildEbayTokenRequest({
        ...client,
        grant: { type: 'authorization_code', redirectQuery, ruName: 'R' },
      });
    expect(code('state=x')).toThrow(InvalidInputError);
    expect(code(`code=${'a'.repeat(1025)}`)).toThrow(/1024/);
    expect(code('code=%E0%A4%A')).toThrow(InvalidInputError);
    expect(code('error=access_denied&state=x')).toThrow(NeedsUserError);
    expect(() =>
      buildEbayTokenRequest({
        clientId: '',
        clientSecret: 's',
        grant: { type: 'client_credentials', scopes: ['x'] },
      }),
    ).toThrow(InvalidInputError);
    expect(() =>
      buildEbayTokenRequest({
        ...client,
        grant: { type: 'refresh_token', refreshToken: 't', scopes: [] },
      }),
    ).toThrow(/scopes/);
  });
});

describe('ebayConsentUrl', () => {
  it('sends the RuName, the scopes and the state', () => {
    const url = new URL(
      ebayConsentUrl({
        authBaseUrl: 'https://auth.ebay.com',
        clientId: 'id',
        ruName: 'Ru',
        scopes: ['a b', 'c'],
        state: 'st',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://auth.ebay.com/oauth2/authorize');
    expect(url.searchParams.get('redirect_uri')).toBe('Ru');
    expect(url.searchParams.get('scope')).toBe('a b c');
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('state')).toBe('st');
  });
});
