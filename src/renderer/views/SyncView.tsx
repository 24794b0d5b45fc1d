/** Sync history: each run, what it pulled and pushed, and what needs the seller's attention. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventPayload, SyncRunSummary } from '../../shared/api/index.js';
import type { SyncRunId } from '../../shared/ids.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError, useApiCall } from '../api/use-api-call.js';
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

/**
 * "Sync now" starts the morning run in the engine (which answers as soon as the run holds the
 * lease) and "Cancel" stops it; the run's rows and progress come back as engine events.
 */
function useSyncControls(running: boolean) {
  const api = useApi();
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const start = useCallback(() => {
    setBusy(true);
    setMessage(null);
    api.call('sync.run', {}).then(
      (result) => {
        setBusy(false);
        if (!result.started) {
          setMessage(
            t('sync.busy', { holder: result.heldBy.holder, until: result.heldBy.expiresAt }),
          );
        }
      },
      (raw: unknown) => {
        setBusy(false);
        setMessage(toApiError(raw).message);
      },
    );
  }, [api, t]);
  const cancel = useCallback(() => {
    api.call('sync.cancel', {}).then(
      () => undefined,
      (raw: unknown) => setMessage(toApiError(raw).message),
    );
  }, [api]);
  const toolbar = (
    <>
      <button type="button" className="primary" onClick={start} disabled={busy || running}>
        {running ? t('sync.running') : t('sync.runNow')}
      </button>
      {running ? (
        <button type="button" onClick={cancel}>
          {t('sync.cancel')}
        </button>
      ) : null}
    </>
  );
  return { toolbar, message };
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
  const running = (runs.data ?? []).some((run) => run.state === 'running');
  // Progress is shown only while a run is recorded as running; the last event is kept till then.
  const shown = running ? progress : null;
  const controls = useSyncControls(running);

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
      toolbar={controls.toolbar}
      notices={
        controls.message ? (
          <div className="notice tone-warning" role="alert">
            {controls.message}
          </div>
        ) : shown ? (
          <div className="notice tone-info" role="status">
            {t('sync.progress', {
              account: accountNames.get(shown.accountId as never) ?? `#${shown.accountId}`,
              stream: t(`sync.streams.${shown.stream}`),
              pages: format.number(shown.pages),
              items: format.number(shown.items),
              queue: format.number(shown.queueDepth),
            })}
            {shown.etaSeconds !== null && shown.etaSeconds > 0
              ? ` · ${t('sync.eta', { seconds: format.number(shown.etaSeconds) })}`
              : ''}
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
