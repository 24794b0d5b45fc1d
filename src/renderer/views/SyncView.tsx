/** Sync history: each run, what it pulled and pushed, and what needs the seller's attention. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventPayload, SyncRunSummary } from '../../shared/api/index.js';
import type { SyncRunId } from '../../shared/ids.js';
import { useApi } from '../api/ApiProvider.js';
import { useApiCall } from '../api/use-api-call.js';
import { EnumBadge } from '../components/Badge.js';
import { EmptyState, ErrorState, LoadingState } from '../components/states.js';
import { DataGrid, type GridColumn } from '../grid/DataGrid.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { gridError, useAccountNames, ViewFrame } from './common.js';
import { pageOfArray } from './local-source.js';
import { SyncRunPanel } from './SyncRunPanel.js';

const SYNC_ENTITIES = ['sync'] as const;
const RUN_LIMIT = 200;

export function totals(run: SyncRunSummary) {
  const sum = { orders: 0, listings: 0, pushed: 0, errors: 0 };
  for (const account of run.report?.accounts ?? []) {
    sum.orders += account.ordersPulled;
    sum.listings += account.listingsPulled;
    sum.pushed += account.editsPushed;
    sum.errors += account.errors.length;
  }
  return sum;
}

export function SyncView() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const accountNames = useAccountNames();
  const runs = useApiCall('sync.runs', { limit: RUN_LIMIT }, { entities: SYNC_ENTITIES });
  const [selected, setSelected] = useState<SyncRunId | null>(null);
  const [progress, setProgress] = useState<EventPayload<'sync.progress'> | null>(null);

  useEffect(() => api.on('sync.progress', setProgress), [api]);

  const columns = useMemo<GridColumn<SyncRunSummary>[]>(
    () => [
      {
        id: 'startedAt',
        header: t('sync.columns.startedAt'),
        width: 160,
        cell: (run) => format.dateTime(run.startedAt),
      },
      {
        id: 'trigger',
        header: t('sync.columns.trigger'),
        width: 100,
        cell: (run) => <EnumBadge kind="trigger" value={run.trigger} />,
      },
      {
        id: 'state',
        header: t('sync.columns.state'),
        width: 100,
        cell: (run) => <EnumBadge kind="runState" value={run.state} />,
      },
      {
        id: 'finishedAt',
        header: t('sync.columns.finishedAt'),
        width: 130,
        cell: (run) => format.relative(run.finishedAt),
      },
      ...(['orders', 'listings', 'pushed', 'errors'] as const).map((key) => ({
        id: key,
        header: t(`sync.columns.${key}`),
        width: 130,
        align: 'end' as const,
        cell: (run: SyncRunSummary) => format.number(totals(run)[key]),
      })),
    ],
    [t, format],
  );

  const rows = runs.data;
  const fetchPage = useCallback(
    (offset: number, limit: number) => Promise.resolve(pageOfArray(rows ?? [], offset, limit)),
    [rows],
  );
  const selectedRun = rows?.find((run) => run.id === selected) ?? null;

  return (
    <ViewFrame
      view="sync"
      notices={
        progress ? (
          <div className="notice tone-info" role="status">
            {t('sync.progress', {
              account: accountNames.get(progress.accountId as never) ?? `#${progress.accountId}`,
              stream: t(`sync.streams.${progress.stream}`),
              pages: format.number(progress.pages),
              items: format.number(progress.items),
              queue: format.number(progress.queueDepth),
            })}
          </div>
        ) : null
      }
    >
      {!rows ? (
        runs.error ? (
          <ErrorState error={runs.error} onRetry={runs.reload} />
        ) : (
          <LoadingState />
        )
      ) : (
        <DataGrid
          label={t('sync.gridLabel')}
          columns={columns}
          queryKey="runs"
          fetchPage={fetchPage}
          refreshKey={0}
          rowKey={(run) => run.id}
          selectedKey={selected}
          onOpen={(run) => setSelected(run.id)}
          renderError={gridError}
          empty={<EmptyState title={t('sync.empty')} hint={t('sync.emptyHint')} />}
        />
      )}
      {selectedRun ? (
        <SyncRunPanel
          run={selectedRun}
          accountNames={accountNames}
          onClose={() => setSelected(null)}
        />
      ) : null}
    </ViewFrame>
  );
}
