/**
 * Output types of the insights methods (contract-insights.ts). Days are local dates of the seller's
 * time zone ('YYYY-MM-DD'); money in the home currency is integer minor units; a number that cannot
 * be known (no cost, no fees, no rate) is null, never guessed.
 */
import type { Marketplace } from '../domain.js';
import type { Money } from '../money.js';

/** Amounts that could not be brought into the home currency, and stale-rate use. */
export interface ConversionNote {
  homeCurrency: string;
  /** Left out of converted totals: no rate on those days. */
  unconverted: { currency: string; amountMinor: number; days: number }[];
  /** How many (day, currency) sums were converted with a rate older than a week. */
  staleRateSums: number;
}

/** The orders behind a number: orders.query's filters (click-through to the orders view). */
export interface OrdersLink {
  placedFrom: string;
  placedTo: string;
  marketplaces?: Marketplace[];
  accountIds?: number[];
  statuses?: ('to_ship' | 'shipped' | 'delivered' | 'cancelled' | 'returned')[];
  /** A SKU (the orders view searches order lines by SKU prefix). */
  search?: string;
}

export interface InsightBucket {
  /** First day of the bucket (the day, the week's Monday or the month's first). */
  key: string;
  firstDay: string;
  lastDay: string;
  /** UTC range of the bucket within the period: [from, to). */
  from: string;
  to: string;
}

export type InsightGrain = 'day' | 'week' | 'month';
export type SalesSplit = 'total' | 'marketplace' | 'account' | 'country' | 'sku';

export interface SalesSeries {
  /** 'total', a marketplace, an account id, a country code, a SKU, or 'other'. */
  key: string;
  /** Display name where the engine knows one (account name), else the key. */
  label: string;
  orders: number[];
  units: number[];
  /** Home-currency minor units per bucket. */
  revenueMinor: number[];
  /** Narrows the bucket's orders link to this series (absent for 'other'). */
  link: Omit<OrdersLink, 'placedFrom' | 'placedTo'> | null;
}

export interface SalesInsight {
  from: string;
  to: string;
  timeZone: string;
  grain: InsightGrain;
  split: SalesSplit;
  buckets: InsightBucket[];
  series: SalesSeries[];
  totals: { orders: number; units: number; revenue: Money };
  conversion: ConversionNote;
}

export interface SkuInsightRow {
  sku: string;
  productId: number | null;
  title: string | null;
  units: number;
  orders: number;
  /** Home currency; null when nothing could be converted. */
  revenue: Money | null;
  cancelledUnits: number;
  returnedUnits: number;
}

/** The period's UTC range [placedFrom, placedTo), for links to its orders. */
export interface PeriodRange {
  placedFrom: string;
  placedTo: string;
}

export interface SkuInsight extends PeriodRange {
  from: string;
  to: string;
  /** Most units sold first. */
  top: SkuInsightRow[];
  /** SKUs with an active listing in the chosen channels that sold least (none first). */
  bottom: SkuInsightRow[];
  conversion: ConversionNote;
}

export interface ReturnsBucket {
  sold: number;
  cancelled: number;
  returned: number;
  /** Home currency minor units of the cancelled and returned orders' lines. */
  cancelledRevenueMinor: number;
  returnedRevenueMinor: number;
}

export interface ReturnsInsight {
  from: string;
  to: string;
  grain: InsightGrain;
  buckets: InsightBucket[];
  /** One entry per bucket, counted in orders. */
  byBucket: ReturnsBucket[];
  byMarketplace: ({ marketplace: Marketplace } & ReturnsBucket)[];
  conversion: ConversionNote;
}

export interface StockCoverRow {
  productId: number;
  sku: string;
  title: string;
  onHand: number;
  reserved: number;
  /** on hand − reserved, at least 0. */
  available: number;
  unitsInWindow: number;
  /** Units sold per day over the window. */
  velocityPerDay: number;
  /** available ÷ velocity; null when nothing sold in the window (no run-out in sight). */
  daysOfCover: number | null;
  runOutDay: string | null;
  /** velocity × lead time + safety stock (velocity × safety days), rounded up. */
  reorderPoint: number;
  reorderNow: boolean;
}

export interface StockCoverInsight {
  asOf: string;
  windowDays: number;
  leadTimeDays: number;
  safetyDays: number;
  /** SKUs still in stock, soonest run-out first. */
  rows: StockCoverRow[];
  /** SKUs that sold in the window and have nothing left to sell. */
  outOfStock: number;
  /** SKUs at or below their reorder point / running out within the lead time. */
  reorderCount: number;
  runOutWithinLeadTime: number;
}

export interface MarginRow {
  key: string;
  label: string;
  units: number;
  revenue: Money | null;
  /** Cost of goods in the home currency; null when no unit sold had a known cost. */
  cost: Money | null;
  /** Units sold whose product has no cost recorded (their cost is not guessed). */
  unitsWithoutCost: number;
  /**
   * Marketplace fees estimated from the seller's price rules (the shop's rule, else its site's):
   * the rule's fee share of the revenue, plus its fixed fee per order where `fixedFeesIncluded`.
   * Sums only the sales whose fees are known; null when none are.
   */
  fees: Money | null;
  /** Units sold in shops without a price rule (or whose fixed fee had no rate): fees unknown. */
  unitsWithoutFees: number;
  /**
   * False on SKU rows: the summaries cannot split an order's fixed fee over its SKUs, so a SKU's
   * fees are its fee share only and fixed fees are charged per marketplace and shop.
   */
  fixedFeesIncluded: boolean;
  /** revenue − cost − fees; null unless cost and fees are both known for every unit. */
  margin: Money | null;
  /** revenue − cost before fees; null unless every unit sold has a known cost. */
  marginBeforeFees: Money | null;
}

/** A shop that sold in the period and has no price rule (nor its site): its fees are unknown. */
export interface ShopWithoutRule {
  accountId: number;
  name: string;
  marketplace: Marketplace;
}

export interface MarginInsight extends PeriodRange {
  from: string;
  to: string;
  bySku: MarginRow[];
  byMarketplace: MarginRow[];
  /** Per shop: key is the account id, label its display name. */
  byShop: MarginRow[];
  /** Shops without a rule that sold in the period, by name. */
  shopsWithoutRule: ShopWithoutRule[];
  conversion: ConversionNote;
}

/** The morning report's insight: yesterday (local day) per marketplace, and run-out danger. */
export interface DayInsight {
  day: string;
  sales: { marketplace: Marketplace; orders: number; units: number; revenue: Money }[];
  /** SKUs whose cover is within the lead time, soonest first. */
  runOut: StockCoverRow[];
  runOutCount: number;
}
