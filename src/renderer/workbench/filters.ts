/**
 * The listings grid's filters as the toolbar holds them (text the seller types) and as the
 * contract takes them. Amounts are parsed in the chosen currency by string arithmetic, so a
 * price range is exact minor units; a range without a currency is refused, since 10 means
 * ten dollars in one shop and ten yen in another.
 */
import type { ListingFilter } from '../../shared/api/contract-workbench.js';
import type { ListingStatus, Marketplace, SyncState } from '../../shared/domain.js';
import { minorToDecimalString, parseDecimalToMinor } from '../../shared/money.js';

export interface FilterState {
  search: string;
  marketplace: Marketplace | '';
  /** An account id as text, '' for any. */
  accountId: string;
  status: ListingStatus | '';
  syncState: SyncState | '';
  currency: string;
  priceMin: string;
  priceMax: string;
  quantityMin: string;
  quantityMax: string;
  missingTranslation: string;
  unlinked: boolean;
}

export const EMPTY_FILTERS: FilterState = {
  search: '',
  marketplace: '',
  accountId: '',
  status: '',
  syncState: '',
  currency: '',
  priceMin: '',
  priceMax: '',
  quantityMin: '',
  quantityMax: '',
  missingTranslation: '',
  unlinked: false,
};

export type FilterProblem = 'needsCurrency' | 'notAmount' | 'notWholeNumber' | 'notLanguage';
export type FilterProblems = Partial<Record<keyof FilterState, FilterProblem>>;

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * The contract's filter for what the toolbar holds, and what was refused. A refused field
 * filters nothing (the field shows why) rather than silently filtering something else.
 */
export function toListingFilter(state: FilterState): {
  filter: ListingFilter;
  problems: FilterProblems;
} {
  const filter: ListingFilter = {};
  const problems: FilterProblems = {};
  const search = state.search.trim();
  if (search) filter.search = search;
  if (state.marketplace) filter.marketplaces = [state.marketplace];
  if (state.accountId) filter.accountIds = [Number(state.accountId)];
  if (state.status) filter.statuses = [state.status];
  if (state.syncState) filter.syncStates = [state.syncState];
  if (state.currency) filter.currency = state.currency;
  const price = (field: 'priceMin' | 'priceMax') => {
    const text = state[field].trim();
    if (!text) return undefined;
    if (!state.currency) {
      problems[field] = 'needsCurrency';
      return undefined;
    }
    try {
      const minor = parseDecimalToMinor(text, state.currency);
      if (minor >= 0) return minor;
    } catch {
      // Refused below.
    }
    problems[field] = 'notAmount';
    return undefined;
  };
  const count = (field: 'quantityMin' | 'quantityMax') => {
    const text = state[field].trim();
    if (!text) return undefined;
    if (/^\d{1,9}$/.test(text)) return Number(text);
    problems[field] = 'notWholeNumber';
    return undefined;
  };
  const priceMin = price('priceMin');
  const priceMax = price('priceMax');
  const quantityMin = count('quantityMin');
  const quantityMax = count('quantityMax');
  if (priceMin !== undefined) filter.priceMinorMin = priceMin;
  if (priceMax !== undefined) filter.priceMinorMax = priceMax;
  if (quantityMin !== undefined) filter.quantityMin = quantityMin;
  if (quantityMax !== undefined) filter.quantityMax = quantityMax;
  const language = state.missingTranslation.trim();
  if (language) {
    if (LANGUAGE_TAG.test(language)) filter.missingTranslation = language;
    else problems.missingTranslation = 'notLanguage';
  }
  if (state.unlinked) filter.unlinked = true;
  return { filter, problems };
}

/** The toolbar state that gives back `filter` (a saved view being opened). */
export function fromListingFilter(filter: ListingFilter): FilterState {
  const currency = filter.currency ?? '';
  const amount = (minor: number | undefined) =>
    minor === undefined || !currency ? '' : minorToDecimalString(minor, currency);
  return {
    search: filter.search ?? '',
    marketplace: filter.marketplaces?.[0] ?? '',
    accountId: filter.accountIds?.[0] === undefined ? '' : String(filter.accountIds[0]),
    status: filter.statuses?.[0] ?? '',
    syncState: filter.syncStates?.[0] ?? '',
    currency,
    priceMin: amount(filter.priceMinorMin),
    priceMax: amount(filter.priceMinorMax),
    quantityMin: filter.quantityMin === undefined ? '' : String(filter.quantityMin),
    quantityMax: filter.quantityMax === undefined ? '' : String(filter.quantityMax),
    missingTranslation: filter.missingTranslation ?? '',
    unlinked: filter.unlinked ?? false,
  };
}

/** How many of the "more filters" (beyond the toolbar's selects) are set. */
export function moreFilterCount(state: FilterState): number {
  return [
    state.accountId,
    state.currency,
    state.priceMin,
    state.priceMax,
    state.quantityMin,
    state.quantityMax,
    state.missingTranslation,
    state.unlinked ? 'on' : '',
  ].filter((value) => value !== '').length;
}
