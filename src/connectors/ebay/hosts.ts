/**
 * Where eBay lives (notes §2.1, §2.3): the API host, the consent host and the token endpoint, per
 * environment; and what an eBay site (X-EBAY-C-MARKETPLACE-ID) means for currency and language.
 * One global host serves every site; the site travels in the marketplace header.
 */
export interface EbayHosts {
  api: string;
  /** Consent page host (auth.ebay.com). */
  auth: string;
  /** The OAuth token endpoint (a different path, and in the contracts a different service). */
  tokenUrl: string;
  /** Identity (getUser) is served from apiz.ebay.com in the contracts. */
  apiz: string;
}

export const EBAY_HOSTS: Readonly<Record<'production' | 'sandbox', EbayHosts>> = {
  production: {
    api: 'https://api.ebay.com',
    auth: 'https://auth.ebay.com',
    tokenUrl: 'https://api.ebay.com/identity/v1/oauth2/token',
    apiz: 'https://apiz.ebay.com',
  },
  sandbox: {
    api: 'https://api.sandbox.ebay.com',
    auth: 'https://auth.sandbox.ebay.com',
    tokenUrl: 'https://api.sandbox.ebay.com/identity/v1/oauth2/token',
    apiz: 'https://apiz.sandbox.ebay.com',
  },
};

export interface EbayMarket {
  currency: string;
  /** BCP 47, sent as Content-Language when writing listings. */
  language: string;
}

export const EBAY_MARKETS: Readonly<Record<string, EbayMarket>> = {
  EBAY_US: { currency: 'USD', language: 'en-US' },
  EBAY_MOTORS_US: { currency: 'USD', language: 'en-US' },
  EBAY_GB: { currency: 'GBP', language: 'en-GB' },
  EBAY_DE: { currency: 'EUR', language: 'de-DE' },
  EBAY_FR: { currency: 'EUR', language: 'fr-FR' },
  EBAY_IT: { currency: 'EUR', language: 'it-IT' },
  EBAY_ES: { currency: 'EUR', language: 'es-ES' },
  EBAY_AT: { currency: 'EUR', language: 'de-AT' },
  EBAY_BE: { currency: 'EUR', language: 'fr-BE' },
  EBAY_NL: { currency: 'EUR', language: 'nl-NL' },
  EBAY_IE: { currency: 'EUR', language: 'en-IE' },
  EBAY_CH: { currency: 'CHF', language: 'de-CH' },
  EBAY_PL: { currency: 'PLN', language: 'pl-PL' },
  EBAY_AU: { currency: 'AUD', language: 'en-AU' },
  EBAY_CA: { currency: 'CAD', language: 'en-CA' },
};

export function ebayMarket(site: string): EbayMarket {
  const market = EBAY_MARKETS[site.toUpperCase()];
  if (!market) throw new RangeError(`Unknown eBay site "${site}" (expected e.g. EBAY_US, EBAY_GB)`);
  return market;
}
