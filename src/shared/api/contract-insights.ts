/**
 * The insights part of the contract (issue 13): sales, top and bottom SKUs, returns and
 * cancellations, stock cover and margin, all read from the engine's summaries of the store.
 * Spread into `contract` (contract.ts). Periods are local days of the seller's time zone, both ends
 * included; the engine answers in the home currency.
 *
 * Must not import values from contract.ts (contract.ts imports it), so it has its own small parts.
 */
import { z } from 'zod';
import { Marketplace } from '../domain.js';
import type {
  MarginInsight,
  ReturnsInsight,
  SalesInsight,
  SkuInsight,
  StockCoverInsight,
} from './types-insights.js';

export interface InsightsMethod<I extends z.ZodType, O> {
  readonly input: I;
  readonly __output?: O;
}
const method =
  <O>() =>
  <I extends z.ZodType>(input: I): InsightsMethod<I, O> => ({ input });

/** Longest period one question may cover (two years and a leap day). */
export const MAX_INSIGHT_DAYS = 731;

const DAY_MS = 86_400_000;
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date')
  .refine(
    (text) => new Date(`${text}T00:00:00.000Z`).toISOString().slice(0, 10) === text,
    'not a calendar date',
  );
const Id = z.number().int().positive();

const channelFilter = {
  marketplaces: z.array(Marketplace).max(5).optional(),
  accountIds: z.array(Id).max(200).optional(),
};

const periodShape = { from: Day, to: Day, ...channelFilter };

function checkPeriod(input: { from: string; to: string }, context: z.RefinementCtx): void {
  const days = (Date.parse(input.to) - Date.parse(input.from)) / DAY_MS + 1;
  if (days < 1) context.addIssue({ code: 'custom', path: ['to'], message: 'to is before from' });
  else if (days > MAX_INSIGHT_DAYS)
    context.addIssue({
      code: 'custom',
      path: ['to'],
      message: `a period covers at most ${MAX_INSIGHT_DAYS} days`,
    });
}

export const InsightGrain = z.enum(['day', 'week', 'month']);
export const SalesSplit = z.enum(['total', 'marketplace', 'account', 'country', 'sku']);

export const SalesInsightInput = z
  .strictObject({
    ...periodShape,
    grain: InsightGrain.default('day'),
    split: SalesSplit.default('total'),
    /** Countries and SKUs beyond this many are summed as 'other'. */
    seriesLimit: z.number().int().min(1).max(20).default(8),
  })
  .superRefine(checkPeriod);

export const SkuInsightInput = z
  .strictObject({ ...periodShape, limit: z.number().int().min(1).max(100).default(10) })
  .superRefine(checkPeriod);

export const ReturnsInsightInput = z
  .strictObject({ ...periodShape, grain: InsightGrain.default('day') })
  .superRefine(checkPeriod);

export const StockCoverInput = z.strictObject({
  ...channelFilter,
  /** Days of sales the velocity is measured over, ending today. */
  windowDays: z.number().int().min(1).max(365).default(28),
  leadTimeDays: z.number().int().min(0).max(365).default(14),
  /** Safety stock, as days of sales at the same velocity. */
  safetyDays: z.number().int().min(0).max(365).default(7),
  limit: z.number().int().min(1).max(500).default(50),
});

export const MarginInsightInput = z
  .strictObject({ ...periodShape, limit: z.number().int().min(1).max(100).default(20) })
  .superRefine(checkPeriod);

export const insightsContract = {
  /** Orders, units and revenue per day/week/month, split by channel, country or SKU. */
  'insights.sales': method<SalesInsight>()(SalesInsightInput),
  /** Best and worst sellers of the period by units. */
  'insights.skus': method<SkuInsight>()(SkuInsightInput),
  'insights.returns': method<ReturnsInsight>()(ReturnsInsightInput),
  /** Days of stock left at the recent velocity, soonest run-out first. */
  'insights.stockCover': method<StockCoverInsight>()(StockCoverInput),
  /**
   * Revenue, cost of goods, fees estimated from the price rules and margin per SKU, marketplace
   * and shop; unknown parts stay null, and shops without a rule are named.
   */
  'insights.margin': method<MarginInsight>()(MarginInsightInput),
} as const;
