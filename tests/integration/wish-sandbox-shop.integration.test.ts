/**
 * The fake Wish as the app's built-in sandbox shop: what an engine-compose adapter does with it —
 * the account's connection settings go through the connector registry's settings schema, a fresh
 * code from the sandbox completes the real authorisation, and the shop can be pulled.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryTokenStore } from '../../src/connectors/http/tokens.js';
import { ConnectorRegistry } from '../../src/connectors/registry.js';
import { wishConnectorFactory } from '../../src/connectors/wish/connector.js';
import { startWishSandbox, type WishSandbox } from '../../src/sandbox/wish/index.js';

let sandbox: WishSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('Wish sandbox shop', () => {
  it('connects through the registry with the account settings and a sandbox-issued code', async () => {
    const origin = Date.UTC(2026, 5, 1);
    sandbox = await startWishSandbox({ seed: 3, startTime: origin, items: 40, orders: 30 });
    sandbox.advance(3_600_000);
    const { account } = sandbox;
    expect(account).toMatchObject({
      marketplace: 'wish',
      site: 'US',
      currency: 'USD',
      sandbox: true,
    });
    const registry = new ConnectorRegistry().register(wishConnectorFactory);
    const connector = registry.create(
      'wish',
      {
        account: { accountKey: 'sandbox-wish', site: account.site, shopId: account.shopId },
        tokenStore: new InMemoryTokenStore(),
        clock: { now: () => sandbox!.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
      },
      { environment: 'local', ...account.connection },
    );
    try {
      const status = await connector.completeAuthorization({
        code: sandbox.control.issueAuthorizationCode(),
      });
      expect(status).toMatchObject({ state: 'connected', shopId: account.shopId });
      const page = await connector.listListings({ cursor: null, changedSince: null });
      expect(page.items.length).toBeGreaterThan(40);
      expect(page.nextCursor).toBeNull();
      expect(() =>
        registry.create(
          'wish',
          {
            account: { accountKey: 'x', site: 'US', shopId: null },
            tokenStore: new InMemoryTokenStore(),
          },
          { environment: 'local', clientId: 'a', clientSecret: 'b' },
        ),
      ).toThrow(/baseUrl/);
    } finally {
      await connector.close();
    }
  });
});
