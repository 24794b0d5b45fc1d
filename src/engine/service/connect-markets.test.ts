import { describe, expect, it } from 'vitest';
import { createConnectorRegistry } from '../../connectors/index.js';
import { MARKETPLACES } from '../../shared/domain.js';
import {
  CONNECT_SITES,
  codeOf,
  connectMarket,
  connectorCallback,
  settingsFromEnvironment,
} from './connect-markets.js';

const FULL_ENVIRONMENT = {
  SILKROUTE_SHOPEE_PARTNER_ID: '1001',
  SILKROUTE_SHOPEE_PARTNER_KEY: 'shopee-key',
  SILKROUTE_AMAZON_CLIENT_ID: 'amzn1.application-oa2-client.1',
  SILKROUTE_AMAZON_CLIENT_SECRET: 'amazon-secret',
  SILKROUTE_AMAZON_APPLICATION_ID: 'amzn1.sp.solution.1',
  SILKROUTE_EBAY_CLIENT_ID: 'ebay-client',
  SILKROUTE_EBAY_CLIENT_SECRET: 'ebay-secret',
  SILKROUTE_EBAY_RUNAME: 'Seller-App-PRD-1',
  SILKROUTE_EBAY_ENVIRONMENT: 'sandbox',
  SILKROUTE_ALIEXPRESS_APP_KEY: '500123',
  SILKROUTE_ALIEXPRESS_APP_SECRET: 'ae-secret',
  SILKROUTE_ALIEXPRESS_CURRENCY: 'EUR',
  SILKROUTE_WISH_CLIENT_ID: 'wish-client',
  SILKROUTE_WISH_CLIENT_SECRET: 'wish-secret',
};

describe('connecting each marketplace', () => {
  it('turns a full environment into settings every connector accepts, for every site', () => {
    const settings = settingsFromEnvironment(FULL_ENVIRONMENT);
    const registry = createConnectorRegistry();
    for (const marketplace of MARKETPLACES) {
      expect(CONNECT_SITES[marketplace].length).toBeGreaterThan(0);
      for (const site of CONNECT_SITES[marketplace]) {
        const chosen = settings(marketplace, site);
        expect(chosen, `${marketplace} ${site}`).not.toBeNull();
        const market = connectMarket(marketplace, site, chosen);
        expect(market?.currency, `${marketplace} ${site}`).toMatch(/^[A-Z]{3}$/);
        expect(market?.locale, `${marketplace} ${site}`).toMatch(/^[a-z]{2}/);
        const connector = registry.create(
          marketplace,
          { account: { accountKey: 'test', site, shopId: null }, tokenStore: undefined as never },
          chosen,
        );
        void connector.close();
      }
    }
    expect(settings('ebay', 'EBAY_GB')).toMatchObject({ environment: 'sandbox' });
    expect(connectMarket('aliexpress', 'GLOBAL', settings('aliexpress', 'GLOBAL'))).toEqual({
      currency: 'EUR',
      locale: 'en',
    });
  });

  it('has no credentials for a marketplace missing any required variable', () => {
    const {
      SILKROUTE_AMAZON_APPLICATION_ID: _a,
      SILKROUTE_EBAY_RUNAME: _e,
      ...rest
    } = FULL_ENVIRONMENT;
    const settings = settingsFromEnvironment(rest);
    expect(settings('amazon', 'US')).toBeNull();
    expect(settings('ebay', 'EBAY_US')).toBeNull();
    expect(settings('wish', 'US')).not.toBeNull();
    expect(settingsFromEnvironment({})('aliexpress', 'GLOBAL')).toBeNull();
  });

  it('knows no unknown site', () => {
    expect(connectMarket('amazon', 'XX')).toBeUndefined();
    expect(connectMarket('wish', 'GLOBAL')).toBeUndefined();
    expect(connectMarket('ebay', 'EBAY_US')).toEqual({ currency: 'USD', locale: 'en-US' });
  });

  it("names Amazon's code and seller the way its connector reads them", () => {
    expect(connectorCallback('amazon', { code: 'C1', shop_id: 'A1SELLER' })).toEqual({
      code: 'C1',
      shop_id: 'A1SELLER',
      spapi_oauth_code: 'C1',
      selling_partner_id: 'A1SELLER',
    });
    const redirect = { spapi_oauth_code: 'C2', selling_partner_id: 'S2', state: 'x' };
    expect(connectorCallback('amazon', redirect)).toEqual(redirect);
    expect(codeOf(redirect)).toBe('C2');
    expect(connectorCallback('shopee', { code: 'C3', shop_id: '9' })).toEqual({
      code: 'C3',
      shop_id: '9',
    });
  });
});
