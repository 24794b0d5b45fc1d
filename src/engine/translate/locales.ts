/**
 * Which languages each marketplace site lists in. A listing is publishable only when every locale
 * its site needs has a reviewed, current text (or the source is already in that language). The
 * first locale of a site is the one its listing fields carry; the others (Amazon.ca's French,
 * Shopee MY's Malay) are kept beside it as listing texts.
 *
 * Keys are `marketplace:site` with the site code as the connectors store it (accounts.site).
 */
import type { Marketplace } from '../../shared/domain.js';

export const SITE_LOCALES: Readonly<Record<string, readonly string[]>> = {
  // Amazon marketplaces (site = country code).
  'amazon:US': ['en-US'],
  'amazon:CA': ['en-CA', 'fr-CA'],
  'amazon:MX': ['es-MX'],
  'amazon:BR': ['pt-BR'],
  'amazon:GB': ['en-GB'],
  'amazon:UK': ['en-GB'],
  'amazon:DE': ['de-DE'],
  'amazon:FR': ['fr-FR'],
  'amazon:IT': ['it-IT'],
  'amazon:ES': ['es-ES'],
  'amazon:NL': ['nl-NL'],
  'amazon:SE': ['sv-SE'],
  'amazon:PL': ['pl-PL'],
  'amazon:BE': ['fr-BE', 'nl-BE'],
  'amazon:TR': ['tr-TR'],
  'amazon:JP': ['ja-JP'],
  'amazon:AU': ['en-AU'],
  'amazon:SG': ['en-SG'],
  'amazon:AE': ['en-AE', 'ar-AE'],
  'amazon:SA': ['ar-SA'],
  'amazon:IN': ['en-IN'],
  // eBay sites (site = marketplace id).
  'ebay:EBAY_US': ['en-US'],
  'ebay:EBAY_GB': ['en-GB'],
  'ebay:EBAY_DE': ['de-DE'],
  'ebay:EBAY_FR': ['fr-FR'],
  'ebay:EBAY_IT': ['it-IT'],
  'ebay:EBAY_ES': ['es-ES'],
  'ebay:EBAY_AU': ['en-AU'],
  'ebay:EBAY_CA': ['en-CA'],
  // AliExpress: one global store listed in English; the local storefronts show their language.
  'aliexpress:GLOBAL': ['en-US'],
  'aliexpress:ES': ['es-ES'],
  'aliexpress:FR': ['fr-FR'],
  'aliexpress:DE': ['de-DE'],
  'aliexpress:IT': ['it-IT'],
  'aliexpress:PT': ['pt-PT'],
  'aliexpress:BR': ['pt-BR'],
  'aliexpress:RU': ['ru-RU'],
  'aliexpress:NL': ['nl-NL'],
  'aliexpress:PL': ['pl-PL'],
  'aliexpress:KR': ['ko-KR'],
  'aliexpress:JP': ['ja-JP'],
  // Shopee regions.
  'shopee:SG': ['en-SG'],
  'shopee:MY': ['en-MY', 'ms-MY'],
  'shopee:TH': ['th-TH'],
  'shopee:VN': ['vi-VN'],
  'shopee:ID': ['id-ID'],
  'shopee:PH': ['en-PH'],
  'shopee:TW': ['zh-TW'],
  'shopee:BR': ['pt-BR'],
  'shopee:MX': ['es-MX'],
  // Wish lists in English and translates for buyers itself.
  'wish:US': ['en-US'],
};

/**
 * The locales a listing on this site needs. A site not in the table needs its account's locale,
 * so a new site is never silently treated as needing nothing.
 */
export function requiredLocales(
  marketplace: Marketplace,
  site: string,
  accountLocale: string,
): readonly string[] {
  return SITE_LOCALES[`${marketplace}:${site.toUpperCase()}`] ?? [accountLocale];
}

/**
 * The language a text is written in, for deciding whether it needs translating: the primary
 * subtag, except Chinese, whose scripts (zh-CN simplified, zh-TW/zh-HK traditional) differ.
 */
export function languageOf(locale: string): string {
  const [language = '', region = ''] = locale.toLowerCase().split(/[-_]/);
  if (language !== 'zh') return language;
  if (region === 'tw' || region === 'hk' || region === 'mo' || region === 'hant') return 'zh-hant';
  return 'zh-hans';
}

export function sameLanguage(a: string, b: string): boolean {
  return languageOf(a) === languageOf(b);
}

/** A BCP-47-looking locale ("de", "de-DE", "zh-TW"); what every locale input is checked against. */
export const LOCALE_PATTERN = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
