/**
 * Marketplace fees for the margin, estimated from the seller's price rules the way the order
 * panel's margins charge them (src/engine/money/margins.ts): the rule governing a shop (its own,
 * else its marketplace site's) takes its fee share of the line revenue, rounded half-even in the
 * sale's currency, its fixed fee once per order and its add-ons (shipping, packaging) per unit; each
 * is converted at the day's rate.
 *
 * The summaries hold sums, so the share is taken of a (day, shop, currency) sum and the fixed fees
 * of a (day, shop) count, each rounded once, where the order panel rounds per line: the two agree
 * to within a minor unit per line, exactly when the per-line amounts convert without a remainder.
 * A shop with no rule has no known fees: its units are counted, never charged zero.
 */
import type { Marketplace } from '../../shared/domain.js';
import type { ShopWithoutRule } from '../../shared/api/types-insights.js';
import { divideHalfEven, loadRules, RuleIndex, type PricingRule } from '../money/index.js';
import type { Reader } from '../store/connection.js';
import { raw } from './filters.js';
import type { DayConverter } from './fx.js';

export interface Shop {
  id: number;
  marketplace: Marketplace;
  site: string;
  name: string;
  rule: PricingRule | null;
}

/** Every shop with the rule that governs it (a seller has a few dozen at most). */
export function readShops(r: Reader): Map<number, Shop> {
  const index = new RuleIndex(loadRules(r));
  const rows = r.all(
    raw<{ id: number; marketplace: Marketplace; site: string; name: string }>(
      'SELECT id, marketplace, site, display_name AS name FROM accounts',
    ),
  );
  return new Map(
    rows.map((row) => [
      row.id,
      { ...row, rule: index.forAccount(row.id, row.marketplace, row.site)?.pricing ?? null },
    ]),
  );
}

/** The rule's fee share of `revenueMinor`, in the same currency, rounded as computeMargin does. */
export function feeShare(revenueMinor: number, feeBp: number): number {
  return Number(divideHalfEven(BigInt(revenueMinor) * BigInt(feeBp), 10_000n));
}

/** What a row of the margin owes in fees so far. */
export interface FeeTally {
  /** Home minor units of the fees known; null while none are. */
  fees: number | null;
  unitsWithoutFees: number;
}

export function addFee(tally: FeeTally, amount: number): void {
  tally.fees = (tally.fees ?? 0) + amount;
}

/**
 * Sums of sold sales per (shop, day, currency) in, fees out: each sum's fee share at once, and
 * each (shop, day)'s orders × fixed fee once all sums are in. Sales whose revenue has no rate are
 * left out of the margin's revenue, so their fees are left out too (the conversion note reports
 * them); a fixed fee in a currency without a rate that day makes its units' fees unknown.
 */
export class ShopFees {
  private readonly fixed = new Map<
    string,
    { shop: Shop; day: string; orders: number; units: number; tallies: readonly FeeTally[] }
  >();
  private readonly without = new Map<number, Shop>();

  constructor(
    private readonly shops: ReadonlyMap<number, Shop>,
    private readonly converter: DayConverter,
  ) {}

  /** Charges one sum's fee share to `tallies`; with `orders`, notes them for the fixed fees. */
  add(
    sale: {
      accountId: number;
      day: string;
      currency: string;
      units: number;
      revenueMinor: number;
      orders?: number;
    },
    tallies: readonly FeeTally[],
  ): void {
    const shop = this.shops.get(sale.accountId);
    if (!shop?.rule) {
      for (const tally of tallies) tally.unitsWithoutFees += sale.units;
      if (shop && sale.units > 0) this.without.set(shop.id, shop);
      return;
    }
    if (this.converter.convertAgain(sale.revenueMinor, sale.currency, sale.day) === null) return;
    const share = this.converter.convertAgain(
      feeShare(sale.revenueMinor, shop.rule.feeBp),
      sale.currency,
      sale.day,
    );
    // The revenue converted, so its own currency has a rate that day: the share converts too.
    for (const tally of tallies) addFee(tally, share ?? 0);
    // The rule's per-unit add-ons (shipping, packaging: one currency), as the order panel charges.
    const perUnit = shop.rule.shipping.amountMinor + shop.rule.packaging.amountMinor;
    if (perUnit > 0 && sale.units > 0) {
      const addOns = this.converter.convertAgain(
        sale.units * perUnit,
        shop.rule.shipping.currency,
        sale.day,
      );
      for (const tally of tallies) {
        if (addOns === null) tally.unitsWithoutFees += sale.units;
        else addFee(tally, addOns);
      }
    }
    if (sale.orders === undefined) return;
    const key = `${shop.id} ${sale.day}`;
    const entry = this.fixed.get(key) ?? { shop, day: sale.day, orders: 0, units: 0, tallies };
    entry.orders += sale.orders;
    entry.units += sale.units;
    this.fixed.set(key, entry);
  }

  /** Charges the fixed fees noted by `add`. */
  chargeFixedFees(): void {
    for (const { shop, day, orders, units, tallies } of this.fixed.values()) {
      const fixedFee = shop.rule!.fixedFee;
      const amount = this.converter.convertAgain(
        orders * fixedFee.amountMinor,
        fixedFee.currency,
        day,
      );
      for (const tally of tallies) {
        if (amount === null) tally.unitsWithoutFees += units;
        else addFee(tally, amount);
      }
    }
    this.fixed.clear();
  }

  /** The shops without a rule that sold, by name. */
  shopsWithoutRule(): ShopWithoutRule[] {
    return [...this.without.values()]
      .map((shop) => ({ accountId: shop.id, name: shop.name, marketplace: shop.marketplace }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.accountId - b.accountId);
  }
}
