/**
 * The demo seller's shops: one account per marketplace site, each with the site's currency,
 * language and selling habits. Prices are converted from the CNY cost with fixed demo rates held as
 * integers (target minor units per yuan, times 100), never as floats and never fetched live.
 */
import type { Marketplace } from '../../shared/domain.js';
import type { AccountInput } from '../store/inputs.js';
import { HEX_DIGITS, Random, Stream, UPPER_ALPHANUMERIC } from './random.js';
import type { Language } from './vocabulary.js';

export interface PriceEnding {
  /** Prices are rounded up to a multiple of `step` minor units, then `offset` is taken off (19.99, ¥1,980). */
  step: number;
  offset: number;
}

export interface DemoSite {
  marketplace: Marketplace;
  site: string;
  label: string;
  currency: string;
  locale: string;
  language: Language;
  /** Target-currency minor units per 1 CNY, times 100 (USD 13.90 cents per yuan → 1390). */
  ratePerYuan: number;
  ending: PriceEnding;
  /** Mark-up over landed cost in percent, and the shipping allowance folded into the price, in fen. */
  markupPercent: readonly [number, number];
  shippingFen: number;
  /** Share of the catalogue this shop lists, in percent: the seller's big shops list more. */
  coverage: number;
  buyerCountries: readonly string[];
  /** Days the marketplace gives the seller to ship. */
  handlingDays: number;
  /** Shopee and Wish sellers decorate titles with emoji; Amazon removes them. */
  emojiTitles: boolean;
  /** Amazon has one listing per seller SKU; the others group variations under one item. */
  variationsUnderItem: boolean;
}

const CENTS: PriceEnding = { step: 100, offset: 1 };
const TENTHS: PriceEnding = { step: 100, offset: 10 };

const amazon = {
  marketplace: 'amazon',
  markupPercent: [260, 380],
  handlingDays: 2,
  emojiTitles: false,
  variationsUnderItem: false,
} as const;
const ebay = {
  marketplace: 'ebay',
  markupPercent: [220, 320],
  shippingFen: 2400,
  handlingDays: 3,
  emojiTitles: false,
  variationsUnderItem: true,
} as const;
const shopee = {
  marketplace: 'shopee',
  handlingDays: 3,
  emojiTitles: true,
  variationsUnderItem: true,
} as const;

export const DEMO_SITES: readonly DemoSite[] = [
  {
    ...amazon,
    site: 'US',
    label: 'Amazon US',
    currency: 'USD',
    locale: 'en-US',
    language: 'en',
    ratePerYuan: 1390,
    ending: CENTS,
    shippingFen: 2800,
    coverage: 100,
    buyerCountries: ['US'],
  },
  {
    ...amazon,
    site: 'DE',
    label: 'Amazon DE',
    currency: 'EUR',
    locale: 'de-DE',
    language: 'de',
    ratePerYuan: 1280,
    ending: CENTS,
    shippingFen: 2600,
    coverage: 85,
    buyerCountries: ['DE', 'DE', 'DE', 'AT'],
  },
  {
    ...amazon,
    site: 'JP',
    label: 'Amazon JP',
    currency: 'JPY',
    locale: 'ja-JP',
    language: 'ja',
    ratePerYuan: 2050,
    ending: { step: 100, offset: 20 },
    shippingFen: 2200,
    coverage: 60,
    buyerCountries: ['JP'],
  },
  {
    ...ebay,
    site: 'EBAY_GB',
    label: 'eBay UK',
    currency: 'GBP',
    locale: 'en-GB',
    language: 'en',
    ratePerYuan: 1090,
    ending: CENTS,
    coverage: 80,
    buyerCountries: ['GB', 'GB', 'GB', 'IE'],
  },
  {
    ...ebay,
    site: 'EBAY_FR',
    label: 'eBay France',
    currency: 'EUR',
    locale: 'fr-FR',
    language: 'fr',
    ratePerYuan: 1280,
    ending: CENTS,
    coverage: 55,
    buyerCountries: ['FR', 'FR', 'FR', 'BE'],
  },
  {
    marketplace: 'aliexpress',
    site: 'ES',
    label: 'AliExpress España',
    currency: 'EUR',
    locale: 'es-ES',
    language: 'es',
    ratePerYuan: 1280,
    ending: CENTS,
    markupPercent: [170, 250],
    shippingFen: 1500,
    coverage: 70,
    buyerCountries: ['ES', 'ES', 'ES', 'PT'],
    handlingDays: 5,
    emojiTitles: false,
    variationsUnderItem: true,
  },
  {
    marketplace: 'wish',
    site: 'GLOBAL',
    label: 'Wish',
    currency: 'USD',
    locale: 'en-US',
    language: 'en',
    ratePerYuan: 1390,
    ending: CENTS,
    markupPercent: [160, 240],
    shippingFen: 1800,
    coverage: 50,
    buyerCountries: ['US', 'US', 'CA', 'GB', 'DE', 'FR', 'MX', 'AU'],
    handlingDays: 5,
    emojiTitles: true,
    variationsUnderItem: true,
  },
  {
    ...shopee,
    site: 'SG',
    label: 'Shopee Singapore',
    currency: 'SGD',
    locale: 'en-SG',
    language: 'en',
    ratePerYuan: 1850,
    ending: TENTHS,
    markupPercent: [180, 260],
    shippingFen: 900,
    coverage: 75,
    buyerCountries: ['SG'],
  },
  {
    ...shopee,
    site: 'TH',
    label: 'Shopee Thailand',
    currency: 'THB',
    locale: 'th-TH',
    language: 'th',
    ratePerYuan: 47500,
    ending: { step: 1000, offset: 100 },
    markupPercent: [170, 240],
    shippingFen: 800,
    coverage: 60,
    buyerCountries: ['TH'],
  },
  {
    ...shopee,
    site: 'BR',
    label: 'Shopee Brasil',
    currency: 'BRL',
    locale: 'pt-BR',
    language: 'pt',
    ratePerYuan: 7800,
    ending: TENTHS,
    markupPercent: [200, 300],
    shippingFen: 2000,
    coverage: 45,
    buyerCountries: ['BR'],
  },
];

/** Rounds `value` up to the next multiple of `step` (integers only). */
function roundUpTo(value: number, step: number): number {
  const remainder = value % step;
  return remainder === 0 ? value : value + step - remainder;
}

/** A seller's shelf price: rounded up to the site's usual ending (19.99, 12.90, ¥1,980, ฿299). */
export function shelfPrice(amountMinor: number, ending: PriceEnding): number {
  return (
    roundUpTo(Math.max(amountMinor, ending.offset + 1) + ending.offset, ending.step) - ending.offset
  );
}

const DAY_MS = 86_400_000;

/**
 * The demo accounts in the store's write shape. None is a sandbox account: the demo is sample data
 * in a real-looking store, and every display name says plainly that it is a demo.
 */
export function demoAccounts(seed: number, nowMs: number): AccountInput[] {
  return DEMO_SITES.map((demoSite, index) => {
    const random = Random.for(seed, Stream.account, index);
    const auth = authFor(demoSite, nowMs, random);
    return {
      marketplace: demoSite.marketplace,
      site: demoSite.site,
      shopId: shopIdFor(demoSite, random),
      displayName: `Demo — ${demoSite.label}`,
      sandbox: false,
      authState: auth.state,
      reauthorizeBy: auth.reauthorizeBy,
      currency: demoSite.currency,
      locale: demoSite.locale,
    };
  });
}

function shopIdFor(demoSite: DemoSite, random: Random): string {
  switch (demoSite.marketplace) {
    case 'amazon':
      return `A${random.characters(UPPER_ALPHANUMERIC, 13)}`;
    case 'ebay':
      return `silkroute-demo-${demoSite.site.slice(-2).toLowerCase()}`;
    case 'aliexpress':
      return `2${random.digits(9)}`;
    case 'wish':
      return random.characters(HEX_DIGITS, 24);
    case 'shopee':
      return `${random.int(1, 9)}${random.digits(8)}`;
  }
}

/**
 * A mix the demo should show: most shops connected, one whose authorisation expires within days
 * (Shopee's yearly grant) and one the seller must re-authorise now (eBay France).
 */
function authFor(
  demoSite: DemoSite,
  nowMs: number,
  random: Random,
): { state: AccountInput['authState']; reauthorizeBy: string | null } {
  const inDays = (days: number) => new Date(nowMs + days * DAY_MS).toISOString();
  if (demoSite.marketplace === 'shopee' && demoSite.site === 'TH')
    return { state: 'expiring', reauthorizeBy: inDays(6) };
  if (demoSite.marketplace === 'ebay' && demoSite.site === 'EBAY_FR')
    return { state: 'reauthorize', reauthorizeBy: inDays(-2) };
  if (demoSite.marketplace === 'amazon' || demoSite.marketplace === 'shopee') {
    return { state: 'connected', reauthorizeBy: inDays(random.int(60, 330)) };
  }
  return { state: 'connected', reauthorizeBy: null };
}
