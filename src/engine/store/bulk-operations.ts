/**
 * What one bulk operation does to one listing, computed without touching the store: the new
 * values, "already so", or a refusal with a code the renderer words (a price at or below zero,
 * more decimals than the currency has, a title longer than the marketplace takes…). The caller
 * writes nothing when any listing refuses, so an operation is applied whole or not at all.
 *
 * Title limits are the marketplaces' own for a listing title: Amazon 200 characters, eBay 80,
 * AliExpress 128, Wish 255 and Shopee 255 (item_name, v2.product.update_item).
 */
import type { z } from 'zod';
import type { BulkOperation } from '../../shared/api/contract-workbench.js';
import type { BulkRefusalCode, FieldChange } from '../../shared/api/types-workbench.js';
import type { ListingStatus, Marketplace } from '../../shared/domain.js';
import { currencyExponent, parseDecimalToMinor } from '../../shared/money.js';
import type { ListingChangeSet } from './edits.js';
import { InvalidStoreInput } from './errors.js';
import { applyPercent, parsePercentHundredths, roundToEnding } from './price-endings.js';

export type ParsedOperation = z.output<typeof BulkOperation>;
/** Operations that edit listing fields (setBuffer edits channel rules: bulk-buffer.ts). */
export type ListingOperation = Exclude<ParsedOperation, { kind: 'setBuffer' }>;

export const TITLE_MAX_LENGTH: Readonly<Record<Marketplace, number>> = {
  amazon: 200,
  ebay: 80,
  aliexpress: 128,
  wish: 255,
  shopee: 255,
};

/** The highest price a bulk edit may write, in minor units (a typo guard, far above any price). */
export const MAX_PRICE_MINOR = 999_999_999_999;

export interface TargetRow {
  id: number;
  account_id: number;
  remote_id: string;
  remote_variant_id: string;
  marketplace: Marketplace;
  sku: string;
  product_id: number | null;
  title: string;
  price_minor: number;
  currency: string;
  quantity: number;
  status: ListingStatus;
  local_version: number;
}

export interface Refusal {
  code: BulkRefusalCode;
  params: Record<string, string | number>;
  message: string;
}

export type RowPlan =
  | { kind: 'change'; changes: ListingChangeSet; fields: FieldChange[] }
  | { kind: 'same' }
  /** Left out: the listing was deleted on the marketplace, there is nothing to edit. */
  | { kind: 'skip' }
  | ({ kind: 'refuse' } & Refusal);

const refuse = (
  code: BulkRefusalCode,
  message: string,
  params: Record<string, string | number> = {},
): RowPlan => ({ kind: 'refuse', code, params, message });

function pricePlan(row: TargetRow, price: number): RowPlan {
  if (price <= 0) {
    return refuse('price_not_positive', 'the new price would be zero or below', { price });
  }
  if (price > MAX_PRICE_MINOR) return refuse('price_too_large', 'the new price is too large');
  if (price === row.price_minor) return { kind: 'same' };
  return {
    kind: 'change',
    changes: { priceMinor: price },
    fields: [{ field: 'priceMinor', before: row.price_minor, after: price }],
  };
}

function titlePlan(row: TargetRow, title: string): RowPlan {
  const trimmed = title.trim();
  if (trimmed === '') return refuse('title_empty', 'the new title would be empty');
  const max = TITLE_MAX_LENGTH[row.marketplace];
  const length = [...trimmed].length;
  if (length > max) {
    return refuse(
      'title_too_long',
      `the new title has ${length} characters; ${row.marketplace} takes at most ${max}`,
      { length, max },
    );
  }
  if (trimmed === row.title) return { kind: 'same' };
  return {
    kind: 'change',
    changes: { title: trimmed },
    fields: [{ field: 'title', before: row.title, after: trimmed }],
  };
}

function quantityPlan(row: TargetRow, quantity: number): RowPlan {
  if (quantity === row.quantity) return { kind: 'same' };
  return {
    kind: 'change',
    changes: { quantity },
    fields: [{ field: 'quantity', before: row.quantity, after: quantity }],
  };
}

function statusPlan(row: TargetRow, status: 'active' | 'inactive'): RowPlan {
  if (row.status === status) return { kind: 'same' };
  if (row.status !== 'active' && row.status !== 'inactive') {
    return refuse('status_not_settable', `a listing that is ${row.status} cannot be set`, {
      status: row.status,
    });
  }
  return {
    kind: 'change',
    changes: { status },
    fields: [{ field: 'status', before: row.status, after: status }],
  };
}

/** A decimal amount in the row's currency, or the refusal to give when it has too many decimals. */
function amountIn(row: TargetRow, text: string): number | RowPlan {
  try {
    return parseDecimalToMinor(text, row.currency);
  } catch {
    const decimals = currencyExponent(row.currency);
    return refuse('price_decimals', `${row.currency} has ${decimals} decimals`, {
      currency: row.currency,
      decimals,
    });
  }
}

/** Compiles a user pattern once; an invalid one is the seller's input error, not a refusal. */
function titleReplacer(
  operation: Extract<ParsedOperation, { kind: 'replaceTitle' }>,
): (title: string) => string {
  const flags = `gu${operation.caseSensitive ? '' : 'i'}`;
  if (operation.regex) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(operation.find, flags);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new InvalidStoreInput(`The pattern is not a valid regular expression: ${detail}`);
    }
    return (title) => title.replace(pattern, operation.replace);
  }
  const literal = new RegExp(operation.find.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags);
  // A function replacement, so "$1" or "$&" in the plain replacement text stay as typed.
  return (title) => title.replace(literal, () => operation.replace);
}

/**
 * The per-row planner for `operation`. `source` is the listing a fill-down copies from (it
 * must be given for fillDown, and is never itself a target).
 */
export function compileOperation(
  operation: ListingOperation,
  source?: TargetRow,
): (row: TargetRow) => RowPlan {
  // A selection of "all matching" easily holds deleted listings: they are left out, not refused.
  const guarded = (plan: (row: TargetRow) => RowPlan) => (row: TargetRow) =>
    row.status === 'deleted' ? { kind: 'skip' as const } : plan(row);
  switch (operation.kind) {
    case 'setPrice':
      return guarded((row) => {
        const amount = amountIn(row, operation.amount);
        if (typeof amount !== 'number') return amount;
        const { rounding } = operation;
        return pricePlan(
          row,
          rounding
            ? roundToEnding(amount, row.currency, rounding.ending, rounding.direction)
            : amount,
        );
      });
    case 'adjustPrice': {
      const hundredths =
        operation.by === 'percent' ? parsePercentHundredths(operation.value) : undefined;
      return guarded((row) => {
        let price: number;
        if (hundredths !== undefined) price = applyPercent(row.price_minor, hundredths);
        else {
          const amount = amountIn(row, operation.value);
          if (typeof amount !== 'number') return amount;
          price = row.price_minor + amount;
        }
        const { rounding } = operation;
        if (rounding && price > 0) {
          price = roundToEnding(price, row.currency, rounding.ending, rounding.direction);
        }
        return pricePlan(row, price);
      });
    }
    case 'roundPrice':
      return guarded((row) =>
        pricePlan(
          row,
          roundToEnding(
            row.price_minor,
            row.currency,
            operation.rounding.ending,
            operation.rounding.direction,
          ),
        ),
      );
    case 'setQuantity':
      return guarded((row) => quantityPlan(row, operation.quantity));
    case 'setTitle':
      return guarded((row) => titlePlan(row, operation.title));
    case 'replaceTitle': {
      const replace = titleReplacer(operation);
      return guarded((row) => titlePlan(row, replace(row.title)));
    }
    case 'setStatus':
      return guarded((row) => statusPlan(row, operation.status));
    case 'fillDown':
      return guarded(fillPlanner(operation.field, source));
  }
}

function fillPlanner(
  field: Extract<ParsedOperation, { kind: 'fillDown' }>['field'],
  source: TargetRow | undefined,
): (row: TargetRow) => RowPlan {
  if (!source) throw new InvalidStoreInput('A fill-down needs the listing to copy from');
  switch (field) {
    case 'price':
      return (row) =>
        row.currency === source.currency
          ? pricePlan(row, source.price_minor)
          : refuse(
              'different_currency',
              `priced in ${row.currency}, the copied price is in ${source.currency}`,
              { currency: row.currency, sourceCurrency: source.currency },
            );
    case 'quantity':
      return (row) => quantityPlan(row, source.quantity);
    case 'title':
      return (row) => titlePlan(row, source.title);
    case 'status': {
      const status = source.status;
      if (status !== 'active' && status !== 'inactive') {
        throw new InvalidStoreInput(
          `The copied listing is ${status}: only active or inactive copy`,
        );
      }
      return (row) => statusPlan(row, status);
    }
  }
}
