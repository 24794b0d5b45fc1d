/**
 * Applying price rules. A rule is planned over the listings it governs (its
 * account's, or its site's accounts' that have no rule of their own): each gets the rule's price
 * and the margin at that price, or a refusal with its reason — a stale or missing rate, no cost,
 * a margin under the guard. Nothing is skipped silently.
 *
 * Apply writes the planned prices as ONE pending change batch through the workbench's edit path
 * (applyListingEdit with hold: true): nothing is pushed until the seller pushes it, exactly as a
 * bulk edit. Refused listings keep their price and are returned with the reasons.
 */
import type {
  PriceApplyOutcome,
  PricePreview,
  PricePreviewRow,
  PriceRefusal,
} from '../../shared/api/types-money.js';
import type { Marketplace } from '../../shared/domain.js';
import type { ChangeBatchId, ListingId } from '../../shared/ids.js';
import type { Money } from '../../shared/money.js';
import type { Reader, Writer } from '../store/connection.js';
import { applyListingEdit } from '../store/edits.js';
import { RecordNotFound } from '../store/errors.js';
import { openBatch } from '../store/pending.js';
import { readSettings } from '../store/queries/settings.js';
import {
  contextQuery,
  converterFor,
  costOf,
  readContexts,
  today,
  type ListingContext,
} from './listing-context.js';
import { getRule, loadRules, RuleIndex, type LoadedRule } from './price-rules.js';
import { computeMargin, computePrice, type Converter } from './pricing.js';

const REFUSALS_RETURNED = 200;

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
