/**
 * Builds a seeded seller account: listings (some Amazon-fulfilled, some with issues, some not
 * buyable) and a history of orders over `orderDays`. `catalogSeed` decides what is sold (SKUs,
 * titles, product types, ASINs) and `seed` everything about this account (prices, stock, statuses,
 * orders), so two accounts of one seller on two marketplaces can sell the same SKUs.
 * Every generated time is at least three minutes old, so the whole history is visible to a
 * search that stops two minutes before now.
 */
import type { Random } from '../kit/random.js';
import { createRandom } from '../kit/random.js';
import type { AmazonSite } from './sites.js';
import {
  createAccountState,
  toSecond,
  type AccountState,
  type FakeIssue,
  type FakeListing,
  type FakeOrder,
  type FakeOrderItem,
  type FulfillmentStatus,
} from './state.js';

const ADJECTIVES = [
  'Classic',
  'Compact',
  'Deluxe',
  'Eco',
  'Foldable',
  'Heavy-Duty',
  'Mini',
  'Pro',
  'Soft',
  'Travel',
  'Vintage',
  'Wireless',
];
const MATERIALS = [
  'Bamboo',
  'Ceramic',
  'Cotton',
  'Glass',
  'Leather',
  'Linen',
  'Oak',
  'Silicone',
  'Steel',
  'Wool',
];
const NOUNS: Record<string, string[]> = {
  HOME: ['Lamp', 'Vase', 'Cushion', 'Clock', 'Frame', 'Basket'],
  KITCHEN: ['Kettle', 'Mug', 'Cutting Board', 'Spatula', 'Tea Towel', 'Bowl'],
  LUGGAGE: ['Backpack', 'Duffel', 'Suitcase', 'Toiletry Bag', 'Passport Cover'],
  SHOES: ['Slipper', 'Sneaker', 'Sandal', 'Boot'],
  PET_SUPPLIES: ['Pet Bed', 'Leash', 'Feeding Bowl', 'Cat Toy'],
};
const PRODUCT_TYPES = Object.keys(NOUNS);
const BRANDS = ['Silkroute Sandbox', 'Lotus Trail', 'Harbor & Pine'];
const WARNING_ISSUE: FakeIssue = {
  code: '18448',
  message:
    'Attributes tagged as relevant_attributes are incomplete. Provide values for the following attribute(s): item_weight, item_dimensions',
  severity: 'WARNING',
  attributeNames: ['item_dimensions', 'item_weight'],
  categories: ['MISSING_ATTRIBUTE'],
};
const ERROR_ISSUE: FakeIssue = {
  code: '90220',
  message: "'size' is required but not supplied.",
  severity: 'ERROR',
  attributeNames: ['size'],
  categories: ['MISSING_ATTRIBUTE'],
};
const DAY = 86_400_000;
const MINUTE = 60_000;

export interface GenerateOptions {
  seed: number;
  catalogSeed: number;
  site: AmazonSite;
  sellerId: string;
  listingCount: number;
  orderCount: number;
  orderDays: number;
  now: number;
}

function asin(random: Random): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  let out = 'B0';
  for (let i = 0; i < 8; i++) out += alphabet[random.int(0, alphabet.length - 1)];
  return out;
}

function listingAt(
  index: number,
  catalog: Random,
  random: Random,
  options: GenerateOptions,
): FakeListing {
  const productType = catalog.pick(PRODUCT_TYPES);
  const noun = catalog.pick(NOUNS[productType] ?? ['Item']);
  const title = `${catalog.pick(ADJECTIVES)} ${catalog.pick(MATERIALS)} ${noun}`;
  const sku = `SR-${productType.slice(0, 3)}-${String(index + 1).padStart(5, '0')}`;
  const listingAsin = asin(catalog);
  const brand = catalog.pick(BRANDS);
  const scale = options.site.currencyDigits === 0 ? 1 : 100;
  const priceMinor = random.int(5, 200) * scale - (scale === 100 ? random.pick([1, 5, 51]) : 0);
  const fba = random.chance(0.12);
  const withError = random.chance(0.03);
  const buyable = !withError && random.chance(0.9);
  const createdAt = toSecond(options.now - random.int(10, 400 * 24 * 60) * MINUTE);
  const updatedAt = toSecond(
    Math.min(options.now - 3 * MINUTE, createdAt + random.int(0, 200 * 24 * 60) * MINUTE),
  );
  const issues: FakeIssue[] = [];
  if (withError) issues.push({ ...ERROR_ISSUE });
  if (random.chance(0.05)) issues.push({ ...WARNING_ISSUE });
  return {
    sku,
    asin: listingAsin,
    productType,
    title,
    description: `${title} by ${brand}. Sandbox listing ${index + 1}; not a real product.`,
    bullets: [`Made of ${title.split(' ')[1] ?? 'quality materials'}`, 'Ships within 2 days'],
    keywords: `${noun.toLowerCase()} ${productType.toLowerCase().replace('_', ' ')}`,
    brand,
    priceMinor,
    minimumPriceMinor: random.chance(0.04) ? Math.floor((priceMinor * 95) / 100) : null,
    quantity: fba ? null : random.chance(0.1) ? 0 : random.int(1, 150),
    fba: fba
      ? {
          fnSku: `X00${listingAsin.slice(2, 9)}`,
          fulfillable: random.int(0, 300),
          inboundWorking: random.int(0, 20),
          inboundShipped: random.int(0, 40),
          reserved: random.int(0, 10),
          unfulfillable: random.int(0, 3),
          updatedAt,
        }
      : null,
    buyable,
    discoverable: buyable || random.chance(0.5),
    issues,
    extraAttributes: {},
    createdAt,
    updatedAt,
  };
}

function statusFor(random: Random, ageMs: number, fulfilledBy: 'MERCHANT' | 'AMAZON') {
  const roll = random.next();
  if (fulfilledBy === 'AMAZON') return roll < 0.05 && ageMs < DAY ? 'PENDING' : 'SHIPPED';
  if (ageMs < DAY) {
    if (roll < 0.15) return 'PENDING';
    if (roll < 0.75) return 'UNSHIPPED';
    if (roll < 0.95) return 'SHIPPED';
    return 'CANCELLED';
  }
  if (roll < 0.85) return 'SHIPPED';
  if (roll < 0.93) return 'CANCELLED';
  if (roll < 0.98) return 'UNSHIPPED';
  return 'PARTIALLY_SHIPPED';
}

export function orderIdOf(random: Random): string {
  const digits = (count: number) => String(random.int(0, 10 ** count - 1)).padStart(count, '0');
  return `${random.int(111, 999)}-${digits(7)}-${digits(7)}`;
}

export function orderItemIdOf(state: AccountState): string {
  state.nextOrderItemId += 1;
  return String(state.nextOrderItemId).padStart(14, '0');
}

export function generateAccount(options: GenerateOptions): AccountState {
  const catalog = createRandom(options.catalogSeed * 4099 + 11);
  const random = createRandom(options.seed * 7919 + 23);
  const listings = Array.from({ length: options.listingCount }, (_, index) =>
    listingAt(index, catalog, random, options),
  );
  const state = createAccountState(
    options.site,
    options.sellerId,
    listings,
    [],
    10_000_000 + options.seed * 1000,
  );
  const merchant = listings.filter((listing) => listing.quantity !== null);
  const amazon = listings.filter((listing) => listing.fba !== null);
  const seen = new Set<string>();
  for (let index = 0; index < options.orderCount && listings.length > 0; index++) {
    const createdAt = toSecond(
      options.now - 5 * MINUTE - random.next() * (options.orderDays * DAY - 5 * MINUTE),
    );
    const fulfilledBy = amazon.length > 0 && random.chance(0.15) ? 'AMAZON' : 'MERCHANT';
    const pool = fulfilledBy === 'AMAZON' ? amazon : merchant.length > 0 ? merchant : listings;
    const status: FulfillmentStatus = statusFor(random, options.now - createdAt, fulfilledBy);
    const changed = status === 'PENDING' || status === 'UNSHIPPED' ? 0 : random.int(1, 72 * 60);
    const updatedAt = toSecond(Math.min(options.now - 3 * MINUTE, createdAt + changed * MINUTE));
    const items: FakeOrderItem[] = [];
    const lines = random.int(1, 3);
    for (let line = 0; line < lines; line++) {
      const listing = random.pick(pool);
      if (items.some((item) => item.sku === listing.sku)) continue;
      const quantity = random.chance(0.8) ? 1 : random.int(2, 4);
      const shipped =
        status === 'SHIPPED'
          ? quantity
          : status === 'PARTIALLY_SHIPPED' && line === 0
            ? quantity
            : 0;
      items.push({
        orderItemId: orderItemIdOf(state),
        sku: listing.sku,
        asin: listing.asin,
        title: listing.title,
        quantity,
        quantityShipped: shipped,
        unitPriceMinor: listing.priceMinor,
      });
    }
    let orderId = orderIdOf(random);
    while (seen.has(orderId)) orderId = orderIdOf(random);
    seen.add(orderId);
    const order: FakeOrder = {
      orderId,
      createdAt,
      updatedAt,
      status,
      fulfilledBy,
      serviceLevel: random.chance(0.8) ? 'STANDARD' : 'EXPEDITED',
      shipByEarliest: createdAt,
      shipByLatest: createdAt + 2 * DAY,
      shippingMinor: random.chance(0.6) ? 0 : options.site.currencyDigits === 0 ? 500 : 499,
      items,
      packages: [],
      buyerCountry: options.site.code === 'UK' ? 'GB' : options.site.code,
      cancelReason: status === 'CANCELLED' ? 'BuyerCanceled' : null,
    };
    if (fulfilledBy === 'MERCHANT' && (status === 'SHIPPED' || status === 'PARTIALLY_SHIPPED')) {
      const shippedItems = items.filter((item) => item.quantityShipped > 0);
      order.packages.push({
        packageReferenceId: '1',
        carrierCode: 'UPS',
        carrierName: null,
        shippingMethod: 'Ground',
        trackingNumber: `1Z${random.hex(16).toUpperCase()}`,
        shipTime: updatedAt,
        items: shippedItems.map((item) => ({
          orderItemId: item.orderItemId,
          quantity: item.quantityShipped,
        })),
      });
    }
    state.orders.push(order);
    state.orderById.set(orderId, order);
  }
  return state;
}
