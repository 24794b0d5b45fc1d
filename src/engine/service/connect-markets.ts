/**
 * What connecting a real shop needs per marketplace: the sites a shop can be connected for, the
 * currency and language an account on each site keeps, the installation's app credentials (from
 * the environment by default), and how the marketplace's redirect names the code and the shop.
 *
 * App credentials belong to whoever distributes Silkroute (each marketplace registers the app,
 * not the seller); without them a marketplace says so instead of sending the seller to a consent
 * page that would refuse the app.
 */
import { AMAZON_MARKETPLACES } from '../../connectors/amazon/regions.js';
import { EBAY_MARKETS } from '../../connectors/ebay/hosts.js';
import { SHOPEE_MARKETS } from '../../connectors/shopee/hosts.js';
import type { Marketplace } from '../../shared/domain.js';

/** Connector settings for a marketplace and site, or null without app credentials for it. */
export type ConnectSettings = (marketplace: Marketplace, site: string) => unknown;

export interface ConnectMarket {
  currency: string;
  locale: string;
}

/**
 * AliExpress and Wish are one marketplace each, not one per country: AliExpress accounts are kept
 * under GLOBAL, Wish ones under US (its API's home), as their sandbox shops are.
 */
const GLOBAL = 'GLOBAL';
const WISH_SITE = 'US';

/** Sites a shop can be connected for, by marketplace. */
export const CONNECT_SITES: Readonly<Record<Marketplace, readonly string[]>> = {
  shopee: Object.keys(SHOPEE_MARKETS),
  amazon: AMAZON_MARKETPLACES.map((entry) => entry.site),
  ebay: Object.keys(EBAY_MARKETS),
  aliexpress: [GLOBAL],
  wish: [WISH_SITE],
};

/** The currency and language an account on that site keeps, or undefined for an unknown site. */
export function connectMarket(
  marketplace: Marketplace,
  site: string,
  settings?: unknown,
): ConnectMarket | undefined {
  switch (marketplace) {
    case 'shopee':
      return SHOPEE_MARKETS[site];
    case 'amazon': {
      const entry = AMAZON_MARKETPLACES.find((candidate) => candidate.site === site);
      return entry && { currency: entry.currency, locale: entry.locale };
    }
    case 'ebay': {
      const entry = EBAY_MARKETS[site];
      return entry && { currency: entry.currency, locale: entry.language };
    }
    case 'aliexpress': {
      // A store prices in one currency, chosen with the app's settings (usually USD).
      const currency = (settings as { currency?: unknown } | null)?.currency;
      return site === GLOBAL
        ? { currency: typeof currency === 'string' ? currency : 'USD', locale: 'en' }
        : undefined;
    }
    case 'wish':
      // Wish lists in USD and English for every country it sells in.
      return site === WISH_SITE ? { currency: 'USD', locale: 'en' } : undefined;
  }
}

/**
 * Whether a pasted bare code needs the shop named beside it: Shopee's redirect carries shop_id,
 * Amazon's selling_partner_id, and neither can be found from the code alone.
 */
export function needsShopId(marketplace: Marketplace): boolean {
  return marketplace === 'shopee' || marketplace === 'amazon';
}

/**
 * The redirect's parameters in the names the marketplace's connector reads: Amazon calls the code
 * spapi_oauth_code and the seller selling_partner_id; a pasted bare code and the shop id typed
 * beside it arrive as code and shop_id.
 */
export function connectorCallback(
  marketplace: Marketplace,
  params: Record<string, string>,
): Record<string, string> {
  if (marketplace !== 'amazon') return params;
  const out = { ...params };
  if (!out.spapi_oauth_code && out.code) out.spapi_oauth_code = out.code;
  if (!out.selling_partner_id && out.shop_id) out.selling_partner_id = out.shop_id;
  return out;
}

/** The authorisation code of a redirect, whatever the marketplace calls it. */
export function codeOf(params: Record<string, string>): string | undefined {
  return params.code ?? params.spapi_oauth_code;
}

type Env = NodeJS.ProcessEnv;

const environmentOf = (value: string | undefined) =>
  value === 'sandbox' ? 'sandbox' : 'production';

/**
 * App credentials from the environment, per marketplace:
 * - Shopee: SILKROUTE_SHOPEE_PARTNER_ID, _PARTNER_KEY (_ENVIRONMENT=sandbox for Shopee's test platform);
 * - Amazon: SILKROUTE_AMAZON_CLIENT_ID, _CLIENT_SECRET, _APPLICATION_ID (_BETA_APP=1 while a draft,
 *   _ENVIRONMENT=sandbox);
 * - eBay: SILKROUTE_EBAY_CLIENT_ID, _CLIENT_SECRET, _RUNAME (_ENVIRONMENT=sandbox);
 * - AliExpress: SILKROUTE_ALIEXPRESS_APP_KEY, _APP_SECRET (_CURRENCY, default USD);
 * - Wish: SILKROUTE_WISH_CLIENT_ID, _CLIENT_SECRET, _REDIRECT_URI (_ENVIRONMENT=sandbox).
 * A marketplace missing any required one has no credentials (null).
 */
export function settingsFromEnvironment(env: Env = process.env): ConnectSettings {
  return (marketplace) => {
    switch (marketplace) {
      case 'shopee': {
        const partnerId = Number(env.SILKROUTE_SHOPEE_PARTNER_ID);
        const partnerKey = env.SILKROUTE_SHOPEE_PARTNER_KEY;
        if (!Number.isSafeInteger(partnerId) || partnerId <= 0 || !partnerKey) return null;
        return {
          environment: environmentOf(env.SILKROUTE_SHOPEE_ENVIRONMENT),
          partnerId,
          partnerKey,
        };
      }
      case 'amazon': {
        const clientId = env.SILKROUTE_AMAZON_CLIENT_ID;
        const clientSecret = env.SILKROUTE_AMAZON_CLIENT_SECRET;
        const applicationId = env.SILKROUTE_AMAZON_APPLICATION_ID;
        if (!clientId || !clientSecret || !applicationId) return null;
        return {
          environment: environmentOf(env.SILKROUTE_AMAZON_ENVIRONMENT),
          clientId,
          clientSecret,
          applicationId,
          betaApp: env.SILKROUTE_AMAZON_BETA_APP === '1',
        };
      }
      case 'ebay': {
        const clientId = env.SILKROUTE_EBAY_CLIENT_ID;
        const clientSecret = env.SILKROUTE_EBAY_CLIENT_SECRET;
        const ruName = env.SILKROUTE_EBAY_RUNAME;
        if (!clientId || !clientSecret || !ruName) return null;
        return {
          environment: environmentOf(env.SILKROUTE_EBAY_ENVIRONMENT),
          clientId,
          clientSecret,
          ruName,
        };
      }
      case 'aliexpress': {
        const appKey = env.SILKROUTE_ALIEXPRESS_APP_KEY;
        const appSecret = env.SILKROUTE_ALIEXPRESS_APP_SECRET;
        if (!appKey || !appSecret) return null;
        return {
          appKey,
          appSecret,
          ...(env.SILKROUTE_ALIEXPRESS_CURRENCY
            ? { currency: env.SILKROUTE_ALIEXPRESS_CURRENCY }
            : {}),
        };
      }
      case 'wish': {
        const clientId = env.SILKROUTE_WISH_CLIENT_ID;
        const clientSecret = env.SILKROUTE_WISH_CLIENT_SECRET;
        if (!clientId || !clientSecret) return null;
        return {
          environment: environmentOf(env.SILKROUTE_WISH_ENVIRONMENT),
          clientId,
          clientSecret,
          ...(env.SILKROUTE_WISH_REDIRECT_URI
            ? { redirectUri: env.SILKROUTE_WISH_REDIRECT_URI }
            : {}),
        };
      }
    }
  };
}
