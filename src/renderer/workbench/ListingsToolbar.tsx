/**
 * The listings grid's toolbar: instant search, the common filters, "more filters", saved views
 * and the column chooser. The search runs on every keystroke, without a debounce: the FTS index
 * answers within milliseconds, the grid keeps its rows until the answer, and answers for an
 * older text are dropped by its page cache.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListingSort, SavedViewState } from '../../shared/api/contract-workbench.js';
import { LISTING_STATUSES, MARKETPLACES, SYNC_STATES } from '../../shared/domain.js';
import { EnumFilter } from '../views/common.js';
import { ColumnChooser } from './ColumnChooser.js';
import {
  fromListingFilter,
  moreFilterCount,
  type FilterProblems,
  type FilterState,
} from './filters.js';
import { visibleColumns, type ColumnId, type ListingColumn } from './listing-columns.js';
import { MoreFilters } from './MoreFilters.js';
import { SavedViews } from './SavedViews.js';
import { SheetButtons } from '../sheets/SheetButtons.js';

export function ListingsToolbar(props: {
  filters: FilterState;
  problems: FilterProblems;
  onFilters: (patch: Partial<FilterState>) => void;
  current: SavedViewState;
  onOpenView: (view: {
    filters: FilterState;
    sort: ListingSort | null;
    columns: ColumnId[];
  }) => void;
  columns: Record<ColumnId, ListingColumn>;
  visible: readonly ColumnId[];
  onColumns: (visible: ColumnId[]) => void;
}) {
  const { t } = useTranslation();
  const [more, setMore] = useState(false);
  const searchId = useId();
  const { filters, onFilters } = props;
  const extra = moreFilterCount(filters);
  return (
    <>
      <div className="toolbar" role="toolbar" aria-label={t('workbench.filters.toolbar')}>
        <div className="field search-field">
          <label className="visually-hidden" htmlFor={searchId}>
            {t('listings.search')}
          </label>
          <input
            id={searchId}
            className="input search-input"
            type="search"
            placeholder={t('listings.searchPlaceholder')}
            value={filters.search}
            onChange={(event) => onFilters({ search: event.target.value })}
          />
        </div>
        <EnumFilter
          label={t('listings.columns.marketplace')}
          kind="marketplace"
          values={MARKETPLACES}
          value={filters.marketplace}
          onChange={(marketplace) => onFilters({ marketplace })}
        />
        <EnumFilter
          label={t('listings.columns.status')}
          kind="listingStatus"
          values={LISTING_STATUSES}
          value={filters.status}
          onChange={(status) => onFilters({ status })}
        />
        <EnumFilter
          label={t('listings.columns.syncState')}
          kind="syncState"
          values={SYNC_STATES}
          value={filters.syncState}
          onChange={(syncState) => onFilters({ syncState })}
        />
        <button
          type="button"
          className="button"
          aria-expanded={more}
          data-testid="more-filters"
          onClick={() => setMore((open) => !open)}
        >
          {extra ? t('workbench.filters.moreCount', { count: extra }) : t('workbench.filters.more')}
        </button>
        <SavedViews
          current={props.current}
          onOpen={(view) =>
            props.onOpenView({
              filters: fromListingFilter(view.state.filter),
              sort: view.state.sort ?? null,
              columns: visibleColumns(view.state.columns),
            })
          }
        />
        <ColumnChooser columns={props.columns} visible={props.visible} onChange={props.onColumns} />
        <SheetButtons kind="listings" filter={props.current.filter} />
      </div>
      {more ? <MoreFilters state={filters} problems={props.problems} onChange={onFilters} /> : null}
    </>
  );
}
