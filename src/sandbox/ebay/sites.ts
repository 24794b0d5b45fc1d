/**
 * The eBay marketplaces the fake can be (X-EBAY-C-MARKETPLACE-ID values) with their currency and
 * the Content-Language their listings are written in.
 */
export interface EbaySite {
  currency: string;
  /** BCP 47, as sent in Content-Language (`en-US`). */
  language: string;
  /** ISO 3166-1 alpha-2 of most buyers. */
  country: string;
}

export const EBAY_SITES: Readonly<Record<string, EbaySite>> = {
  EBAY_US: { currency: 'USD', language: 'en-US', country: 'US' },
  EBAY_GB: { currency: 'GBP', language: 'en-GB', country: 'GB' },
  EBAY_DE: { currency: 'EUR', language: 'de-DE', country: 'DE' },
  EBAY_FR: { currency: 'EUR', language: 'fr-FR', country: 'FR' },
  EBAY_IT: { currency: 'EUR', language: 'it-IT', country: 'IT' },
  EBAY_ES: { currency: 'EUR', language: 'es-ES', country: 'ES' },
  EBAY_AU: { currency: 'AUD', language: 'en-AU', country: 'AU' },
  EBAY_CA: { currency: 'CAD', language: 'en-CA', country: 'CA' },
};

export function ebaySite(marketplaceId: string): EbaySite {
  const site = EBAY_SITES[marketplaceId];
  if (!site) throw new RangeError(`Unknown eBay marketplace "${marketplaceId}"`);
  return site;
}

/** Minor units as eBay's decimal string ("1999" → "19.99"); every site currency has 2 decimals. */
export function decimalOf(minor: number): string {
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** An eBay amount string to minor units, or null when it is not a plain decimal of <= 2 places. */
export function minorOf(text: string): number | null {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const minor = Number(match[1]! + (match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(minor) ? minor : null;
}
