/**
 * The price calculator (cost → price) and the margin calculator (price → margin in the seller's
 * home currency). Pure: rates come in through a Converter built on one RateBook, so a page of
 * listings costs one rate query and the same day's rates price every row.
 *
 * Price, in the listing's currency, from the rule:
 *
 *     price = (base × (1 + markup) + shipping + packaging + fixed fee) ÷ (1 − fee share)
 *
 * so that after the marketplace takes its share of the sale price and its fixed fee, what is left
 * covers the marked-up base and the add-ons. Every term is converted exactly (ratios), the sum is
 * rounded UP to a whole minor unit once, then up to the rule's ending: rounding never eats margin.
 *
 * Margin, in the home currency: revenue − marketplace fees − cost − add-ons, each converted and
 * rounded half-even on its own so the figures the seller reads add up.
 */
import type { Money } from '../../shared/money.js';
import type {
  MarginFigure,
  PriceEndingChoice,
  PriceRefusal,
} from '../../shared/api/types-money.js';
import { roundToEnding } from '../store/price-endings.js';
import { convertExact } from './convert.js';
import { divideCeiling, divideHalfEven, toSafeNumber, type Ratio } from './decimal.js';
import type { FoundRate, RateBook } from './rates.js';

export interface PricingRule {
  baseSource: 'cost' | 'sku_price';
  markupBp: number;
  shipping: Money;
  packaging: Money;
  feeBp: number;
  fixedFee: Money;
  ending: PriceEndingChoice;
  minMarginBp: number | null;
}

export type Refused = { ok: false; refusal: PriceRefusal };
export const refuse = (code: PriceRefusal['code'], message: string): Refused => ({
  ok: false,
  refusal: { code, message },
});

/** Converts through one RateBook, refusing stale or missing rates with the reason. */
export class Converter {
  private readonly used: FoundRate[] = [];

  constructor(
    private readonly book: RateBook,
    readonly maxAgeDays: number,
  ) {}

  get onDate(): string {
    return this.book.onDate;
  }

  /** `money` in exact minor units of `to`. */
  exact(money: Money, to: string): { ok: true; value: Ratio } | Refused {
    if (money.currency === to || money.amountMinor === 0) {
      return { ok: true, value: { numerator: BigInt(money.amountMinor), denominator: 1n } };
    }
    const lookup = this.book.find(money.currency, to, { maxAgeDays: this.maxAgeDays });
    if (lookup.kind === 'missing') {
      return refuse(
        'rate_missing',
        `No ${money.currency}→${to} rate on or before ${lookup.onDate}: refresh the rates or enter one`,
      );
    }
    if (lookup.kind === 'stale') {
      return refuse(
        'rate_stale',
        `The ${money.currency}→${to} rate is from ${lookup.date} (${lookup.source}), ${lookup.ageDays} days old; ` +
          `the limit is ${lookup.maxAgeDays}: refresh the rates`,
      );
    }
    this.used.push(lookup);
    return { ok: true, value: convertExact(money, lookup.ratio, to) };
  }

  /** `money` in minor units of `to`, rounded half-even. */
  minor(money: Money, to: string): { ok: true; value: number } | Refused {
    const exact = this.exact(money, to);
    if (!exact.ok) return exact;
    const value = Number(divideHalfEven(exact.value.numerator, exact.value.denominator));
    // Too large to hold exactly: refused with a reason, never a wrong amount.
    if (!Number.isSafeInteger(value)) {
      return refuse('out_of_range', `${money.currency} amount too large in ${to}`);
    }
    return { ok: true, value };
  }

  /** Forgets the rates used so far and returns them (oldest date, joined sources). */
  takeUsed(): { date: string | null; source: string | null } {
    const used = this.used.splice(0);
    if (used.length === 0) return { date: null, source: null };
    const date = used.reduce(
      (oldest, rate) => (rate.date < oldest ? rate.date : oldest),
      used[0]!.date,
    );
    const sources = new Set(used.flatMap((rate) => rate.source.split('+')));
    return { date, source: [...sources].sort().join('+') };
  }
}

function addRatios(terms: readonly Ratio[]): Ratio {
  return terms.reduce(
    (sum, term) => ({
      numerator: sum.numerator * term.denominator + term.numerator * sum.denominator,
      denominator: sum.denominator * term.denominator,
    }),
    { numerator: 0n, denominator: 1n },
  );
}

/** The rule's price in `target` for a base amount; refused when a rate is unusable. */
export function computePrice(
  rule: PricingRule,
  base: Money,
  target: string,
  converter: Converter,
): { ok: true; priceMinor: number } | Refused {
  if (base.amountMinor < 0) return refuse('out_of_range', 'The base amount is negative');
  const terms: Ratio[] = [];
  for (const money of [base, rule.shipping, rule.packaging, rule.fixedFee]) {
    const converted = converter.exact(money, target);
    if (!converted.ok) return converted;
    terms.push(converted.value);
  }
  const [baseTarget, ...addOns] = terms as [Ratio, ...Ratio[]];
  const marked: Ratio = {
    numerator: baseTarget.numerator * BigInt(10_000 + rule.markupBp),
    denominator: baseTarget.denominator * 10_000n,
  };
  const beforeFees = addRatios([marked, ...addOns]);
  const keptShare = 10_000 - rule.feeBp;
  if (keptShare <= 0) return refuse('out_of_range', 'The fee takes the whole price');
  const exact = divideCeiling(
    beforeFees.numerator * 10_000n,
    beforeFees.denominator * BigInt(keptShare),
  );
  let priceMinor: number;
  try {
    priceMinor = toSafeNumber(exact, 'price');
    if (rule.ending !== 'none') priceMinor = roundToEnding(priceMinor, target, rule.ending, 'up');
  } catch {
    return refuse('out_of_range', `The computed ${target} price is too large`);
  }
  if (!Number.isSafeInteger(priceMinor) || priceMinor <= 0) {
    return refuse(
      'out_of_range',
      'The computed price is zero: give the SKU a cost or price, or an add-on',
    );
  }
  return { ok: true, priceMinor };
}

export interface MarginInput {
  /** Unit sale price and quantity sold. */
  price: Money;
  quantity: number;
  /** Unit cost of the SKU. */
  cost: Money;
  /** The channel's rule (fees, add-ons, guard); null: no fees or add-ons are known. */
  rule: PricingRule | null;
  /** The part of the rule's fixed fee this line bears (an order's fee split over its lines). */
  fixedFeeShare?: Money;
}

/** The margin in `home`, or why there is none. */
export function computeMargin(
  input: MarginInput,
  home: string,
  converter: Converter,
): { ok: true; figure: MarginFigure } | Refused {
  const { price, quantity, cost, rule } = input;
  const scale = (money: Money, factor: number): Money => ({
    amountMinor: money.amountMinor * factor,
    currency: money.currency,
  });
  const revenueSale = scale(price, quantity);
  const percentFee: Money = {
    amountMinor: rule
      ? toSafeNumber(
          divideHalfEven(BigInt(revenueSale.amountMinor) * BigInt(rule.feeBp), 10_000n),
          'fee',
        )
      : 0,
    currency: price.currency,
  };
  const parts: Money[] = [
    percentFee,
    input.fixedFeeShare ?? (rule ? rule.fixedFee : { amountMinor: 0, currency: home }),
    scale(cost, quantity),
    rule ? scale(rule.shipping, quantity) : { amountMinor: 0, currency: home },
    rule ? scale(rule.packaging, quantity) : { amountMinor: 0, currency: home },
  ];
  const revenue = converter.minor(revenueSale, home);
  if (!revenue.ok) return revenue;
  let costs = 0;
  for (const part of parts) {
    const converted = converter.minor(part, home);
    if (!converted.ok) return converted;
    costs += converted.value;
  }
  const margin = revenue.value - costs;
  const marginBp =
    revenue.value > 0
      ? toSafeNumber(divideHalfEven(BigInt(margin) * 10_000n, BigInt(revenue.value)), 'margin')
      : null;
  const minMarginBp = rule?.minMarginBp ?? null;
  const used = converter.takeUsed();
  return {
    ok: true,
    figure: {
      margin: { amountMinor: margin, currency: home },
      marginBp,
      revenue: { amountMinor: revenue.value, currency: home },
      costs: { amountMinor: costs, currency: home },
      minMarginBp,
      underGuard: minMarginBp !== null && (marginBp === null || marginBp < minMarginBp),
      rateDate: used.date,
      rateSource: used.source,
    },
  };
}
