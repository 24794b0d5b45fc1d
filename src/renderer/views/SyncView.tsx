/**
 * Sync: "Sync now" and Cancel, live progress per shop and stream with ETA and the rate-limit
 * queues, the last run's report with links to what needs attention, the schedule editor, and the
 * run history with each run's report.
 */
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncRunSummary } from '../../shared/api/index.js';
import type { SyncRunId } from '../../shared/ids.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError, useApiCall } from '../api/use-api-call.js';
import { EnumBadge } from '../components/Badge.js';
import { EmptyState, ErrorState, LoadingState } from '../components/states.js';
import { DataGrid, type GridColumn } from '../grid/DataGrid.js';
import { LastRunCard, runTotals } from '../operations/LastRunCard.js';
import { SandboxNotice } from '../operations/SandboxNotice.js';
import { ScheduleEditor } from '../operations/ScheduleEditor.js';
import { SyncProgress, useProgressEvents } from '../operations/SyncProgress.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { gridError, useAccountNames, ViewFrame } from './common.js';
import { pageOfArray } from './local-source.js';
import { SyncRunPanel } from './SyncRunPanel.js';

const SYNC_ENTITIES = ['sync'] as const;
const RUN_LIMIT = 200;

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
      <button
        type="button"
        className="button is-primary"
        onClick={start}
        disabled={busy || running}
        data-testid="sync-now"
      >
        {running ? t('sync.running') : t('sync.runNow')}
      </button>
      {running ? (
        <button type="button" className="button" onClick={cancel} data-testid="sync-cancel">
          {t('sync.cancel')}
        </button>
      ) : null}
    </>
  );
  return { toolbar, message };
}

function useRunColumns() {
  const { t } = useTranslation();
  const format = useFormat();
  return useMemo<GridColumn<SyncRunSummary>[]>(
    () => [
      {
        id: 'startedAt',
        header: t('sync.columns.startedAt'),
        width: 165,
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
        width: 120,
        cell: (run) => format.relative(run.finishedAt),
      },
      ...(['orders', 'listings', 'pushed', 'errors'] as const).map((key) => ({
        id: key,
        header: t(`sync.columns.${key}`),
        width: 115,
        align: 'end' as const,
        cell: (run: SyncRunSummary) => format.number(runTotals(run)[key]),
      })),
      {
        id: 'attention',
        header: t('sync.columns.attention'),
        width: 110,
        align: 'end' as const,
        cell: (run: SyncRunSummary) => format.number(run.report?.needsAttention.length ?? 0),
      },
    ],
    [t, format],
  );
}

export function SyncView() {
  const { t } = useTranslation();
  const accountNames = useAccountNames();
  const runs = useApiCall('sync.runs', { limit: RUN_LIMIT }, { entities: SYNC_ENTITIES });
  const [selected, setSelected] = useState<SyncRunId | null>(null);
  const events = useProgressEvents();
  const rows = runs.data;
  const running = (rows ?? []).some((run) => run.state === 'running');
  const controls = useSyncControls(running);
  const columns = useRunColumns();
  const lastRun = rows?.find((run) => run.state !== 'running');

  const fetchPage = useCallback(
    (offset: number, limit: number) => Promise.resolve(pageOfArray(rows ?? [], offset, limit)),
    [rows],
  );
  const selectedRun = rows?.find((run) => run.id === selected) ?? null;

  return (
    <>
      <SandboxNotice />
      <ViewFrame
        view="sync"
        toolbar={controls.toolbar}
        notices={
          <>
            {controls.message ? (
              <div className="notice tone-warn" role="alert">
                {controls.message}
              </div>
            ) : null}
            <div className="op-cards">
              <section className="op-card" aria-labelledby="sync-live-title">
                <h2 id="sync-live-title">{t('sync.live.title')}</h2>
                <SyncProgress running={running} events={events} accountNames={accountNames} />
              </section>
              <section className="op-card" aria-labelledby="sync-last-title">
                <h2 id="sync-last-title">{t('sync.last.title')}</h2>
                <LastRunCard run={lastRun} accountNames={accountNames} />
              </section>
              <section className="op-card" aria-labelledby="sync-schedule-title">
                <h2 id="sync-schedule-title">{t('sync.schedule.title')}</h2>
                <ScheduleEditor />
              </section>
            </div>
            <h2 className="visually-hidden">{t('sync.gridLabel')}</h2>
          </>
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
    </>
  );
}
