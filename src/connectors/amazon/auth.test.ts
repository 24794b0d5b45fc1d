/**
 * The LWA token request builder (pure), the code exchange and the Seller Central consent URL:
 * form-encoded bodies with every value percent-encoded, the right grant for each input.
 */
import { describe, expect, it } from 'vitest';
import { amazonConsentUrl, buildLwaCodeExchange, buildLwaTokenRequest } from './auth.js';

describe('buildLwaTokenRequest', () => {
  it('builds the refresh-token grant, percent-encoding every value', () => {
    expect(
      buildLwaTokenRequest({
        clientId: 'amzn1.application-oa2-client.abc',
        clientSecret: 's3cr=t&x',
        refreshToken: 'Atzr|IwEBI+a/b=',
      }),
    ).toEqual({
      method: 'POST',
      url: 'https://api.amazon.com/auth/o2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: 'grant_type=refresh_token&refresh_token=Atzr%7CIwEBI%2Ba%2Fb%3D&client_id=amzn1.application-oa2-client.abc&client_secret=s3cr%3Dt%26x',
    });
  });

  it('builds the client-credentials grant for a grantless scope', () => {
    const request = buildLwaTokenRequest({
      clientId: 'id',
      clientSecret: 'secret',
      scope: 'sellingpartnerapi::notifications',
    });
    expect(request.body).toBe(
      'grant_type=client_credentials&scope=sellingpartnerapi%3A%3Anotifications&client_id=id&client_secret=secret',
    );
    expect(new URLSearchParams(request.body).get('scope')).toBe('sellingpartnerapi::notifications');
  });

  it('sends to another token host when told (a local sandbox)', () => {
    const request = buildLwaTokenRequest(
      { clientId: 'id', clientSecret: 'secret', refreshToken: 'Atzr|x' },
      { tokenUrl: 'http://127.0.0.1:5000/auth/o2/token' },
    );
    expect(request.url).toBe('http://127.0.0.1:5000/auth/o2/token');
  });
});

describe('code exchange and consent', () => {
  it('exchanges the consent code with the redirect URI it was issued for', () => {
    const body = new URLSearchParams(
      buildLwaCodeExchange({
        clientId: 'id',
        clientSecret: 'secret',
        code: 'ANabc',
        redirectUri: 'https://app.example/cb?x=1',
      }).body,
    );
    expect(Object.fromEntries(body)).toEqual({
      grant_type: 'authorization_code',
      code: 'ANabc',
      redirect_uri: 'https://app.example/cb?x=1',
      client_id: 'id',
      client_secret: 'secret',
    });
  });

  it('sends the seller to Seller Central with application id, state and (for drafts) version=beta', () => {
    const url = new URL(
      amazonConsentUrl({
        sellerCentralUrl: 'https://sellercentral.amazon.com',
        applicationId: 'amzn1.sp.solution.1',
        state: 'st 1',
        redirectUrl: 'https://app.example/cb',
        beta: true,
      }),
    );
    expect(url.origin + url.pathname).toBe(
      'https://sellercentral.amazon.com/apps/authorize/consent',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      application_id: 'amzn1.sp.solution.1',
      state: 'st 1',
      redirect_uri: 'https://app.example/cb',
      version: 'beta',
    });
  });
});
