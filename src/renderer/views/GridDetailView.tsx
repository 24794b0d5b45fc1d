/**
 * The shape listings, orders and inventory share: filters in the toolbar, a paged grid, and the
 * opened row's detail panel beside it. One place keeps their empty states and selection alike.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/states.js';
import { DataGrid, type DataGridProps } from '../grid/DataGrid.js';
import type { ViewName } from '../shell/routes.js';
import { gridError, ViewFrame } from './common.js';

type Key = string | number;

export function GridDetailView<T extends { id: Key }, S extends string>(
  props: Pick<DataGridProps<T, S>, 'label' | 'columns' | 'fetchPage' | 'refreshKey'> & {
    view: ViewName;
    toolbar: ReactNode;
    /**
     * The filter values in force, '' or false when unset: they key the grid's query, and any set
     * one makes an empty grid suggest clearing the filters rather than adding records.
     */
    filters: readonly (string | boolean)[];
    emptyTitle: string;
    emptyHint: string;
    emptyFilteredTitle: string;
    /** The open row's panel; `select` closes it (null) or opens another row. */
    renderDetail: (id: T['id'], select: (id: T['id'] | null) => void) => ReactNode;
  },
) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<T['id'] | null>(null);
  const filtered = props.filters.some((value) => value !== '' && value !== false);
  return (
    <ViewFrame view={props.view} toolbar={props.toolbar}>
      <DataGrid
        label={props.label}
        columns={props.columns}
        queryKey={JSON.stringify(props.filters)}
        fetchPage={props.fetchPage}
        refreshKey={props.refreshKey}
        rowKey={(row) => row.id}
        selectedKey={selected}
        onOpen={(row) => setSelected(row.id)}
        renderError={gridError}
        empty={
          filtered ? (
            <EmptyState title={props.emptyFilteredTitle} hint={t('common.clearFiltersHint')} />
          ) : (
            <EmptyState title={props.emptyTitle} hint={props.emptyHint} />
          )
        }
      />
      {selected !== null ? props.renderDetail(selected, setSelected) : null}
    </ViewFrame>
  );
}
