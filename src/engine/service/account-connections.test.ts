import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConnectorRegistry } from '../../connectors/index.js';
import { openStore, type Store } from '../store/connection.js';
import {
  AccountConnections,
  callbackParams,
  settingsFromEnvironment,
} from './account-connections.js';

describe('callbackParams', () => {
  it('reads a whole redirect address, a query string, or a bare code with the shop id', () => {
    expect(callbackParams('http://127.0.0.1:5/?state=S1&code=C1&shop_id=77#/accounts')).toEqual({
      state: 'S1',
      code: 'C1',
      shop_id: '77',
    });
    expect(callbackParams('?code=C2&shop_id=8')).toEqual({ code: 'C2', shop_id: '8' });
    expect(callbackParams('  C3  ', '9')).toEqual({ code: 'C3', shop_id: '9' });
    // The shop id typed beside it never overrides the one the redirect carried.
    expect(callbackParams('code=C4&shop_id=1', '2')).toEqual({ code: 'C4', shop_id: '1' });
  });
});

describe('settingsFromEnvironment', () => {
  it('needs both Shopee app credentials, and has none for a marketplace without its own', () => {
    const settings = settingsFromEnvironment({
      SILKROUTE_SHOPEE_PARTNER_ID: '1001',
      SILKROUTE_SHOPEE_PARTNER_KEY: 'key',
      SILKROUTE_SHOPEE_ENVIRONMENT: 'sandbox',
    });
    expect(settings('shopee', 'SG')).toEqual({
      environment: 'sandbox',
      partnerId: 1001,
      partnerKey: 'key',
    });
    expect(settings('amazon', 'US')).toBeNull();
    expect(
      settingsFromEnvironment({ SILKROUTE_SHOPEE_PARTNER_ID: '1001' })('shopee', 'SG'),
    ).toBeNull();
    expect(
      settingsFromEnvironment({
        SILKROUTE_SHOPEE_PARTNER_ID: 'x',
        SILKROUTE_SHOPEE_PARTNER_KEY: 'k',
      })('shopee', 'SG'),
    ).toBeNull();
  });
});

describe('AccountConnections', () => {
  let store: Store;
  beforeEach(() => {
    store = openStore(':memory:');
  });
  afterEach(() => store.close());

  it('says why a marketplace cannot be connected and refuses to begin there', async () => {
    const connections = new AccountConnections({
      store,
      registry: createConnectorRegistry(),
      settings: () => null,
    });
    const options = connections.list();
    expect(options.find((option) => option.marketplace === 'shopee')).toMatchObject({
      available: false,
      reason: 'needs_app_credentials',
    });
    // Every marketplace has a connector: without app credentials each says it needs them.
    expect(options.every((option) => option.reason === 'needs_app_credentials')).toBe(true);
    await expect(
      connections.begin({ marketplace: 'shopee', site: 'SG', redirectUrl: 'http://127.0.0.1/' }),
    ).rejects.toMatchObject({ code: 'unavailable' });
    await expect(
      connections.complete({ sessionId: 'nope', callback: 'code=1&shop_id=2' }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses a site the marketplace does not have', async () => {
    const connections = new AccountConnections({
      store,
      registry: createConnectorRegistry(),
      settings: () => ({ environment: 'sandbox', partnerId: 1, partnerKey: 'k' }),
    });
    await expect(
      connections.begin({ marketplace: 'shopee', site: 'XX', redirectUrl: 'http://127.0.0.1/' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    const start = await connections.begin({
      marketplace: 'shopee',
      site: 'MY',
      redirectUrl: 'http://127.0.0.1/back',
    });
    expect(new URL(start.consentUrl).searchParams.get('redirect')).toContain('state=');
    await connections.close();
  });
});
