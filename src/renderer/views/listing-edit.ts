/**
 * The inline listing editor's pure half: turn what the seller typed into a `listings.update`
 * change set (only the fields that changed), or into per-field problems; and map the engine's
 * field issues back onto the same fields.
 */
import type { FieldIssue, ListingDetail } from '../../shared/api/index.js';
import { currencyExponent, minorToDecimalString, parseDecimalToMinor } from '../../shared/money.js';

export const EDITABLE_FIELDS = ['title', 'price', 'quantity'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export type Draft = Record<EditableField, string>;

/** Why a field was refused before sending; the view turns the code into words. */
export type DraftProblem =
  | { code: 'required' }
  | { code: 'tooLong'; max: number }
  | { code: 'notAmount'; decimals: number }
  | { code: 'notPositive' }
  | { code: 'notWholeNumber' }
  | { code: 'tooLarge'; max: number };

export interface ListingChangeSet {
  title?: string;
  priceMinor?: number;
  quantity?: number;
}

export const MAX_TITLE = 500;
export const MAX_QUANTITY = 1_000_000;

export function draftOf(listing: ListingDetail): Draft {
  return {
    title: listing.title,
    price: minorToDecimalString(listing.price.amountMinor, listing.price.currency),
    quantity: String(listing.quantity),
  };
}

export function buildChanges(
  listing: ListingDetail,
  draft: Draft,
): { changes: ListingChangeSet; problems: Partial<Record<EditableField, DraftProblem>> } {
  const changes: ListingChangeSet = {};
  const problems: Partial<Record<EditableField, DraftProblem>> = {};

  const title = draft.title.trim();
  if (!title) problems.title = { code: 'required' };
  else if (title.length > MAX_TITLE) problems.title = { code: 'tooLong', max: MAX_TITLE };
  else if (title !== listing.title) changes.title = title;

  const currency = listing.price.currency;
  try {
    const priceMinor = parseDecimalToMinor(draft.price, currency);
    if (priceMinor <= 0) problems.price = { code: 'notPositive' };
    else if (priceMinor !== listing.price.amountMinor) changes.priceMinor = priceMinor;
  } catch {
    problems.price = { code: 'notAmount', decimals: currencyExponent(currency) };
  }

  const quantityText = draft.quantity.trim();
  if (!/^\d+$/.test(quantityText)) problems.quantity = { code: 'notWholeNumber' };
  else {
    const quantity = Number(quantityText);
    if (quantity > MAX_QUANTITY) problems.quantity = { code: 'tooLarge', max: MAX_QUANTITY };
    else if (quantity !== listing.quantity) changes.quantity = quantity;
  }

  return { changes, problems };
}

const FIELD_OF_PATH: Record<string, EditableField> = {
  'changes.title': 'title',
  'changes.priceMinor': 'price',
  'changes.quantity': 'quantity',
};

/** Splits the engine's issues into those of an edited field and the rest (shown on the form). */
export function issuesByField(issues: readonly FieldIssue[]): {
  fields: Partial<Record<EditableField, string>>;
  other: string[];
} {
  const fields: Partial<Record<EditableField, string>> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const field = FIELD_OF_PATH[issue.path];
    if (field && !fields[field]) fields[field] = issue.message;
    else if (!field) other.push(`${issue.path}: ${issue.message}`);
  }
  return { fields, other };
}
