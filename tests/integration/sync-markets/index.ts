/**
 * Every simulated marketplace behind one door: `startMarket('ebay', options)` starts the fake and
 * returns it as a MarketShop (market.ts); `marketOf` wraps one the app's sandbox shops started.
 */
import type { StartedSandbox } from '../../../src/cli/engine-compose.js';
import type { Marketplace } from '../../../src/shared/domain.js';
import { aliexpressMarket, startAliExpressMarket } from './aliexpress.js';
import { amazonMarket, startAmazonMarket } from './amazon.js';
import { ebayMarket, startEbayMarket } from './ebay.js';
import type { MarketOptions, MarketShop } from './market.js';
import { shopeeMarket, startShopeeMarket } from './shopee.js';
import { startWishMarket, wishMarket } from './wish.js';

export * from './market.js';

const STARTERS: Record<Marketplace, (options: MarketOptions) => Promise<MarketShop>> = {
  amazon: startAmazonMarket,
  ebay: startEbayMarket,
  aliexpress: startAliExpressMarket,
  wish: startWishMarket,
  shopee: startShopeeMarket,
};

export function startMarket(marketplace: Marketplace, options: MarketOptions): Promise<MarketShop> {
  return STARTERS[marketplace](options);
}

/** A fake the app's sandbox shops started (engine-compose's onStarted) as a MarketShop. */
export function marketOf(started: StartedSandbox): MarketShop {
  // The app's shops run on real time; their connectors keep their own pacing.
  const settings = { timeScale: 1, clientRate: null };
  switch (started.marketplace) {
    case 'shopee':
      return shopeeMarket(started.sandbox, settings);
    case 'aliexpress':
      return aliexpressMarket(started.sandbox, settings);
    case 'amazon':
      return amazonMarket(started.sandbox, settings);
    case 'ebay':
      return ebayMarket(started.sandbox, settings);
    case 'wish':
      return wishMarket(started.sandbox, settings);
  }
}
