/**
 * The fake eBay as a built-in sandbox shop of the app: the engine's SandboxAccounts, a connector
 * registry with the eBay factory and a SandboxShops adapter for eBay — the adapter
 * src/cli/engine-compose.ts is to get (`ebaySandboxShop` below is that adapter, word for word) —
 * the real authorisation flow and first pull, the real store. After adding the account the store
 * holds exactly the simulated seller's ground truth; after a restart the same seller comes back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '../../src/connectors/registry.js';
import { ebayConnectorFactory } from '../../src/connectors/ebay/connector.js';
import { InMemoryTokenStore } from '../../src/connectors/http/tokens.js';
import { SandboxAccounts } from '../../src/engine/sandbox-accounts.js';
import type { SandboxShop, SandboxShops } from '../../src/engine/sandbox-shops.js';
import { openStore } from '../../src/engine/store/connection.js';
import {
  startEbaySandbox,
  type EbaySandbox,
  type EbaySandboxOptions,
} from '../../src/sandbox/ebay/index.js';
import { sellerDifferences, type EbayWorldSeller } from './ebay-sync-world.js';

const root = mkdtempSync(join(tmpdir(), 'silkroute-ebay-shop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The adapter for engine-compose: one simulated eBay seller as a sandbox shop. */
async function ebaySandboxShop(
  options: { seed: number; origin: number; now: number },
  extra: Omit<EbaySandboxOptions, 'seed' | 'startTime'> = {},
  onStarted?: (sandbox: EbaySandbox) => void,
): Promise<SandboxShop> {
  const sandbox = await startEbaySandbox({
    ...extra,
    seed: options.seed,
    startTime: options.origin,
  });
  if (options.now > options.origin) sandbox.advance(options.now - options.origin);
  onStarted?.(sandbox);
  const { account } = sandbox;
  // The connector's own pacing (Inventory 18/s, Fulfillment 5/s) keeps within the fake's default
  // limit (20/s per API, burst 40); a faster fake (tests) gets a client as fast, small burst.
  const rate = extra.rateLimit?.requestsPerSecond;
  const limit = rate ? { requestsPerSecond: rate, burst: 5 } : undefined;
  return {
    marketplace: 'ebay',
    site: account.site,
    shopId: account.shopId,
    displayName: account.displayName,
    currency: account.currency,
    locale: account.locale,
    connectorSettings: {
      ...account.connection,
      ...(limit ? { rateLimits: { inventory: limit, fulfillment: limit } } : {}),
    },
    now: () => sandbox.now(),
    issueAuthorization: () => ({ code: sandbox.control.issueAuthorizationCode() }),
    close: () => sandbox.close(),
  };
}

describe('the eBay sandbox shop', () => {
  it('becomes an account equal to its ground truth, and comes back the same after a restart', async () => {
    const started: EbaySandbox[] = [];
    const shops: SandboxShops = {
      marketplaces: ['ebay'],
      start: (_marketplace, options) =>
        ebaySandboxShop(options, { rateLimit: { requestsPerSecond: 200, burst: 50 } }, (sandbox) =>
          started.push(sandbox),
        ),
    };
    const dataFile = join(root, 'silkroute.db');
    const open = () => {
      const store = openStore(dataFile);
      const accounts = new SandboxAccounts({
        store,
        shops,
        registry: new ConnectorRegistry().register(ebayConnectorFactory),
        tokenStore: new InMemoryTokenStore(),
        now: () => new Date(Date.UTC(2026, 10, 24, 9)),
        onChanged: () => undefined,
      });
      return { store, accounts };
    };
    const first = open();
    const summary = await first.accounts.add('ebay');
    expect(summary).toMatchObject({
      marketplace: 'ebay',
      site: 'EBAY_US',
      shopId: 'sbx-seller-0001',
      sandbox: true,
    });
    await first.accounts.idle();
    const seller = { sandbox: started[0]!, accountId: summary.id } as EbayWorldSeller;
    expect(sellerDifferences(first.store, seller)).toEqual([]);
    expect(seller.sandbox.groundTruth().listings.length).toBeGreaterThan(150);
    // A second add returns the same account.
    expect((await first.accounts.add('ebay')).id).toBe(summary.id);
    await first.accounts.close();
    first.store.close();

    const second = open();
    await second.accounts.restore();
    const connector = second.accounts.connector(summary.id);
    expect(connector).toBeDefined();
    expect((await connector!.authStatus()).state).toBe('connected');
    // The same seeded seller: same listings.
    expect(started[1]!.groundTruth().listings.map((entry) => entry.offerId)).toEqual(
      started[0]!.groundTruth().listings.map((entry) => entry.offerId),
    );
    await second.accounts.close();
    second.store.close();
  }, 60_000);
});
