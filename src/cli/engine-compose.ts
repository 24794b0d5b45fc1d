/**
 * The engine as the app and `silkroute serve` run it: the store-backed engine with the built-in
 * sandbox shops plugged in. It lives outside engine/ because engine/ may not import sandbox/ (the
 * fakes are kept apart from the code they check); this is the one place that joins them.
 */
import type { SandboxShop, SandboxShops } from '../engine/sandbox-shops.js';
import type { EngineOptions } from '../engine/service/engine-types.js';
import { openEngine, type LocalEngine, type LocalEngineOptions } from '../engine/service/engine.js';
import {
  startShopeeSandbox,
  type ShopeeSandbox,
  type ShopeeSandboxOptions,
} from '../sandbox/index.js';

/**
 * Sandbox shops backed by the simulated marketplaces in src/sandbox. `shopee` options (sizes, rate
 * limit…) are for tests; the app uses the fake's defaults (200 items, 300 orders over 90 days,
 * 10 requests per second).
 */
export function createSandboxShops(
  options: {
    shopee?: Omit<ShopeeSandboxOptions, 'seed' | 'startTime'>;
    /** Told of every simulated Shopee started (tests read its ground truth). */
    onShopeeStarted?: (sandbox: ShopeeSandbox) => void;
  } = {},
): SandboxShops {
  return {
    marketplaces: ['shopee'],
    async start(marketplace, { seed, origin, now }): Promise<SandboxShop> {
      if (marketplace !== 'shopee') throw new Error(`There is no sandbox shop for ${marketplace}`);
      const sandbox = await startShopeeSandbox({ ...options.shopee, seed, startTime: origin });
      if (now > origin) sandbox.advance(now - origin);
      options.onShopeeStarted?.(sandbox);
      const { account } = sandbox;
      // The connector's own Shopee limit (10/s, burst 5) already keeps within the fake's default
      // (10/s, burst 20). A faster fake (tests) gets a client as fast, with the same small burst:
      // a client burst as large as the fake's would be throttled by the least timing jitter.
      const rate = options.shopee?.rateLimit?.requestsPerSecond;
      const rateLimits = rate ? { shop: { requestsPerSecond: rate, burst: 5 } } : undefined;
      return {
        marketplace: 'shopee',
        site: account.site,
        shopId: account.shopId,
        displayName: account.displayName,
        currency: account.currency,
        locale: account.locale,
        connectorSettings: {
          environment: 'local',
          baseUrl: account.connection.baseUrl,
          partnerId: account.connection.partnerId,
          partnerKey: account.connection.partnerKey,
          ...(rateLimits ? { rateLimits } : {}),
        },
        now: () => sandbox.now(),
        issueAuthorization: () => ({
          code: sandbox.control.issueAuthorizationCode(),
          shop_id: account.shopId,
        }),
        close: () => sandbox.close(),
      };
    },
  };
}

/** Opens the engine with the built-in sandbox shops. */
export function openComposedEngine(
  options: EngineOptions & Omit<LocalEngineOptions, 'sandboxShops'>,
  sandboxShops: SandboxShops = createSandboxShops(),
): LocalEngine {
  return openEngine({ ...options, sandboxShops });
}
