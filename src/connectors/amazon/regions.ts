/**
 * Where an Amazon seller account lives (../shared/marketplace-notes.md §1.3): the selling region
 * (NA/EU/FE) decides the SP-API host; the marketplace id decides the store, its currency and its
 * Seller Central (where the seller consents). Marketplace ids are from the notes (a copy of the
 * official table); the Seller Central hosts and the FBA channel codes are the commonly published
 * ones [UNCONFIRMED against the official pages: verify before adding a store].
 */
export const AMAZON_REGIONS = ['NA', 'EU', 'FE'] as const;
export type AmazonRegion = (typeof AMAZON_REGIONS)[number];

export const SP_API_HOSTS: Readonly<Record<AmazonRegion, string>> = {
  NA: 'https://sellingpartnerapi-na.amazon.com',
  EU: 'https://sellingpartnerapi-eu.amazon.com',
  FE: 'https://sellingpartnerapi-fe.amazon.com',
};

/** Amazon's own sandbox (static and dynamic), same paths. Host naming is third-party. */
export const SP_API_SANDBOX_HOSTS: Readonly<Record<AmazonRegion, string>> = {
  NA: 'https://sandbox.sellingpartnerapi-na.amazon.com',
  EU: 'https://sandbox.sellingpartnerapi-eu.amazon.com',
  FE: 'https://sandbox.sellingpartnerapi-fe.amazon.com',
};

/** Login with Amazon's token endpoint, the same for every region. */
export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';

export interface AmazonMarketplace {
  site: string;
  marketplaceId: string;
  region: AmazonRegion;
  currency: string;
  /** BCP 47 locale of the store's listings. */
  locale: string;
  sellerCentral: string;
  fbaChannel: string;
}

function marketplace(
  site: string,
  marketplaceId: string,
  region: AmazonRegion,
  currency: string,
  locale: string,
  sellerCentral: string,
  fbaChannel: string,
): AmazonMarketplace {
  return { site, marketplaceId, region, currency, locale, sellerCentral, fbaChannel };
}

const EUROPE = 'https://sellercentral-europe.amazon.com';

export const AMAZON_MARKETPLACES: readonly AmazonMarketplace[] = [
  marketplace(
    'US',
    'ATVPDKIKX0DER',
    'NA',
    'USD',
    'en-US',
    'https://sellercentral.amazon.com',
    'AMAZON_NA',
  ),
  marketplace(
    'CA',
    'A2EUQ1WTGCTBG2',
    'NA',
    'CAD',
    'en-CA',
    'https://sellercentral.amazon.ca',
    'AMAZON_NA',
  ),
  marketplace(
    'MX',
    'A1AM78C64UM0Y8',
    'NA',
    'MXN',
    'es-MX',
    'https://sellercentral.amazon.com.mx',
    'AMAZON_NA',
  ),
  marketplace(
    'BR',
    'A2Q3Y263D00KWC',
    'NA',
    'BRL',
    'pt-BR',
    'https://sellercentral.amazon.com.br',
    'AMAZON_NA',
  ),
  marketplace('UK', 'A1F83G8C2ARO7P', 'EU', 'GBP', 'en-GB', EUROPE, 'AMAZON_EU'),
  marketplace('DE', 'A1PA6795UKMFR9', 'EU', 'EUR', 'de-DE', EUROPE, 'AMAZON_EU'),
  marketplace('FR', 'A13V1IB3VIYZZH', 'EU', 'EUR', 'fr-FR', EUROPE, 'AMAZON_EU'),
  marketplace('IT', 'APJ6JRA9NG5V4', 'EU', 'EUR', 'it-IT', EUROPE, 'AMAZON_EU'),
  marketplace('ES', 'A1RKKUPIHCS9HS', 'EU', 'EUR', 'es-ES', EUROPE, 'AMAZON_EU'),
  marketplace(
    'NL',
    'A1805IZSGTT6HS',
    'EU',
    'EUR',
    'nl-NL',
    'https://sellercentral.amazon.nl',
    'AMAZON_EU',
  ),
  marketplace(
    'JP',
    'A1VC38T7YXB528',
    'FE',
    'JPY',
    'ja-JP',
    'https://sellercentral.amazon.co.jp',
    'AMAZON_JP',
  ),
  marketplace(
    'AU',
    'A39IBJ37TRP1C6',
    'FE',
    'AUD',
    'en-AU',
    'https://sellercentral.amazon.com.au',
    'AMAZON_FE',
  ),
  marketplace(
    'SG',
    'A19VAU5U5O7RUS',
    'FE',
    'SGD',
    'en-SG',
    'https://sellercentral.amazon.sg',
    'AMAZON_FE',
  ),
];

/** The store for an account's site code (`US`, `DE`…) or marketplace id. */
export function amazonMarketplace(siteOrId: string): AmazonMarketplace | undefined {
  const key = siteOrId.toUpperCase() === 'GB' ? 'UK' : siteOrId.toUpperCase();
  return AMAZON_MARKETPLACES.find(
    (entry) => entry.site === key || entry.marketplaceId === siteOrId,
  );
}
