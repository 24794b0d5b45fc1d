/**
 * Connecting a real shop on every marketplace, not only Shopee: each simulated marketplace plays
 * the real one (its connector settings point at it), and the seller finishes the connection the
 * two ways the Accounts view offers — the address the marketplace's redirect landed on, or the
 * bare code pasted with the shop (Amazon: seller) id typed beside it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSandboxShops } from '../../src/cli/engine-compose.js';
import { createConnectorRegistry } from '../../src/connectors/index.js';
import { InMemoryTokenStore } from '../../src/connectors/http/tokens.js';
import type { SandboxShop } from '../../src/engine/sandbox-shops.js';
import { AccountConnections } from '../../src/engine/service/account-connections.js';
import { openStore, type Store } from '../../src/engine/store/connection.js';
import { listAccounts } from '../../src/engine/store/queries/accounts.js';
import type { Marketplace } from '../../src/shared/domain.js';

let shop: SandboxShop | undefined;
let store: Store | undefined;
let connections: AccountConnections | undefined;
afterEach(async () => {
  await connections?.close();
  store?.close();
  await shop?.close();
  shop = connections = store = undefined;
});

async function connectVia(marketplace: Marketplace) {
  const origin = Date.now();
  shop = await createSandboxShops().start(marketplace, { seed: 7, origin, now: origin });
  const started = shop;
  store = openStore(':memory:');
  connections = new AccountConnections({
    store,
    registry: createConnectorRegistry(),
    tokenStore: new InMemoryTokenStore(),
    settings: (chosen) => (chosen === marketplace ? started.connectorSettings : null),
  });
  return { shop: started, store, connections };
}

/** What the marketplace's redirect carries (eBay's fake gives it as one query string). */
function redirectParams(from: SandboxShop): Record<string, string> {
  const { redirectQuery, ...rest } = from.issueAuthorization();
  const params: Record<string, string> = { ...rest };
  if (redirectQuery)
    for (const [key, value] of new URLSearchParams(redirectQuery)) params[key] = value;
  delete params.state;
  return params;
}

describe.each(['amazon', 'ebay', 'aliexpress', 'wish'] as const)(
  'connecting a %s shop',
  (marketplace) => {
    it('finishes from the redirect address and from a pasted code', async () => {
      const world = await connectVia(marketplace);
      const option = world.connections.list().find((entry) => entry.marketplace === marketplace);
      expect(option).toMatchObject({ available: true, reason: null });
      expect(option?.sites).toContain(world.shop.site);

      const begun = await world.connections.begin({
        marketplace,
        site: world.shop.site,
        redirectUrl: 'http://127.0.0.1:9/#/accounts',
      });
      expect(begun.consentUrl).toMatch(/^https?:\/\//);
      // The address the redirect lands on: the marketplace's own parameters, our state.
      const landed = new URL('http://127.0.0.1:9/');
      for (const [key, value] of Object.entries(redirectParams(world.shop)))
        landed.searchParams.set(key, value);
      const state = new URL(begun.consentUrl).searchParams.get('state');
      if (state) landed.searchParams.set('state', state);
      const accountId = await world.connections.complete({
        sessionId: begun.sessionId,
        callback: landed.toString(),
      });
      const account = world.store.read(listAccounts).find((row) => row.id === accountId);
      expect(account).toMatchObject({
        marketplace,
        site: world.shop.site,
        shopId: world.shop.shopId,
        sandbox: false,
        authState: 'connected',
      });
      const kept = world.store.raw
        .prepare('SELECT currency FROM accounts WHERE id = ?')
        .get(accountId) as { currency: string };
      expect(kept.currency).toBe(world.shop.currency);
      expect((await world.connections.connector(accountId)!.authStatus()).state).toBe('connected');

      // A bare pasted code, the shop named beside it where the marketplace needs that.
      const pasted = await world.connections.begin({
        marketplace,
        site: world.shop.site,
        redirectUrl: 'http://127.0.0.1:9/',
      });
      const fresh = redirectParams(world.shop);
      const code = fresh.code ?? fresh.spapi_oauth_code;
      expect(code).toBeTruthy();
      const again = await world.connections.complete({
        sessionId: pasted.sessionId,
        callback: code!,
        shopId: option?.needsShopId ? world.shop.shopId : undefined,
      });
      expect(again).toBe(accountId);
    });
  },
);
