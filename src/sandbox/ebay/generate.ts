/**
 * Builds a fake eBay seller account deterministically from two seeds: the catalogue seed gives what
 * is sold (SKUs, titles, aspects, variation groups), the shop seed gives how this account sells it
 * (offers, prices, quantities, statuses, order history, changes scheduled in the future).
 *
 * The mix a real account has: most items have a published, active offer on the site; some are
 * unpublished drafts (a few without a price yet), some listings ended or sold out, one in a hundred
 * on hold; a few items are offered only on another eBay site, a few on none. A quarter of the
 * catalogue is variations of multi-variation listings. Orders are generated oldest first from what
 * was buyable then, and each takes its quantities out of stock.
 */
import { createRandom, type Random } from '../kit/random.js';
import { ebaySite } from './sites.js';
import {
  addItem,
  addOffer,
  addOrder,
  createShopState,
  isBuyable,
  nextLineItemId,
  nextListingId,
  nextOfferId,
  nextOrderId,
  refreshListingStatus,
  sellableQuantity,
  shipWholeOrder,
  cancel,
  changeOrder,
  type FakeItem,
  type FakeLine,
  type FakeOffer,
  type FakeOrder,
  type ScheduledChange,
  type ShopState,
} from './state.js';

export interface ShopDataOptions {
  seed: number;
  catalogSeed?: number;
  items: number;
  orders: number;
  orderDays: number;
  nowMs: number;
  marketplaceId: string;
  /** A different id range per seller, so two fake accounts never share offer or order ids. */
  idBase: number;
}

const DAY = 86_400_000;
const NOUNS = [
  'Mug',
  'Lamp',
  'Scarf',
  'Kettle',
  'Notebook',
  'Backpack',
  'Tea Set',
  'Vase',
  'Brush',
];
const MATERIALS = ['Bamboo', 'Ceramic', 'Silk', 'Copper', 'Linen', 'Glass', 'Walnut', 'Jade'];
const COLOURS = ['Red', 'Blue', 'Green', 'Black', 'White'];
const OTHER_SITE: Record<string, string> = { EBAY_GB: 'EBAY_US' };
export const SANDBOX_POLICIES = {
  fulfillmentPolicyId: '6000000001',
  paymentPolicyId: '6000000002',
  returnPolicyId: '6000000003',
};
export const SANDBOX_LOCATION = 'sandbox-warehouse-1';
const BUYERS = ['maple_fox', 'quiet-harbour', 'tinkerbell77', 'northwind.shop', 'pixelpanda'];
const CITIES = ['Springfield', 'Riverton', 'Lakeside', 'Fairview', 'Greenville'];

interface CatalogEntry {
  sku: string;
  title: string;
  material: string;
  colour: string | null;
  groupKey: string | null;
}

/** What is sold; the same catalogue seed gives the same SKUs on every fake account. */
function catalog(catalogSeed: number, count: number): CatalogEntry[] {
  const random = createRandom((catalogSeed ^ 0x0eba7ca7) >>> 0);
  const prefix = `EB-${(catalogSeed >>> 0).toString(36).toUpperCase()}`;
  const out: CatalogEntry[] = [];
  let product = 0;
  while (out.length < count) {
    product += 1;
    const material = random.pick(MATERIALS);
    const title = `${material} ${random.pick(NOUNS)} ${product}`;
    const base = `${prefix}-${String(product).padStart(5, '0')}`;
    if (random.chance(0.12) && out.length + 2 <= count) {
      const colours = COLOURS.slice(0, Math.min(random.int(2, 4), count - out.length));
      for (const colour of colours) {
        out.push({
          sku: `${base}-${colour.toUpperCase()}`,
          title,
          material,
          colour,
          groupKey: `G-${base}`,
        });
      }
    } else {
      out.push({ sku: base, title, material, colour: null, groupKey: null });
    }
  }
  return out;
}

function priceMinor(random: Random): number {
  const whole = random.int(2, 300);
  return whole * 100 + (random.chance(0.3) ? random.pick([0, 50, 99]) : random.int(0, 99));
}

function makeItem(entry: CatalogEntry, random: Random, language: string): FakeItem {
  const aspects: Record<string, string[]> = {
    Brand: ['Silkroute Sandbox'],
    Material: [entry.material],
  };
  if (entry.colour) aspects.Colour = [entry.colour];
  return {
    sku: entry.sku,
    locale: language.replace('-', '_'),
    condition: 'NEW',
    product: {
      title: entry.colour ? `${entry.title} - ${entry.colour}` : entry.title,
      description: `${entry.title}. Simulated product of the Silkroute eBay sandbox.`,
      aspects,
      imageUrls: [`https://i.ebayimg.sandbox.invalid/${entry.sku}/1.jpg`],
      brand: 'Silkroute Sandbox',
      mpn: null,
    },
    quantity: random.int(0, 400),
    weightGrams: random.int(50, 3000),
    groupKeys: entry.groupKey ? [entry.groupKey] : [],
  };
}

function makeOffer(
  state: ShopState,
  item: FakeItem,
  random: Random,
  marketplaceId: string,
  listingId: string | null,
): FakeOffer {
  const published = listingId !== null;
  const currency = ebaySite(marketplaceId).currency;
  const offer: FakeOffer = {
    offerId: nextOfferId(state),
    sku: item.sku,
    marketplaceId,
    format: 'FIXED_PRICE',
    availableQuantity: random.chance(0.7) ? random.int(0, item.quantity) : null,
    priceMinor: published || random.chance(0.6) ? priceMinor(random) : null,
    currency,
    categoryId: String(random.int(20_000, 29_999)),
    listingDescription: item.product.description,
    merchantLocationKey: published ? SANDBOX_LOCATION : null,
    policies: published ? { ...SANDBOX_POLICIES } : null,
    status: published ? 'PUBLISHED' : 'UNPUBLISHED',
    listing: null,
    variationId: null,
  };
  if (listingId !== null) {
    const roll = random.next();
    offer.listing = {
      listingId,
      listingStatus: roll < 0.05 ? 'ENDED' : 'ACTIVE',
      soldQuantity: 0,
      onHold: roll >= 0.05 && roll < 0.06,
    };
  }
  return offer;
}

export function generateShopState(options: ShopDataOptions): ShopState {
  const random = createRandom(options.seed);
  const site = ebaySite(options.marketplaceId);
  const state = createShopState(options.marketplaceId, site.currency, options.idBase);
  const groupListing = new Map<string, string | null>();
  for (const entry of catalog(options.catalogSeed ?? options.seed, options.items)) {
    const item = makeItem(entry, random, site.language);
    addItem(state, item);
    const roll = random.next();
    if (roll < 0.04) continue;
    const elsewhere = roll < 0.08;
    const marketplaceId = elsewhere
      ? (OTHER_SITE[options.marketplaceId] ?? 'EBAY_GB')
      : options.marketplaceId;
    let listingId: string | null;
    if (entry.groupKey) {
      // Variations publish together: one listing for the group.
      if (!groupListing.has(entry.groupKey))
        groupListing.set(entry.groupKey, random.chance(0.9) ? nextListingId(state) : null);
      listingId = groupListing.get(entry.groupKey)!;
    } else {
      listingId = random.chance(0.9) ? nextListingId(state) : null;
    }
    const offer = makeOffer(state, item, random, marketplaceId, listingId);
    if (entry.groupKey && listingId !== null)
      offer.variationId = String(400_000_000 + state.items.length);
    addOffer(state, offer);
    refreshListingStatus(state, offer);
    if (entry.groupKey) addToGroup(state, entry, item);
  }
  generateOrders(state, random, options);
  return state;
}

function addToGroup(state: ShopState, entry: CatalogEntry, item: FakeItem): void {
  const key = entry.groupKey!;
  let group = state.groups.get(key);
  if (!group) {
    group = {
      key,
      title: entry.title,
      description: `${entry.title}. Simulated product of the Silkroute eBay sandbox.`,
      aspects: { Brand: ['Silkroute Sandbox'], Material: [entry.material] },
      variesBy: [{ name: 'Colour', values: [] }],
      variantSkus: [],
    };
    state.groups.set(key, group);
  }
  group.variantSkus.push(item.sku);
  group.variesBy[0]!.values.push(entry.colour ?? '');
}

/** 1-3 buyable offers of the site and a quantity each that stock allows; [] when sold out. */
export function pickLines(
  state: ShopState,
  random: Random,
  buyable: FakeOffer[],
  count: number,
): { offer: FakeOffer; quantity: number }[] {
  const out: { offer: FakeOffer; quantity: number }[] = [];
  for (
    let attempt = 0;
    attempt < count * 4 && out.length < count && buyable.length > 0;
    attempt++
  ) {
    const offer = random.pick(buyable);
    if (!isBuyable(state, offer) || out.some((line) => line.offer.sku === offer.sku)) continue;
    out.push({ offer, quantity: random.int(1, Math.min(3, sellableQuantity(state, offer))) });
  }
  return out;
}

export function buildOrder(
  state: ShopState,
  random: Random,
  lines: { offer: FakeOffer; quantity: number }[],
  creationMs: number,
  paid: boolean,
): FakeOrder {
  const site = ebaySite(state.marketplaceId);
  const orderLines: FakeLine[] = lines.map(({ offer, quantity }) => ({
    lineItemId: nextLineItemId(state),
    sku: offer.sku,
    offerId: offer.offerId,
    legacyItemId: offer.listing!.listingId,
    legacyVariationId: offer.variationId,
    title: state.itemBySku.get(offer.sku)?.product.title ?? offer.sku,
    quantity,
    unitMinor: offer.priceMinor!,
    deliveryMinor: random.chance(0.5) ? 0 : random.int(1, 12) * 50,
    shippedQuantity: 0,
  }));
  const abroad = random.chance(0.1);
  return {
    orderId: nextOrderId(state),
    marketplaceId: state.marketplaceId,
    currency: state.currency,
    creationMs,
    lastModifiedMs: creationMs,
    paymentStatus: paid ? 'PAID' : 'PENDING',
    paidMs: paid ? creationMs + random.int(0, 3_600_000) : null,
    cancelState: 'NONE_REQUESTED',
    cancelledMs: null,
    lines: orderLines,
    buyer: {
      username: `${random.pick(BUYERS)}${random.int(1, 999)}`,
      fullName: `Sandbox Buyer ${random.int(1, 9999)}`,
      addressLine1: `${random.int(1, 999)} Sandbox Street`,
      city: random.pick(CITIES),
      postalCode: String(random.int(10_000, 99_999)),
      countryCode: abroad ? random.pick(['CA', 'DE', 'AU', 'IE']) : site.country,
    },
    shipByMs: creationMs + 3 * DAY,
    fulfillments: [],
    salesRecordReference: String(random.int(1000, 99_999)),
    buyerCheckoutNotes: random.chance(0.1) ? 'Please pack carefully.' : null,
  };
}

function generateOrders(state: ShopState, random: Random, options: ShopDataOptions): void {
  const now = options.nowMs;
  const buyable = [...state.offers.values()].filter(
    (offer) => offer.marketplaceId === state.marketplaceId && isBuyable(state, offer),
  );
  const times: number[] = [];
  for (let i = 0; i < options.orders; i++)
    times.push(now - random.int(60_000, options.orderDays * DAY));
  times.sort((a, b) => a - b);
  const scheduled: ScheduledChange[] = [];
  for (const creationMs of times) {
    const lines = pickLines(state, random, buyable, random.int(1, 3));
    if (lines.length === 0) continue;
    const ageDays = (now - creationMs) / DAY;
    const order = buildOrder(state, random, lines, creationMs, ageDays > 2 || random.chance(0.8));
    addOrder(state, order);
    settleHistory(state, random, order, ageDays, now, scheduled);
  }
  scheduled.sort((a, b) => a.at - b.at);
  state.scheduled = scheduled;
}

/** What happened to an order since it was placed, and what will happen to it later. */
function settleHistory(
  state: ShopState,
  random: Random,
  order: FakeOrder,
  ageDays: number,
  now: number,
  scheduled: ScheduledChange[],
): void {
  const later = (hours: number) => Math.min(now, order.creationMs + hours * 3_600_000);
  const roll = random.next();
  if (order.paymentStatus === 'PENDING') {
    if (roll < 0.3)
      scheduled.push({
        at: now + random.int(1, 48) * 3_600_000,
        orderId: order.orderId,
        kind: 'pay',
      });
    else if (roll < 0.4)
      changeOrder(state, order, later(random.int(1, 40)), () => cancel(order, later(40)));
    return;
  }
  if (roll < 0.06) {
    changeOrder(state, order, later(random.int(1, 24)), () => cancel(order, later(24)));
  } else if (ageDays > 4 || roll < 0.5) {
    shipWholeOrder(
      state,
      order,
      later(random.int(2, 70)),
      random.pick(['USPS', 'UPS', 'FEDEX']),
      `1Z${random.hex(16).toUpperCase()}`,
    );
  } else if (roll < 0.75) {
    scheduled.push({
      at: now + random.int(1, 72) * 3_600_000,
      orderId: order.orderId,
      kind: 'ship',
    });
  } else if (roll < 0.8) {
    scheduled.push({
      at: now + random.int(1, 24) * 3_600_000,
      orderId: order.orderId,
      kind: 'cancel',
    });
  }
}
