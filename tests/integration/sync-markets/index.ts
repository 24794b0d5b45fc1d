/**
 * Every simulated marketplace behind one door: `startMarket('ebay', options)` starts the fake and
 * returns it as a MarketShop (market.ts).
 */
import type { Marketplace } from '../../../src/shared/domain.js';
import { startAliExpressMarket } from './aliexpress.js';
import { startAmazonMarket } from './amazon.js';
import { startEbayMarket } from './ebay.js';
import type { MarketOptions, MarketShop } from './market.js';
import { startShopeeMarket } from './shopee.js';
import { startWishMarket } from './wish.js';

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
