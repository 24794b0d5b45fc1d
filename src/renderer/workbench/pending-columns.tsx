/** Columns of the pending changes grid: the listing, each field's before → after, state, result. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PendingChangeRow } from '../../shared/api/index.js';
import { Badge, EnumBadge, type Tone } from '../components/Badge.js';
import type { GridColumn } from '../grid/DataGrid.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { useFieldName, useFieldValue } from './field-values.js';

const TONES: Record<PendingChangeRow['state'], Tone> = {
  held: 'info',
  pending: 'info',
  in_flight: 'info',
  done: 'good',
  failed: 'bad',
  conflict: 'bad',
  cancelled: 'neutral',
};

export function usePendingColumns(): GridColumn<PendingChangeRow>[] {
  const { t } = useTranslation();
  const format = useFormat();
  const fieldName = useFieldName();
  const valueText = useFieldValue();
  return useMemo(
    (): GridColumn<PendingChangeRow>[] => [
      {
        id: 'state',
        header: t('pending.columns.state'),
        width: 110,
        cell: (row) => (
          <span data-testid="pending-state" data-state={row.state}>
            <Badge tone={TONES[row.state]}>{t(`pending.stateNames.${row.state}`)}</Badge>
          </span>
        ),
      },
      {
        id: 'marketplace',
        header: t('listings.columns.marketplace'),
        width: 110,
        cell: (row) => <EnumBadge kind="marketplace" value={row.marketplace} />,
      },
      {
        id: 'account',
        header: t('listings.columns.account'),
        width: 130,
        cell: (row) => <span title={row.accountName}>{row.accountName}</span>,
      },
      {
        id: 'sku',
        header: t('listings.columns.sku'),
        width: 120,
        cell: (row) => <span className="mono">{row.sku}</span>,
      },
      {
        id: 'title',
        header: t('listings.columns.title'),
        width: 200,
        cell: (row) => <span title={row.title}>{row.title}</span>,
      },
      {
        id: 'field',
        header: t('pending.columns.field'),
        width: 90,
        cell: (row) => row.changes.map((change) => fieldName(change.field)).join(', '),
      },
      {
        id: 'before',
        header: t('workbench.preview.before'),
        width: 120,
        align: 'end',
        cell: (row) => (
          <span className="muted">
            {row.changes
              .map((change) => valueText(change.field, change.before, row.currency))
              .join(' · ')}
          </span>
        ),
      },
      {
        id: 'after',
        header: t('workbench.preview.after'),
        width: 120,
        align: 'end',
        cell: (row) => (
          <strong data-testid="pending-after">
            {row.changes
              .map((change) => valueText(change.field, change.after, row.currency))
              .join(' · ')}
          </strong>
        ),
      },
      {
        id: 'batch',
        header: t('pending.columns.batch'),
        width: 180,
        cell: (row) => (
          <span title={row.batchLabel ?? ''}>
            {row.batchLabel ?? t(`pending.sources.${row.source === 'stock' ? 'stock' : 'other'}`)}
          </span>
        ),
      },
      {
        id: 'message',
        header: t('pending.columns.message'),
        width: 220,
        cell: (row) =>
          row.message ? (
            <span className={row.state === 'failed' ? 'text-bad' : undefined} title={row.message}>
              {row.message}
            </span>
          ) : (
            <span className="muted" title={format.dateTime(row.updatedAt)}>
              {format.relative(row.updatedAt)}
            </span>
          ),
      },
    ],
    [t, format, fieldName, valueText],
  );
}
