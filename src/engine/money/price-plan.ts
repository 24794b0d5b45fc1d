/**
 * Applying price rules and reading margins. A rule is planned over the listings it governs (its
 * account's, or its site's accounts' that have no rule of their own): each gets the rule's price
 * and the margin at that price, or a refusal with its reason — a stale or missing rate, no cost,
 * a margin under the guard. Nothing is skipped silently.
 *
 * Apply writes the planned prices as ONE pending change batch through the workbench's edit path
 * (applyListingEdit with hold: true): nothing is pushed until the seller pushes it, exactly as a
 * bulk edit. Refused listings keep their price and are returned with the reasons.
 */
import type {
  ListingMargin,
  OrderMargin,
  PriceApplyOutcome,
  PricePreview,
  PricePreviewRow,
  PriceRefusal,
} from '../../shared/api/types-money.js';
import type { Marketplace } from '../../shared/domain.js';
import type { ChangeBatchId, ListingId, OrderId } from '../../shared/ids.js';
import type { Money } from '../../shared/money.js';
import type { Reader, Writer } from '../store/connection.js';
import { applyListingEdit } from '../store/edits.js';
import { RecordNotFound } from '../store/errors.js';
import { openBatch } from '../store/pending.js';
import { readSettings } from '../store/queries/settings.js';
import { inLists } from '../store/values.js';
import { allocate } from './decimal.js';
import { readFxConfig } from './fx-config.js';
import { getRule, loadRules, RuleIndex, type LoadedRule } from './price-rules.js';
import { computeMargin, computePrice, Converter, refuse, type Refused } from './pricing.js';
import { loadRateBook } from './rates.js';
import { moneyQb } from './schema.js';

const REFUSALS_RETURNED = 200;

interface ListingContext {
  id: number;
  account_id: number;
  marketplace: string;
  site: string;
  sku: string;
  title: string;
  price_minor: number;
  currency: string;
  local_version: number;
  product_id: number | null;
  cost_minor: number | null;
  cost_currency: string | null;
  sku_price_minor: number | null;
  sku_price_currency: string | null;
}

function contextQuery() {
  return moneyQb
    .selectFrom('listings as l')
    .innerJoin('accounts as a', 'a.id', 'l.account_id')
    .leftJoin('products as p', 'p.id', 'l.product_id')
    .leftJoin('sku_prices as s', 's.product_id', 'l.product_id')
    .select([
      'l.id',
      'l.account_id',
      'l.marketplace',
      'a.site',
      'l.sku',
      'l.title',
      'l.price_minor',
      'l.currency',
      'l.local_version',
      'l.product_id',
      'p.cost_minor',
      'p.cost_currency',
      's.price_minor as sku_price_minor',
      's.currency as sku_price_currency',
    ])
    .where('l.status', '<>', 'deleted');
}

function readContexts(reader: Reader, ids: readonly number[]): ListingContext[] {
  const rows: ListingContext[] = [];
  for (const list of inLists([...ids])) {
    rows.push(...reader.all(contextQuery().where('l.id', 'in', list)));
  }
  return rows.sort((a, b) => a.id - b.id);
}

/** The listings a rule governs (narrowed to `listingIds` when given). */
function scopeOf(
  reader: Reader,
  loaded: LoadedRule,
  index: RuleIndex,
  listingIds?: readonly number[],
) {
  const { scope } = loaded.rule;
  let rows: ListingContext[];
  if (listingIds) rows = readContexts(reader, listingIds);
  else if (scope.kind === 'account') {
    rows = reader.all(contextQuery().where('l.account_id', '=', scope.accountId).orderBy('l.id'));
  } else {
    rows = reader.all(
      contextQuery()
        .where('a.marketplace', '=', scope.marketplace)
        .where('a.site', '=', scope.site)
        .orderBy('l.id'),
    );
  }
  const governed: ListingContext[] = [];
  const outside: ListingContext[] = [];
  for (const row of rows) {
    const rule = index.forAccount(row.account_id, row.marketplace, row.site);
    (rule?.rule.id === loaded.rule.id ? governed : outside).push(row);
  }
  return { governed, outside };
}

function today(reader: Reader): string {
  return reader.now().slice(0, 10);
}

function converterFor(reader: Reader, onDate: string): Converter {
  return new Converter(loadRateBook(reader, onDate), readFxConfig(reader).maxAgeDays);
}

function costOf(row: ListingContext): Money | null {
  return row.cost_minor !== null && row.cost_currency !== null
    ? { amountMinor: row.cost_minor, currency: row.cost_currency }
    : null;
}

interface Planned {
  row: PricePreviewRow;
  listing: ListingContext;
  change: boolean;
}

function planRow(
  listing: ListingContext,
  loaded: LoadedRule,
  home: string,
  converter: Converter,
): Planned {
  converter.takeUsed(); // each row reports only the rates it used
  const before = { amountMinor: listing.price_minor, currency: listing.currency };
  const base: PricePreviewRow = {
    listingId: listing.id as ListingId,
    sku: listing.sku,
    marketplace: listing.marketplace as Marketplace,
    title: listing.title,
    before,
    after: null,
    figure: null,
    refusal: null,
  };
  const refused = (refusal: PriceRefusal): Planned => ({
    row: { ...base, refusal },
    listing,
    change: false,
  });
  if (listing.product_id === null) {
    return refused({ code: 'no_product', message: 'The listing is not linked to a SKU' });
  }
  const cost = costOf(listing);
  const { pricing } = loaded;
  let baseAmount: Money | null;
  if (pricing.baseSource === 'cost') {
    baseAmount = cost;
    if (!baseAmount) return refused({ code: 'no_cost', message: `SKU ${listing.sku} has no cost` });
  } else {
    baseAmount =
      listing.sku_price_minor !== null && listing.sku_price_currency !== null
        ? { amountMinor: listing.sku_price_minor, currency: listing.sku_price_currency }
        : null;
    if (!baseAmount)
      return refused({ code: 'no_sku_price', message: `SKU ${listing.sku} has no SKU price` });
  }
  const price = computePrice(pricing, baseAmount, listing.currency, converter);
  if (!price.ok) return refused(price.refusal);
  const after = { amountMinor: price.priceMinor, currency: listing.currency };
  if (!cost) {
    if (pricing.minMarginBp !== null) {
      return refused({
        code: 'no_cost',
        message: `SKU ${listing.sku} has no cost: the margin guard cannot be checked`,
      });
    }
    converter.takeUsed();
    return { row: { ...base, after }, listing, change: after.amountMinor !== before.amountMinor };
  }
  const margin = computeMargin({ price: after, quantity: 1, cost, rule: pricing }, home, converter);
  if (!margin.ok) return refused(margin.refusal);
  if (margin.figure.underGuard) {
    return {
      row: {
        ...base,
        after,
        figure: margin.figure,
        refusal: {
          code: 'under_margin_guard',
          message: `Margin ${(margin.figure.marginBp ?? 0) / 100} % is under the rule's ${(pricing.minMarginBp ?? 0) / 100} %`,
        },
      },
      listing,
      change: false,
    };
  }
  return {
    row: { ...base, after, figure: margin.figure },
    listing,
    change: after.amountMinor !== before.amountMinor,
  };
}

function plan(reader: Reader, ruleId: number, listingIds?: readonly number[]) {
  const loaded = getRule(reader, ruleId);
  const index = new RuleIndex(loadRules(reader));
  const home = readSettings(reader).homeCurrency;
  const converter = converterFor(reader, today(reader));
  const { governed, outside } = scopeOf(reader, loaded, index, listingIds);
  const planned = governed.map((listing) => planRow(listing, loaded, home, converter));
  for (const listing of outside) {
    planned.push({
      listing,
      change: false,
      row: {
        listingId: listing.id as ListingId,
        sku: listing.sku,
        marketplace: listing.marketplace as Marketplace,
        title: listing.title,
        before: { amountMinor: listing.price_minor, currency: listing.currency },
        after: null,
        figure: null,
        refusal: {
          code: 'no_rule',
          message: `Rule "${loaded.rule.name}" does not govern this listing's shop`,
        },
      },
    });
  }
  if (listingIds) {
    const known = new Set(planned.map((entry) => entry.listing.id));
    const missing = listingIds.filter((id) => !known.has(id));
    if (missing.length > 0)
      throw new RecordNotFound(`Listing ${missing[0]} does not exist (or was deleted)`);
  }
  const refused = planned.filter((entry) => entry.row.refusal !== null);
  const changed = planned.filter((entry) => entry.change);
  return {
    loaded,
    home,
    planned,
    refused,
    changed,
    unchanged: planned.length - refused.length - changed.length,
  };
}

export function previewPriceRule(
  reader: Reader,
  input: { ruleId: number; listingIds?: number[] | undefined; limit: number },
): PricePreview {
  const result = plan(reader, input.ruleId, input.listingIds);
  return {
    ruleId: input.ruleId,
    homeCurrency: result.home,
    selected: result.planned.length,
    changed: result.changed.length,
    unchanged: result.unchanged,
    refused: result.refused.length,
    rows: [...result.refused, ...result.changed].slice(0, input.limit).map((entry) => entry.row),
  };
}

export function applyPriceRule(
  writer: Writer,
  input: { ruleId: number; listingIds?: number[] | undefined; label?: string | undefined },
  newKey: () => string,
): PriceApplyOutcome {
  const result = plan(writer, input.ruleId, input.listingIds);
  let batchId: number | null = null;
  if (result.changed.length > 0) {
    const count = result.changed.length;
    batchId = openBatch(
      writer,
      input.label ??
        `Price rule "${result.loaded.rule.name}" on ${count} listing${count === 1 ? '' : 's'}`,
      'bulk',
    );
    for (const entry of result.changed) {
      applyListingEdit(
        writer,
        {
          id: entry.listing.id,
          baseVersion: entry.listing.local_version,
          changes: { priceMinor: entry.row.after!.amountMinor },
          batchId,
          hold: true,
        },
        newKey,
      );
    }
  }
  return {
    ruleId: input.ruleId,
    batchId: batchId as ChangeBatchId | null,
    changed: result.changed.length,
    unchanged: result.unchanged,
    refused: result.refused.length,
    refusals: result.refused.slice(0, REFUSALS_RETURNED).map((entry) => entry.row),
  };
}

/** Margins of a page of listings at their current prices, with the rate of the day. */
export function listingMargins(reader: Reader, ids: readonly number[]): ListingMargin[] {
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
        price: { amountMinor: listing.price_minor, currency: listing.currency },
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
