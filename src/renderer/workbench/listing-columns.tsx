/**
 * The listings grid's columns: every one the seller can show (column chooser), the default set in
 * the order the grid has always had, and which cells edit inline (title, price, quantity).
 *
 * Cells are plain functions of the row, built once per language: enumeration words are looked up
 * when the columns are made, not by a hook in every badge, and money is formatted with one
 * Intl.NumberFormat per currency instead of a new one per cell. Scrolling renders dozens of rows
 * a frame, so this is the difference between a smooth and a stuttering grid.
 */
import type { ParseKeys } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkbenchListingRow } from '../../shared/api/index.js';
import type { ListingSort } from '../../shared/api/contract-workbench.js';
import { minorToDecimalString } from '../../shared/money.js';
import {
  LISTING_STATUSES,
  MARKETPLACES,
  SYNC_STATES,
  type ListingStatus,
  type SyncState,
} from '../../shared/domain.js';
import { Badge, type Tone } from '../components/Badge.js';
import type { GridColumn } from '../grid/DataGrid.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { moneyFormatter } from './money-format.js';
import { ListingMarginCell } from '../prices/ListingMarginCell.js';

export type SortField = ListingSort['field'];
export type ListingColumn = GridColumn<WorkbenchListingRow, SortField>;

export const COLUMN_IDS = [
  'marketplace',
  'account',
  'sku',
  'title',
  'price',
  'margin',
  'quantity',
  'status',
  'syncState',
  'locale',
  'updatedAt',
] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

export const DEFAULT_COLUMNS: readonly ColumnId[] = COLUMN_IDS;

/** The columns a saved view or the chooser names, in the grid's order; unknown ids are dropped. */
export function visibleColumns(ids: readonly string[]): ColumnId[] {
  const wanted = new Set(ids);
  const kept = COLUMN_IDS.filter((id) => wanted.has(id));
  return kept.length ? kept : [...DEFAULT_COLUMNS];
}

/** The text a cell edits from, or null when the cell does not edit inline. */
export function editTextOf(row: WorkbenchListingRow, columnId: string): string | null {
  if (row.status === 'deleted') return null;
  switch (columnId) {
    case 'title':
      return row.title;
    case 'price':
      return minorToDecimalString(row.price.amountMinor, row.price.currency);
    case 'quantity':
      return String(row.quantity);
    default:
      return null;
  }
}

/** The tones of the badges, as the app's EnumBadge gives them. */
const STATUS_TONES: Record<ListingStatus, Tone> = {
  active: 'good',
  inactive: 'neutral',
  draft: 'info',
  deleted: 'neutral',
  error: 'bad',
};
const SYNC_TONES: Record<SyncState, Tone> = {
  synced: 'good',
  pending: 'info',
  conflict: 'bad',
  drift: 'warn',
  rejected: 'bad',
};

export function useListingColumns(): Record<ColumnId, ListingColumn> {
  const { t } = useTranslation();
  const format = useFormat();
  return useMemo(() => {
    const words = <V extends string>(kind: string, values: readonly V[]) =>
      Object.fromEntries(
        values.map((value) => [value, t(`enums.${kind}.${value}` as ParseKeys)]),
      ) as Record<V, string>;
    const marketplaces = words('marketplace', MARKETPLACES);
    const statuses = words('listingStatus', LISTING_STATUSES);
    const syncStates = words('syncState', SYNC_STATES);
    const money = moneyFormatter(format.locale);
    return {
      marketplace: {
        id: 'marketplace',
        header: t('listings.columns.marketplace'),
        width: 115,
        sortField: 'marketplace',
        cell: (row) => <Badge tone="neutral">{marketplaces[row.marketplace]}</Badge>,
      },
      account: {
        id: 'account',
        header: t('listings.columns.account'),
        width: 140,
        cell: (row) => (
          <span title={`${row.accountName} (${row.site})`}>
            {row.accountName} <span className="muted">{row.site}</span>
          </span>
        ),
      },
      sku: {
        id: 'sku',
        header: t('listings.columns.sku'),
        width: 130,
        sortField: 'sku',
        cell: (row) => <span className="mono">{row.sku}</span>,
      },
      title: {
        id: 'title',
        header: t('listings.columns.title'),
        width: 260,
        sortField: 'title',
        cell: (row) => <span title={row.title}>{row.title}</span>,
      },
      price: {
        id: 'price',
        header: t('listings.columns.price'),
        width: 95,
        align: 'end',
        sortField: 'price',
        cell: (row) => money(row.price),
      },
      margin: {
        id: 'margin',
        header: t('prices.margin.column'),
        width: 130,
        align: 'end',
        // Fetched for the rows on screen only, a page at a time (prices/margin-batch.ts).
        cell: (row) => <ListingMarginCell listingId={row.id} />,
      },
      quantity: {
        id: 'quantity',
        header: t('listings.columns.quantity'),
        width: 65,
        align: 'end',
        sortField: 'quantity',
        cell: (row) => format.number(row.quantity),
      },
      status: {
        id: 'status',
        header: t('listings.columns.status'),
        width: 85,
        sortField: 'status',
        cell: (row) => <Badge tone={STATUS_TONES[row.status]}>{statuses[row.status]}</Badge>,
      },
      syncState: {
        id: 'syncState',
        header: t('listings.columns.syncState'),
        width: 150,
        cell: (row) => {
          const badge = <Badge tone={SYNC_TONES[row.syncState]}>{syncStates[row.syncState]}</Badge>;
          return row.syncState === 'rejected' && row.lastError ? (
            <span className="cell-with-badge" title={row.lastError}>
              {badge}
              <span className="text-bad">{row.lastError}</span>
            </span>
          ) : (
            badge
          );
        },
      },
      locale: {
        id: 'locale',
        header: t('workbench.columns.locale'),
        width: 70,
        cell: (row) => <span className="mono">{row.locale}</span>,
      },
      updatedAt: {
        id: 'updatedAt',
        header: t('listings.columns.updatedAt'),
        width: 120,
        sortField: 'updatedAt',
        cell: (row) => (
          <span title={format.dateTime(row.updatedAt)}>{format.relative(row.updatedAt)}</span>
        ),
      },
    };
  }, [t, format]);
}
