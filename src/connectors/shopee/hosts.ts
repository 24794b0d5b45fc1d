/**
 * Where Shopee lives (developer guide "API calls"), by host region, and what a shop's market means
 * for currency, locale and price precision. Host regions are about the developer's location
 * (SG for most, CN for Chinese Mainland, BR for the Americas), not the shop's market.
 */
export const SHOPEE_HOST_REGIONS = ['SG', 'CN', 'BR'] as const;
export type ShopeeHostRegion = (typeof SHOPEE_HOST_REGIONS)[number];

export const SHOPEE_PRODUCTION_HOSTS: Readonly<Record<ShopeeHostRegion, string>> = {
  SG: 'https://partner.shopeemobile.com',
  CN: 'https://openplatform.shopee.cn',
  BR: 'https://openplatform.shopee.com.br',
};

/**
 * Sandbox v2 hosts. The per-API `test_url` fields still name partner.test-stable.shopeemobile.com,
 * which a third-party note reports failing with error_sign for new credentials: the guide's v2 hosts
 * are used. No BR sandbox host is listed; the SG one serves "all developers".
 */
export const SHOPEE_SANDBOX_HOSTS: Readonly<Record<ShopeeHostRegion, string>> = {
  SG: 'https://openplatform.sandbox.test-stable.shopee.sg',
  CN: 'https://openplatform.sandbox.test-stable.shopee.cn',
  BR: 'https://openplatform.sandbox.test-stable.shopee.sg',
};

export interface ShopeeMarket {
  currency: string;
  locale: string;
  /** Whether prices may have two decimals (SG/MY/BR/MX/PL/ES/AR per get_model_list); else integers. */
  decimalPrices: boolean;
}

export const SHOPEE_MARKETS: Readonly<Record<string, ShopeeMarket>> = {
  SG: { currency: 'SGD', locale: 'en-SG', decimalPrices: true },
  MY: { currency: 'MYR', locale: 'en-MY', decimalPrices: true },
  TH: { currency: 'THB', locale: 'th-TH', decimalPrices: false },
  VN: { currency: 'VND', locale: 'vi-VN', decimalPrices: false },
  ID: { currency: 'IDR', locale: 'id-ID', decimalPrices: false },
  PH: { currency: 'PHP', locale: 'en-PH', decimalPrices: false },
  TW: { currency: 'TWD', locale: 'zh-TW', decimalPrices: false },
  BR: { currency: 'BRL', locale: 'pt-BR', decimalPrices: true },
  MX: { currency: 'MXN', locale: 'es-MX', decimalPrices: true },
  CO: { currency: 'COP', locale: 'es-CO', decimalPrices: false },
  CL: { currency: 'CLP', locale: 'es-CL', decimalPrices: false },
  PL: { currency: 'PLN', locale: 'pl-PL', decimalPrices: true },
  ES: { currency: 'EUR', locale: 'es-ES', decimalPrices: true },
  AR: { currency: 'ARS', locale: 'es-AR', decimalPrices: true },
};

export function shopeeMarket(site: string): ShopeeMarket {
  const market = SHOPEE_MARKETS[site.toUpperCase()];
  if (!market) throw new RangeError(`Unknown Shopee market "${site}"`);
  return market;
}
