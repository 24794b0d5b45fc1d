/**
 * Margins at the rate of the day: for a page of listings at their prices (or at previewed ones),
 * and for an order's lines at the rate of the day it was placed.
 */
import type { ListingMargin, OrderMargin } from '../../shared/api/types-money.js';
import type { ListingId, OrderId } from '../../shared/ids.js';
import type { Reader } from '../store/connection.js';
import { RecordNotFound } from '../store/errors.js';
import { readSettings } from '../store/queries/settings.js';
import { allocate } from './decimal.js';
import { costOf, converterFor, readContexts, today } from './listing-context.js';
import { loadRules, RuleIndex } from './price-rules.js';
import { computeMargin, refuse, type Refused } from './pricing.js';
import { moneyQb } from './schema.js';

/** Margins of a page of listings at their current prices, with the rate of the day. */
export function listingMargins(
  reader: Reader,
  ids: readonly number[],
  /** Prices to compute at instead of the stored ones (a preview), by listing id. */
  atPrices?: ReadonlyMap<number, number>,
): ListingMargin[] {
  const home = readSettings(reader).homeCurrency;
  const index = new RuleIndex(loadRules(reader));
  const converter = converterFor(reader, today(reader));
  const contexts = new Map(readContexts(reader, ids).map((row) => [row.id, row]));
  return ids.map((id) => {
    const listing = contexts.get(id);
    const answer = (refused: Refused): ListingMargin => ({
      listingId: id as ListingId,
      figure: null,
      refusal: refused.refusal,
    });
    if (!listing) return answer(refuse('no_product', `Listing ${id} does not exist`));
    if (listing.product_id === null)
      return answer(refuse('no_product', 'The listing is not linked to a SKU'));
    const cost = costOf(listing);
    if (!cost) return answer(refuse('no_cost', `SKU ${listing.sku} has no cost`));
    const rule = index.forAccount(listing.account_id, listing.marketplace, listing.site);
    converter.takeUsed();
    const margin = computeMargin(
      {
        price: {
          amountMinor: atPrices?.get(id) ?? listing.price_minor,
          currency: listing.currency,
        },
        quantity: 1,
        cost,
        rule: rule?.pricing ?? null,
      },
      home,
      converter,
    );
    return margin.ok
      ? { listingId: id as ListingId, figure: margin.figure, refusal: null }
      : answer(margin);
  });
}

/**
 * Margins of an order's lines at the rate of the day it was placed. The rule's fixed fee is
 * charged once per order and split over the lines by their revenue (exactly, by allocation).
 */
export function orderMargin(reader: Reader, orderId: number): OrderMargin {
  const order = reader.first(
    moneyQb
      .selectFrom('orders as o')
      .innerJoin('accounts as a', 'a.id', 'o.account_id')
      .select(['o.id', 'o.account_id', 'o.marketplace', 'a.site', 'o.placed_at'])
      .where('o.id', '=', orderId),
  );
  if (!order) throw new RecordNotFound(`Order ${orderId} does not exist`);
  const home = readSettings(reader).homeCurrency;
  const rule = new RuleIndex(loadRules(reader)).forAccount(
    order.account_id,
    order.marketplace,
    order.site,
  );
  const converter = converterFor(reader, order.placed_at.slice(0, 10));
  const lines = reader.all(
    moneyQb
      .selectFrom('order_lines as l')
      .leftJoin('products as p', 'p.id', 'l.product_id')
      .select([
        'l.line_id',
        'l.sku',
        'l.quantity',
        'l.unit_price_minor',
        'l.currency',
        'p.cost_minor',
        'p.cost_currency',
      ])
      .where('l.order_id', '=', orderId)
      .orderBy('l.id'),
  );
  const fixedFee = rule?.pricing.fixedFee ?? { amountMinor: 0, currency: home };
  const weights = lines.map((line) => line.unit_price_minor * line.quantity);
  const shares = weights.some((weight) => weight > 0)
    ? allocate(fixedFee.amountMinor, weights)
    : lines.map((_, position) => (position === 0 ? fixedFee.amountMinor : 0));
  let total: number | null = 0;
  const results = lines.map((line, position) => {
    const base = { lineId: line.line_id, sku: line.sku, quantity: line.quantity };
    if (line.cost_minor === null || line.cost_currency === null) {
      total = null;
      return {
        ...base,
        figure: null,
        refusal: { code: 'no_cost' as const, message: `SKU ${line.sku} has no cost` },
      };
    }
    converter.takeUsed();
    const margin = computeMargin(
      {
        price: { amountMinor: line.unit_price_minor, currency: line.currency },
        quantity: line.quantity,
        cost: { amountMinor: line.cost_minor, currency: line.cost_currency },
        rule: rule?.pricing ?? null,
        fixedFeeShare: { amountMinor: shares[position] ?? 0, currency: fixedFee.currency },
      },
      home,
      converter,
    );
    if (!margin.ok) {
      total = null;
      return { ...base, figure: null, refusal: margin.refusal };
    }
    if (total !== null) total += margin.figure.margin.amountMinor;
    return { ...base, figure: margin.figure, refusal: null };
  });
  return {
    orderId: orderId as OrderId,
    homeCurrency: home,
    lines: results,
    total: total === null ? null : { amountMinor: total, currency: home },
  };
}
