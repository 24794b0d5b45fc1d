/**
 * The bulk edit dialog's pure half: what the seller typed becomes the contract's operation, or
 * a problem with the form the dialog words. Per-listing checks (a currency's decimals, a
 * marketplace's title length, a price that would reach zero) are the engine's: its preview
 * reports them before anything is applied.
 */
import type { BulkOperation, PriceRounding } from '../../shared/api/contract-workbench.js';

export const BULK_KINDS = ['price', 'quantity', 'buffer', 'title', 'status'] as const;
export type BulkKind = (typeof BULK_KINDS)[number];

export type PriceMode = 'percent' | 'amount' | 'set' | 'round';
export type EndingChoice = 'none' | PriceRounding['ending'];
export type Direction = NonNullable<PriceRounding['direction']>;

export interface BulkForm {
  priceMode: PriceMode;
  value: string;
  ending: EndingChoice;
  direction: Direction;
  find: string;
  replace: string;
  regex: boolean;
  caseSensitive: boolean;
  status: 'active' | 'inactive';
}

export const INITIAL_FORM: BulkForm = {
  priceMode: 'percent',
  value: '',
  ending: 'none',
  direction: 'nearest',
  find: '',
  replace: '',
  regex: false,
  caseSensitive: false,
  status: 'active',
};

export type FormProblem =
  | 'required'
  | 'notPercent'
  | 'notAmount'
  | 'notWholeNumber'
  | 'tooLarge'
  | 'needsEnding'
  | 'badPattern';

export type Built = { operation: BulkOperation } | { problem: FormProblem };

const PERCENT = /^[+-]?\d{1,4}(\.\d{1,2})?$/;
const SIGNED_AMOUNT = /^[+-]?\d{1,13}(\.\d{1,4})?$/;
const AMOUNT = /^\d{1,13}(\.\d{1,4})?$/;
const COUNT = /^\d{1,7}$/;
export const MAX_COUNT = 1_000_000;

function rounding(form: BulkForm): PriceRounding | undefined {
  return form.ending === 'none' ? undefined : { ending: form.ending, direction: form.direction };
}

function count(text: string, make: (value: number) => BulkOperation): Built {
  const value = text.trim();
  if (!value) return { problem: 'required' };
  if (!COUNT.test(value)) return { problem: 'notWholeNumber' };
  if (Number(value) > MAX_COUNT) return { problem: 'tooLarge' };
  return { operation: make(Number(value)) };
}

export function buildOperation(kind: BulkKind, form: BulkForm): Built {
  const value = form.value.trim().replace(/^\+/, '');
  switch (kind) {
    case 'price': {
      const round = rounding(form);
      if (form.priceMode === 'round') {
        return round
          ? { operation: { kind: 'roundPrice', rounding: round } }
          : { problem: 'needsEnding' };
      }
      if (!value) return { problem: 'required' };
      const withRounding = round ? { rounding: round } : {};
      if (form.priceMode === 'percent') {
        if (!PERCENT.test(form.value.trim())) return { problem: 'notPercent' };
        return { operation: { kind: 'adjustPrice', by: 'percent', value, ...withRounding } };
      }
      if (form.priceMode === 'amount') {
        if (!SIGNED_AMOUNT.test(form.value.trim())) return { problem: 'notAmount' };
        return { operation: { kind: 'adjustPrice', by: 'amount', value, ...withRounding } };
      }
      if (!AMOUNT.test(value)) return { problem: 'notAmount' };
      return { operation: { kind: 'setPrice', amount: value, ...withRounding } };
    }
    case 'quantity':
      return count(form.value, (quantity) => ({ kind: 'setQuantity', quantity }));
    case 'buffer':
      return count(form.value, (buffer) => ({ kind: 'setBuffer', buffer }));
    case 'title': {
      if (!form.find) return { problem: 'required' };
      if (form.regex) {
        try {
          new RegExp(form.find, 'u');
        } catch {
          return { problem: 'badPattern' };
        }
      }
      return {
        operation: {
          kind: 'replaceTitle',
          find: form.find,
          replace: form.replace,
          regex: form.regex,
          caseSensitive: form.caseSensitive,
        },
      };
    }
    case 'status':
      return { operation: { kind: 'setStatus', status: form.status } };
  }
}
