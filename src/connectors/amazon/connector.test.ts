/**
 * The Amazon connector factory through the registry: settings validated before anything is sent,
 * the marketplace taken from the account's site, the consent URL on the right Seller Central,
 * capabilities declared (not faked), unsupported changes refused without a request.
 */
import { describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '../registry.js';
import { InMemoryTokenStore } from '../http/tokens.js';
import { amazonConnectorFactory } from './connector.js';

const registry = new ConnectorRegistry().register(amazonConnectorFactory);
const context = (site: string) => ({
  account: { accountKey: 'a1', site, shopId: 'A1SELLER' },
  tokenStore: new InMemoryTokenStore(),
});
const credentials = {
  clientId: 'amzn1.application-oa2-client.x',
  clientSecret: 'secret',
  applicationId: 'amzn1.sp.solution.x',
};

describe('Amazon connector factory', () => {
  it('refuses bad settings before any request', () => {
    expect(() => registry.create('amazon', context('US'), { clientId: '' })).toThrow(
      /Invalid amazon connection settings/,
    );
    expect(() =>
      registry.create('amazon', context('US'), {
        ...credentials,
        environment: 'local',
        baseUrl: 'http://127.0.0.1:1',
      }),
    ).toThrow(/lwaTokenUrl/);
    expect(() => registry.create('amazon', context('XX'), credentials)).toThrow(
      /Unknown Amazon marketplace XX/,
    );
  });

  it('sends the seller to the Seller Central of the account’s store', async () => {
    const germany = registry.create('amazon', context('DE'), { ...credentials, betaApp: true });
    const url = new URL(
      await germany.consentUrl({ redirectUrl: 'https://app.example/cb', state: 's' }),
    );
    expect(url.origin).toBe('https://sellercentral-europe.amazon.com');
    expect(url.searchParams.get('version')).toBe('beta');
    expect(germany.capabilities).toMatchObject({
      prices: { batchSize: 25_000, onePerListing: false },
      orders: { maxWindowDays: null },
    });
    await germany.close();
  });

  it('refuses what Amazon listings cannot change and authorisations without a seller id', async () => {
    const connector = registry.create('amazon', context('US'), credentials);
    await expect(connector.updateListing('SKU', { status: 'inactive' })).rejects.toMatchObject({
      kind: 'permanent',
    });
    await expect(connector.completeAuthorization({ spapi_oauth_code: 'x' })).rejects.toMatchObject({
      kind: 'permanent',
    });
    await expect(
      connector.completeAuthorization({ spapi_oauth_code: 'x', selling_partner_id: 'A2OTHER' }),
    ).rejects.toMatchObject({ kind: 'needs_user' });
    expect((await connector.authStatus()).state).toBe('disconnected');
    await connector.close();
  });
});
