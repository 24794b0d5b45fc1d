import { describe, expect, it } from 'vitest';
import { ConnectorRegistry, createConnectorRegistry } from './index.js';
import { InvalidInputError } from './http/errors.js';
import { InMemoryTokenStore } from './http/tokens.js';

const context = {
  account: { accountKey: '1', site: 'SG', shopId: '42' },
  tokenStore: new InMemoryTokenStore(),
};

describe('connector registry', () => {
  it('holds every marketplace and creates the Shopee connector by id with validated settings', async () => {
    const registry = createConnectorRegistry();
    expect([...registry.marketplaces()].sort()).toEqual([
      'aliexpress',
      'amazon',
      'ebay',
      'shopee',
      'wish',
    ]);
    const connector = registry.create('shopee', context, { partnerId: 1, partnerKey: 'k' });
    expect(connector.marketplace).toBe('shopee');
    expect(connector.capabilities.prices).toEqual({
      supported: true,
      batchSize: 50,
      onePerListing: true,
    });
    expect(connector.capabilities.orders.maxWindowDays).toBe(15);
    expect(
      await connector.consentUrl({ redirectUrl: 'https://app.example/cb', state: 's' }),
    ).toMatch(
      /^https:\/\/partner\.shopeemobile\.com\/api\/v2\/shop\/auth_partner\?partner_id=1&timestamp=\d+&sign=[0-9a-f]{64}&redirect=/,
    );
    await connector.close();
  });

  it('refuses bad settings with the fields named, and unknown marketplaces', () => {
    const registry = createConnectorRegistry();
    expect(() => registry.create('shopee', context, { partnerId: -1 })).toThrow(InvalidInputError);
    expect(() =>
      registry.create('shopee', context, { partnerId: 1, partnerKey: 'k', environment: 'local' }),
    ).toThrow(/baseUrl/);
    expect(() => registry.create('amazon', context, {})).toThrow(InvalidInputError);
    expect(() => new ConnectorRegistry().create('amazon', context, {})).toThrow(/No connector/);
  });

  it('refuses to register a marketplace twice', () => {
    const registry = createConnectorRegistry();
    expect(() =>
      registry.register({
        marketplace: 'shopee',
        capabilities: registry.capabilities('shopee'),
        settings: {} as never,
        create: () => ({}) as never,
      }),
    ).toThrow(/already/);
  });
});
