/**
 * The engine as the app and `silkroute serve` run it: the store-backed engine with the built-in
 * sandbox shops plugged in. It lives outside engine/ because engine/ may not import sandbox/ (the
 * fakes are kept apart from the code they check); this is the one place that joins them.
 */
import type { SandboxShop, SandboxShops } from '../engine/sandbox-shops.js';
import type { EngineOptions } from '../engine/service/engine-types.js';
import { openEngine, type LocalEngine, type LocalEngineOptions } from '../engine/service/engine.js';
import {
  ALIEXPRESS_SANDBOX_DEFAULT_RATE_LIMIT,
  WISH_SANDBOX_DEFAULT_RATE_LIMIT,
  startAliExpressSandbox,
  startAmazonSandbox,
  startEbaySandbox,
  startShopeeSandbox,
  startWishSandbox,
  type AliExpressSandbox,
  type AliExpressSandboxOptions,
  type AmazonSandbox,
  type AmazonSandboxOptions,
  type AmazonUsagePlanSetting,
  type EbaySandbox,
  type EbaySandboxOptions,
  type RateLimitSettings,
  type ShopeeSandbox,
  type ShopeeSandboxOptions,
  type WishSandbox,
  type WishSandboxOptions,
} from '../sandbox/index.js';
import { MARKETPLACES, type Marketplace } from '../shared/domain.js';
import {
  hasSandboxTranslator,
  registerSandboxTranslator,
  stopSandboxTranslator,
} from '../engine/translate/provider-settings.js';
import { SANDBOX_TRANSLATOR_KEY, startTranslationSandbox } from '../sandbox/translate/index.js';
import {
  aliExpressSandboxShop,
  amazonSandboxShop,
  ebaySandboxShop,
  pacingFor,
  shopeeSandboxShop,
  wishSandboxShop,
} from './sandbox-shop-adapters.js';

type Sized<T> = Omit<T, 'seed' | 'startTime'>;

/** A simulated marketplace just started, for tests that read its ground truth or drive it. */
export type StartedSandbox =
  | { marketplace: 'shopee'; sandbox: ShopeeSandbox }
  | { marketplace: 'aliexpress'; sandbox: AliExpressSandbox }
  | { marketplace: 'amazon'; sandbox: AmazonSandbox }
  | { marketplace: 'ebay'; sandbox: EbaySandbox }
  | { marketplace: 'wish'; sandbox: WishSandbox };

export interface SandboxShopsOptions {
  /** The marketplaces that have a sandbox shop (default: all five). */
  marketplaces?: readonly Marketplace[];
  /** Per-fake options (sizes, rate limit…), over the app's defaults; for tests. */
  shopee?: Sized<ShopeeSandboxOptions>;
  aliexpress?: Sized<AliExpressSandboxOptions>;
  amazon?: Sized<AmazonSandboxOptions>;
  ebay?: Sized<EbaySandboxOptions>;
  wish?: Sized<WishSandboxOptions>;
  /** Told of every simulated marketplace started. */
  onStarted?: (started: StartedSandbox) => void;
  /** Told of every simulated Shopee started (kept for the tests written before the others). */
  onShopeeStarted?: (sandbox: ShopeeSandbox) => void;
}

/**
 * What the app opens on: every shop small enough that the first sync of all five takes seconds.
 * Shopee keeps the fake's own defaults (200 items, 300 orders over 90 days, 10 requests/s), as the
 * app has since its first sandbox shop. Amazon keeps its published usage plans, but its feeds are
 * processed in seconds rather than minutes (a sandbox user should not wait for a queue).
 */
export const SANDBOX_SHOP_DEFAULTS = {
  aliexpress: { items: 40, orders: 60, orderDays: 45 },
  amazon: {
    listings: 60,
    orders: 80,
    orderDays: 45,
    feedTiming: { queueMs: 1_000, processingMs: 2_000, perMessageMs: 2 },
  },
  ebay: { items: 60, orders: 80, orderDays: 45 },
  wish: { items: 40, orders: 60, orderDays: 45 },
} as const;

/** Amazon feeds are polled this often in the sandbox (simulated ms; the connector's minimum). */
const AMAZON_SANDBOX_FEED_POLL_MS = 1_000;

/** The one limit of every Amazon operation, when the fake is given one (not per operation). */
function singleRate(setting: AmazonUsagePlanSetting | undefined): RateLimitSettings | null {
  if (!setting) return null;
  const { requestsPerSecond, burst } = setting as Partial<RateLimitSettings>;
  return typeof requestsPerSecond === 'number' && typeof burst === 'number'
    ? { requestsPerSecond, burst }
    : null;
}

/** Sandbox shops backed by the simulated marketplaces in src/sandbox. */
export function createSandboxShops(options: SandboxShopsOptions = {}): SandboxShops {
  const told = (started: StartedSandbox) => {
    options.onStarted?.(started);
    if (started.marketplace === 'shopee') options.onShopeeStarted?.(started.sandbox);
  };
  const starters: Record<
    Marketplace,
    (seed: number, startTime: number, now: number) => Promise<SandboxShop>
  > = {
    async shopee(seed, startTime, now) {
      const sandbox = await startShopeeSandbox({ ...options.shopee, seed, startTime });
      // A shop restarted later lives through the time in between, as a real one would.
      if (now > startTime) sandbox.advance(now - startTime);
      told({ marketplace: 'shopee', sandbox });
      // The connector's own Shopee limit (10/s, burst 5) already keeps within the fake's default.
      return shopeeSandboxShop(sandbox, { pacing: pacingFor(options.shopee?.rateLimit) });
    },
    async aliexpress(seed, startTime, now) {
      const settings = { ...SANDBOX_SHOP_DEFAULTS.aliexpress, ...options.aliexpress };
      const sandbox = await startAliExpressSandbox({ ...settings, seed, startTime });
      if (now > startTime) sandbox.advance(now - startTime);
      told({ marketplace: 'aliexpress', sandbox });
      const rate =
        settings.rateLimit === undefined
          ? ALIEXPRESS_SANDBOX_DEFAULT_RATE_LIMIT
          : settings.rateLimit;
      return aliExpressSandboxShop(sandbox, { pacing: pacingFor(rate) });
    },
    async amazon(seed, startTime, now) {
      const settings = { ...SANDBOX_SHOP_DEFAULTS.amazon, ...options.amazon };
      const sandbox = await startAmazonSandbox({ ...settings, seed, startTime });
      if (now > startTime) sandbox.advance(now - startTime);
      told({ marketplace: 'amazon', sandbox });
      // One limit for every operation (a test's choice) paces every bucket; the default usage
      // plans are Amazon's own, which the connector already keeps.
      return amazonSandboxShop(sandbox, {
        pacing: pacingFor(singleRate(settings.rateLimit)),
        feedPollMs: AMAZON_SANDBOX_FEED_POLL_MS,
      });
    },
    async ebay(seed, startTime, now) {
      const settings = { ...SANDBOX_SHOP_DEFAULTS.ebay, ...options.ebay };
      const sandbox = await startEbaySandbox({ ...settings, seed, startTime });
      if (now > startTime) sandbox.advance(now - startTime);
      told({ marketplace: 'ebay', sandbox });
      return ebaySandboxShop(sandbox, { pacing: pacingFor(settings.rateLimit) });
    },
    async wish(seed, startTime, now) {
      const settings = { ...SANDBOX_SHOP_DEFAULTS.wish, ...options.wish };
      const sandbox = await startWishSandbox({ ...settings, seed, startTime });
      if (now > startTime) sandbox.advance(now - startTime);
      told({ marketplace: 'wish', sandbox });
      const rate =
        settings.rateLimit === undefined ? WISH_SANDBOX_DEFAULT_RATE_LIMIT : settings.rateLimit;
      return wishSandboxShop(sandbox, { pacing: pacingFor(rate) });
    },
  };
  const marketplaces = options.marketplaces ?? MARKETPLACES;
  return {
    marketplaces,
    async start(marketplace, { seed, origin, now }): Promise<SandboxShop> {
      if (!marketplaces.includes(marketplace)) {
        throw new Error(`There is no sandbox shop for ${marketplace}`);
      }
      return starters[marketplace](seed, origin, now);
    },
  };
}

/** Opens the engine with the built-in sandbox shops. */
export function openComposedEngine(
  options: EngineOptions & Omit<LocalEngineOptions, 'sandboxShops'>,
  sandboxShops: SandboxShops = createSandboxShops(),
): LocalEngine {
  // The sandbox translator (simulated DeepL) starts at its first use, once per process.
  if (!hasSandboxTranslator()) {
    registerSandboxTranslator(async () => {
      const translator = await startTranslationSandbox();
      return {
        baseUrl: translator.baseUrl,
        key: SANDBOX_TRANSLATOR_KEY,
        close: () => translator.close(),
      };
    });
  }
  const engine = openEngine({ ...options, sandboxShops });
  return {
    ...engine,
    close: () => {
      engine.close();
      void stopSandboxTranslator();
    },
    shutdown: async () => {
      await engine.shutdown();
      await stopSandboxTranslator();
    },
  };
}
