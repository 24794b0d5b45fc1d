/**
 * Output types of the money part of the contract (issue 11): FX rates, price rules, previews and
 * margins. Money crosses the bridge as integer minor units beside its ISO code; rates as decimal
 * strings; percentages as basis points (1 bp = 0.01 %).
 */
import type { Marketplace } from '../domain.js';
import type { AccountId, ChangeBatchId, ListingId, OrderId } from '../ids.js';
import type { Money } from '../money.js';

export interface FxRateRow {
  base: string;
  quote: string;
  /** Decimal string, as published. */
  rate: string;
  /** YYYY-MM-DD the rate is the reference for. */
  date: string;
  source: string;
  fetchedAt: string;
  /** Days between `date` and today (UTC). */
  ageDays: number;
  /** Older than the configured maximum age: prices are refused with it. */
  stale: boolean;
}

export interface FxOverview {
  rates: FxRateRow[];
  maxAgeDays: number;
  ecbUrl: string;
  providerUrl: string;
  providerCurrencies: string[];
  /** Whether the API-key provider has its key (the key itself never leaves the engine). */
  providerKeySet: boolean;
  today: string;
}

export interface FxSourceOutcome {
  source: string;
  ok: boolean;
  saved: number;
  date: string | null;
  message: string | null;
}

export type PriceEndingChoice = 'none' | 'charm' | 'half' | 'whole';

export interface PriceRule {
  id: number;
  name: string;
  scope:
    | { kind: 'account'; accountId: AccountId; accountName: string }
    | { kind: 'site'; marketplace: Marketplace; site: string };
  baseSource: 'cost' | 'sku_price';
  markupBp: number;
  /** Shipping and packaging add-ons, in one currency. */
  shipping: Money;
  packaging: Money;
  feeBp: number;
  fixedFee: Money;
  ending: PriceEndingChoice;
  /** Least margin accepted (bp of the sale price), or null for no guard. */
  minMarginBp: number | null;
  updatedAt: string;
}

/** Why a price or margin could not be computed; `detail` names the rate, SKU or rule. */
export type PriceRefusalCode =
  | 'no_rule'
  | 'no_product'
  | 'no_cost'
  | 'no_sku_price'
  | 'rate_missing'
  | 'rate_stale'
  | 'under_margin_guard'
  | 'out_of_range';

export interface PriceRefusal {
  code: PriceRefusalCode;
  message: string;
}

export interface MarginFigure {
  /** Margin in the seller's home currency. */
  margin: Money;
  /** Margin as basis points of the revenue, or null when the revenue is zero. */
  marginBp: number | null;
  revenue: Money;
  costs: Money;
  /** The rule's guard, when one applies. */
  minMarginBp: number | null;
  underGuard: boolean;
  /** Oldest rate used (YYYY-MM-DD) and its sources, or null when no conversion was needed. */
  rateDate: string | null;
  rateSource: string | null;
}

export interface ListingMargin {
  listingId: ListingId;
  figure: MarginFigure | null;
  /** Why there is no figure. */
  refusal: PriceRefusal | null;
}

export interface OrderLineMargin {
  lineId: string;
  sku: string;
  quantity: number;
  figure: MarginFigure | null;
  refusal: PriceRefusal | null;
}

export interface OrderMargin {
  orderId: OrderId;
  homeCurrency: string;
  lines: OrderLineMargin[];
  /** Sum of the lines' margins, or null when any line has none. */
  total: Money | null;
}

export interface PricePreviewRow {
  listingId: ListingId;
  sku: string;
  marketplace: Marketplace;
  title: string;
  before: Money;
  /** The rule's price, or null when refused. */
  after: Money | null;
  figure: MarginFigure | null;
  refusal: PriceRefusal | null;
}

export interface PricePreview {
  ruleId: number;
  homeCurrency: string;
  /** Listings in the rule's scope. */
  selected: number;
  changed: number;
  unchanged: number;
  refused: number;
  /** Every refusal first, then changed rows, up to the limit asked. */
  rows: PricePreviewRow[];
}

export interface PriceApplyOutcome {
  ruleId: number;
  /** The pending change batch, or null when nothing changed. */
  batchId: ChangeBatchId | null;
  changed: number;
  unchanged: number;
  refused: number;
  /** The refused listings with their reasons (up to 200). */
  refusals: PricePreviewRow[];
}
