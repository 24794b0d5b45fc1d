/**
 * Amazon marketplaces the fake can play, from ../shared/marketplace-notes.md §1.3: the selling
 * region (which SP-API endpoint serves it), the marketplace id, the store's currency and language,
 * and the FBA fulfillment channel code listings show for Amazon-fulfilled stock.
 */
export interface AmazonSite {
  code: string;
  region: 'NA' | 'EU' | 'FE';
  marketplaceId: string;
  currency: string;
  /** Minor-unit digits of the currency (JPY has none). */
  currencyDigits: number;
  /** Amazon's language tag style (underscore), as attributes carry it. */
  languageTag: string;
  /** BCP 47 locale of the store. */
  locale: string;
  fbaChannel: string;
  domain: string;
}

export const AMAZON_SITES: Readonly<Record<string, AmazonSite>> = {
  US: site('US', 'NA', 'ATVPDKIKX0DER', 'USD', 2, 'en_US', 'AMAZON_NA', 'amazon.com'),
  CA: site('CA', 'NA', 'A2EUQ1WTGCTBG2', 'CAD', 2, 'en_CA', 'AMAZON_NA', 'amazon.ca'),
  MX: site('MX', 'NA', 'A1AM78C64UM0Y8', 'MXN', 2, 'es_MX', 'AMAZON_NA', 'amazon.com.mx'),
  UK: site('UK', 'EU', 'A1F83G8C2ARO7P', 'GBP', 2, 'en_GB', 'AMAZON_EU', 'amazon.co.uk'),
  DE: site('DE', 'EU', 'A1PA6795UKMFR9', 'EUR', 2, 'de_DE', 'AMAZON_EU', 'amazon.de'),
  FR: site('FR', 'EU', 'A13V1IB3VIYZZH', 'EUR', 2, 'fr_FR', 'AMAZON_EU', 'amazon.fr'),
  JP: site('JP', 'FE', 'A1VC38T7YXB528', 'JPY', 0, 'ja_JP', 'AMAZON_JP', 'amazon.co.jp'),
  AU: site('AU', 'FE', 'A39IBJ37TRP1C6', 'AUD', 2, 'en_AU', 'AMAZON_FE', 'amazon.com.au'),
};

function site(
  code: string,
  region: AmazonSite['region'],
  marketplaceId: string,
  currency: string,
  currencyDigits: number,
  languageTag: string,
  fbaChannel: string,
  domain: string,
): AmazonSite {
  return {
    code,
    region,
    marketplaceId,
    currency,
    currencyDigits,
    languageTag,
    locale: languageTag.replace('_', '-'),
    fbaChannel,
    domain,
  };
}

/** Cents (minor units) as the decimal string Amazon's Money.amount carries, e.g. "19.99". */
export function formatAmount(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const negative = minor < 0;
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return `${negative ? '-' : ''}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * A JSON number or decimal string (as a patch's `value_with_tax` carries it) as minor units,
 * exactly: by its decimal text, never by float arithmetic. Null when it is not a plain amount or
 * has more decimals than the currency.
 */
export function parseAmount(value: unknown, digits: number): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const [, sign, whole = '0', fraction = ''] = match;
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > digits) return null;
  const minor = Number(whole + trimmed.padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) return null;
  return sign ? -minor : minor;
}

/** Amazon's date-time style: ISO 8601 UTC to the second, e.g. 2021-03-01T00:00:00Z. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
