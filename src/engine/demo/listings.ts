/**
 * Listings of the demo SKUs on the demo shops, in each site's currency and language. A listing is a
 * pure function of (seed, account, master, variant), so an order line re-derives exactly the price,
 * SKU and remote ids of the listing it sold.
 */
import type { ListingStatus } from '../../shared/domain.js';
import type { NormalizedListing } from '../../shared/marketplace.js';
import type { Money } from '../../shared/money.js';
import { FAMILIES, type Family } from './families.js';
import { availableOf, sketchMaster, sketchUnit, type UnitSketch } from './products.js';
import { divideRounded, HEX_DIGITS, Random, scramble, Stream } from './random.js';
import { listingRaw } from './raw-listings.js';
import { DEMO_SITES, shelfPrice, type DemoSite } from './sites.js';
import {
  axisLabels,
  composeBullets,
  composeDescription,
  composeKeywords,
  composeTitle,
} from './titles.js';

const DAY_SECONDS = 86_400;
/** Remote-id keys of unlinked listings start here, far above any master index. */
const UNLINKED_KEY_BASE = 90_000_000;

/** What an order line needs of a listing. */
export interface ListingCore {
  remoteId: string;
  remoteVariantId: string;
  sku: string;
  title: string;
  price: Money;
}

interface Derived extends ListingCore {
  site: DemoSite;
  family: Family;
  unit: UnitSketch;
  labels: string[];
  groupRandom: Random;
  /** The master's item id, which is the listing's remote id except on Amazon (keyed by seller SKU). */
  itemId: string;
  /** Unique per shop: the master index, or a key above every master for an unlinked listing. */
  key: number;
}

function siteAt(account: number): DemoSite {
  const site = DEMO_SITES[account];
  if (!site) throw new RangeError(`No demo account at index ${account}`);
  return site;
}

/** The master's id on the marketplace, in that marketplace's own format; `key` makes it unique. */
function itemIdFor(site: DemoSite, key: number, random: Random): string {
  const padded = String(scramble(key, 100_000_000)).padStart(8, '0');
  switch (site.marketplace) {
    case 'amazon':
      return `B0${random.characters('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789', 8)}`;
    case 'ebay':
      return `2${random.digits(3)}${padded}`;
    case 'aliexpress':
      return `1005${padded}${random.digits(4)}`;
    case 'wish':
      return `${random.characters(HEX_DIGITS, 16)}${scramble(key, 0x1_0000_0000).toString(16).padStart(8, '0')}`;
    case 'shopee':
      return `${random.int(1, 2)}${padded}${random.digits(1)}`;
  }
}

function variantIdFor(
  site: DemoSite,
  itemId: string,
  unit: UnitSketch,
  variant: number,
  random: Random,
): string {
  if (unit.values.length === 0) return '';
  const suffix = String(variant).padStart(2, '0');
  switch (site.marketplace) {
    case 'amazon':
      return '';
    case 'ebay':
      // eBay identifies the variations of a multi-variation listing by their SKU.
      return unit.sku;
    case 'aliexpress':
      return `12000${itemId.slice(4, 12)}${suffix}${random.digits(2)}`;
    case 'wish':
      return `${random.characters(HEX_DIGITS, 14)}${itemId.slice(-8)}${suffix}`;
    case 'shopee':
      return `${random.int(1, 9)}${itemId.slice(1, 9)}${suffix}`;
  }
}

/** CNY cost → shelf price in the site's currency, by integer arithmetic only. */
function priceFor(site: DemoSite, costFen: number, markupPercent: number): Money {
  const priceFen = divideRounded((costFen + site.shippingFen) * markupPercent, 100);
  const converted = divideRounded(priceFen * site.ratePerYuan, 100 * 100);
  return { amountMinor: shelfPrice(converted, site.ending), currency: site.currency };
}

function unlinkedUnit(
  seed: number,
  account: number,
  serial: number,
): { family: Family; unit: UnitSketch } {
  const random = Random.for(seed, Stream.unlinked, account, serial);
  const family = random.pick(FAMILIES);
  const number = String(serial + 1).padStart(4, '0');
  const sku = random.pick([
    `LEGACY-${number}`,
    `${family.code}-OLD-${number}`,
    `tmp_${number}_${random.digits(2)}`,
  ]);
  const costFen = random.int(family.costFen[0], family.costFen[1]);
  return { family, unit: { sku, values: [], costFen, stock: [] } };
}

function derive(seed: number, account: number, master: number, variant: number): Derived {
  const site = siteAt(account);
  const unlinked = master < 0;
  const key = unlinked ? UNLINKED_KEY_BASE - master : master;
  let family: Family;
  let unit: UnitSketch;
  if (unlinked) {
    ({ family, unit } = unlinkedUnit(seed, account, -master - 1));
  } else {
    const sketch = sketchMaster(seed, master);
    family = sketch.family;
    unit = sketchUnit(seed, sketch, variant);
  }
  // Everything shared by the variations of one item comes from the (account, master) stream.
  const groupRandom = Random.for(seed, Stream.listing, account, key);
  const itemId = itemIdFor(site, key, groupRandom);
  const markupPercent = groupRandom.int(site.markupPercent[0], site.markupPercent[1]);
  const longTitle = groupRandom.chance(0.05);
  const emoji = site.emojiTitles && groupRandom.chance(0.3);
  const unitRandom = Random.for(seed, Stream.listing, account, key, variant + 1);
  const labels = axisLabels(family, unit.values, site.language);
  // A fresh copy of the group stream per title keeps the variations' titles identical but for the labels.
  const title = composeTitle(
    Random.for(seed, Stream.listing, account, key, 0),
    site.language,
    family,
    labels,
    {
      long: longTitle,
      emoji,
    },
  );
  return {
    site,
    family,
    unit,
    labels,
    groupRandom,
    itemId,
    key,
    remoteId: site.variationsUnderItem ? itemId : unit.sku,
    remoteVariantId: site.variationsUnderItem
      ? variantIdFor(site, itemId, unit, variant, unitRandom)
      : '',
    sku: unit.sku,
    title,
    price: priceFor(site, unit.costFen, markupPercent),
  };
}

/** The fields of a listing an order line repeats. */
export function listingCore(
  seed: number,
  account: number,
  master: number,
  variant: number,
): ListingCore {
  const { remoteId, remoteVariantId, sku, title, price } = derive(seed, account, master, variant);
  return { remoteId, remoteVariantId, sku, title, price };
}

const STATUS_WEIGHTS: readonly (readonly [ListingStatus, number])[] = [
  ['active', 78],
  ['inactive', 9],
  ['draft', 4],
  ['error', 4],
  ['deleted', 5],
];

export function demoListing(
  seed: number,
  nowMs: number,
  account: number,
  master: number,
  variant: number,
): NormalizedListing {
  const derived = derive(seed, account, master, variant);
  const { site, family, unit, groupRandom } = derived;
  const random = Random.for(seed, Stream.listing, account, derived.key, variant, 7);
  let status = groupRandom.weighted(STATUS_WEIGHTS);
  // One colour of an otherwise active item may be paused.
  if (status === 'active' && random.chance(0.06)) status = 'inactive';
  const buffer = random.int(0, 3);
  const sellable = master < 0 ? random.int(0, 40) : availableOf(unit);
  const quantity =
    status === 'inactive' || status === 'deleted'
      ? 0
      : Math.max(0, Math.min(sellable - buffer, 999));
  const bullets = composeBullets(
    random,
    site.language,
    site.marketplace === 'amazon' ? 5 : random.int(0, 3),
  );
  const ageSeconds = random.int(3_600, 120 * DAY_SECONDS);
  const remoteUpdatedAt =
    status === 'draft' ? null : new Date(nowMs - ageSeconds * 1000).toISOString();
  const attributes: Record<string, string> = { brand: 'Silkroute Demo', material: family.material };
  unit.values.forEach((_, axis) => {
    const name = family.axes[axis]?.name;
    const label = derived.labels[axis];
    if (name && label) attributes[name] = label;
  });
  const listing: NormalizedListing = {
    remoteId: derived.remoteId,
    remoteVariantId: derived.remoteVariantId,
    sku: derived.sku,
    title: derived.title,
    description: composeDescription(derived.title, bullets),
    bulletPoints: site.marketplace === 'amazon' ? bullets : [],
    keywords: composeKeywords(random, site.language, family),
    attributes,
    price: derived.price,
    quantity,
    status,
    locale: site.locale,
    remoteUpdatedAt,
    raw: null,
  };
  listing.raw = listingRaw(site, listing, derived.itemId);
  return listing;
}
