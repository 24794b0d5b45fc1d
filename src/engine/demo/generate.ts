/**
 * `generateDemo` — deterministic demo data for a small cross-border seller, in the store's write
 * shapes. Same seed and `now` give byte-identical data; the clock is never read here.
 *
 * Only the accounts and a numbers-only listing plan are built up front. Products, listings and
 * orders come from page generators, each item computed from its coordinates when its page is
 * asked for, so 100k listings and 100k orders never sit in memory at once and the page size does
 * not change what is generated.
 */
import { z } from 'zod';
import type { NormalizedListing, NormalizedOrder } from '../../shared/marketplace.js';
import type { AccountInput, ProductInput } from '../store/inputs.js';
import { demoListing } from './listings.js';
import { demoOrder, orderCounts } from './orders.js';
import { planListings, type ListingPlan } from './plan.js';
import { productInputs, sketchMaster, unitCount } from './products.js';
import { demoAccounts } from './sites.js';

export interface DemoSize {
  masterSkus: number;
  listings: number;
  orders: number;
}

/** The seller the demo shows by default: ≈300 master SKUs, a few thousand listings and orders. */
export const SELLER_SIZE: Readonly<DemoSize> = { masterSkus: 300, listings: 2_400, orders: 3_000 };

const DemoSizeSchema = z.strictObject({
  masterSkus: z.number().int().min(1).max(1_000_000),
  listings: z.number().int().min(0).max(5_000_000),
  orders: z.number().int().min(0).max(5_000_000),
});

export const DemoOptionsSchema = z.strictObject({
  seed: z.number().int().min(0).max(0xffff_ffff),
  /** The instant the demo is "now": orders fall in the 60 days before it. */
  now: z.union([z.date(), z.iso.datetime()]),
  /** A multiple of the default seller (2 → twice as many SKUs, listings and orders), or exact sizes. */
  scale: z.union([z.number().positive().max(2_000), DemoSizeSchema]).default(1),
  /** Items per page of the page generators (a master and its variants always share a page). */
  pageSize: z.number().int().min(1).max(100_000).default(500),
});
export type DemoOptions = z.input<typeof DemoOptionsSchema>;

export interface DemoCounts {
  accounts: number;
  products: number;
  listings: number;
  orders: number;
}

/** Listings or orders of one account: the store writes them per account. */
export interface AccountPage<T> {
  /** Index into `DemoData.accounts`. */
  account: number;
  items: T[];
}

export interface DemoData {
  seed: number;
  now: string;
  size: DemoSize;
  counts: DemoCounts;
  accounts: AccountInput[];
  productPages(pageSize?: number): Generator<ProductInput[], void, undefined>;
  listingPages(pageSize?: number): Generator<AccountPage<NormalizedListing>, void, undefined>;
  orderPages(pageSize?: number): Generator<AccountPage<NormalizedOrder>, void, undefined>;
}

function checkedPageSize(pageSize: number): number {
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
    throw new RangeError(`Page size must be a positive integer, got ${pageSize}`);
  }
  return pageSize;
}

function sizeFor(scale: number | DemoSize): DemoSize {
  if (typeof scale !== 'number') return { ...scale };
  return {
    masterSkus: Math.max(1, Math.round(SELLER_SIZE.masterSkus * scale)),
    listings: Math.round(SELLER_SIZE.listings * scale),
    orders: Math.round(SELLER_SIZE.orders * scale),
  };
}

/** Validates the options with a message naming each bad field, before anything is generated. */
export function parseDemoOptions(options: DemoOptions): z.output<typeof DemoOptionsSchema> {
  const parsed = DemoOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`,
    );
    throw new RangeError(`Invalid demo options — ${problems.join('; ')}`);
  }
  return parsed.data;
}

export function generateDemo(options: DemoOptions): DemoData {
  const { seed, now, scale, pageSize: defaultPageSize } = parseDemoOptions(options);
  const nowMs = typeof now === 'string' ? Date.parse(now) : now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError('Invalid demo options — now: not a valid date');
  const size = sizeFor(scale);

  const unitCounts = new Uint8Array(size.masterSkus);
  let products = 0;
  for (let master = 0; master < size.masterSkus; master += 1) {
    const sketch = sketchMaster(seed, master);
    unitCounts[master] = unitCount(sketch);
    products += 1 + sketch.variants.length;
  }
  const plan: ListingPlan = planListings(seed, unitCounts, size.listings);
  const perAccountOrders = orderCounts(plan, size.orders);
  const accounts = demoAccounts(seed, nowMs);

  return {
    seed,
    now: new Date(nowMs).toISOString(),
    size,
    counts: { accounts: accounts.length, products, listings: plan.total, orders: size.orders },
    accounts,

    *productPages(pageSize = defaultPageSize) {
      checkedPageSize(pageSize);
      let page: ProductInput[] = [];
      for (let master = 0; master < size.masterSkus; master += 1) {
        page.push(...productInputs(seed, master));
        if (page.length >= pageSize) {
          yield page;
          page = [];
        }
      }
      if (page.length > 0) yield page;
    },

    *listingPages(pageSize = defaultPageSize) {
      checkedPageSize(pageSize);
      for (const [account, units] of plan.accounts.entries()) {
        for (let start = 0; start < units.masters.length; start += pageSize) {
          const end = Math.min(start + pageSize, units.masters.length);
          const items: NormalizedListing[] = [];
          for (let unit = start; unit < end; unit += 1) {
            items.push(
              demoListing(
                seed,
                nowMs,
                account,
                units.masters[unit] ?? 0,
                units.variants[unit] ?? 0,
              ),
            );
          }
          yield { account, items };
        }
      }
    },

    *orderPages(pageSize = defaultPageSize) {
      checkedPageSize(pageSize);
      for (const [account, count] of perAccountOrders.entries()) {
        for (let start = 0; start < count; start += pageSize) {
          const end = Math.min(start + pageSize, count);
          const items: NormalizedOrder[] = [];
          for (let index = start; index < end; index += 1)
            items.push(demoOrder(seed, nowMs, plan, account, index));
          yield { account, items };
        }
      }
    },
  };
}
