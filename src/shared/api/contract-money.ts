/**
 * The money part of the contract (issue 11): FX rates (list, refresh from the sources, manual
 * entry), price rules (list, save, delete, preview, apply as a pending change batch) and margins
 * for a page of listings or an order's lines. Spread into `contract` (contract.ts).
 */
import { z } from 'zod';
import { Marketplace } from '../domain.js';
import { CurrencyCode, MinorUnits } from '../money.js';
import type { MethodDef } from './contract.js';
import type {
  FxOverview,
  FxSourceOutcome,
  ListingMargin,
  OrderMargin,
  PriceApplyOutcome,
  PricePreview,
  PriceRule,
} from './types-money.js';

const method =
  <O>() =>
  <I extends z.ZodType>(input: I): MethodDef<I, O> => ({ input });

const Id = z.number().int().positive();
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date')
  .refine((date) => !Number.isNaN(Date.parse(`${date}T00:00:00Z`)), 'not a calendar date');
const RateText = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?$/, 'expected a plain decimal such as 7.1345')
  .refine((text) => /[1-9]/.test(text), 'a rate must be greater than zero');
const BasisPoints = (min: number, max: number) => z.number().int().min(min).max(max);
const NonNegativeMinor = MinorUnits.refine((value) => value >= 0, 'must not be negative');

export const FxManualInput = z.strictObject({
  base: CurrencyCode,
  quote: CurrencyCode,
  date: Day,
  rate: RateText,
});

export const FxConfigureInput = z.strictObject({
  maxAgeDays: z.number().int().min(0).max(365).optional(),
  ecbUrl: z.url({ protocol: /^https?$/ }).optional(),
  providerUrl: z.url({ protocol: /^https?$/ }).optional(),
  providerCurrencies: z.array(CurrencyCode).max(60).optional(),
});

export const PriceRuleScopeInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('account'), accountId: Id }),
  z.strictObject({
    kind: z.literal('site'),
    marketplace: Marketplace,
    site: z.string().trim().min(1).max(40),
  }),
]);

export const PriceRuleInput = z.strictObject({
  /** Absent: a new rule. */
  id: Id.optional(),
  name: z.string().trim().min(1).max(200),
  scope: PriceRuleScopeInput,
  baseSource: z.enum(['cost', 'sku_price']),
  markupBp: BasisPoints(0, 1_000_000),
  addonsCurrency: CurrencyCode,
  shippingMinor: NonNegativeMinor,
  packagingMinor: NonNegativeMinor,
  feeBp: BasisPoints(0, 9_000),
  fixedFeeMinor: NonNegativeMinor,
  fixedFeeCurrency: CurrencyCode,
  ending: z.enum(['none', 'charm', 'half', 'whole']),
  minMarginBp: BasisPoints(-10_000, 10_000).nullable(),
});

export const PricePreviewInput = z.strictObject({
  ruleId: Id,
  /** Narrow the rule's scope to these listings. */
  listingIds: z.array(Id).max(20_000).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

export const PriceApplyInput = z.strictObject({
  ruleId: Id,
  listingIds: z.array(Id).max(20_000).optional(),
  label: z.string().trim().min(1).max(200).optional(),
});

export const moneyContract = {
  'fx.list': method<FxOverview>()(z.strictObject({})),
  'fx.refresh': method<FxSourceOutcome[]>()(z.strictObject({})),
  'fx.setManual': method<FxOverview>()(FxManualInput),
  'fx.configure': method<FxOverview>()(FxConfigureInput),
  /** Stores (or with null forgets) the rate provider's API key, encrypted; it never comes back out. */
  'fx.setApiKey': method<FxOverview>()(
    z.strictObject({ key: z.string().trim().min(1).max(200).nullable() }),
  ),
  'priceRules.list': method<PriceRule[]>()(z.strictObject({})),
  'priceRules.save': method<PriceRule>()(PriceRuleInput),
  'priceRules.delete': method<{ deleted: boolean }>()(z.strictObject({ id: Id })),
  'priceRules.setSkuPrice': method<{
    productId: number;
    price: { amountMinor: number; currency: string } | null;
  }>()(
    z.strictObject({
      productId: Id,
      /** null removes the SKU price. */
      price: z.strictObject({ amountMinor: NonNegativeMinor, currency: CurrencyCode }).nullable(),
    }),
  ),
  'priceRules.preview': method<PricePreview>()(PricePreviewInput),
  'priceRules.apply': method<PriceApplyOutcome>()(PriceApplyInput),
  'margin.listings': method<ListingMargin[]>()(z.strictObject({ ids: z.array(Id).max(500) })),
  'margin.order': method<OrderMargin>()(z.strictObject({ orderId: Id })),
  /** Margins at prices not yet applied (a bulk edit's preview), in each listing's currency. */
  'margin.preview': method<ListingMargin[]>()(
    z.strictObject({
      items: z.array(z.strictObject({ listingId: Id, priceMinor: NonNegativeMinor })).max(500),
    }),
  ),
} as const;
