/**
 * What will be pushed, before anything leaves the machine: every outbox job per listing and field
 * with before → after and its batch; push all, a batch or the selected jobs; discard; and after
 * a push, each item's result with the marketplace's message. A pushed batch can be reverted.
 */
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxState } from '../../shared/domain.js';
import type { PendingChangeRow, PushOutcome } from '../../shared/api/index.js';
import { useApi, useDataVersion } from '../api/ApiProvider.js';
import { toApiError, useApiCall } from '../api/use-api-call.js';
import { EmptyState, ErrorState } from '../components/states.js';
import { SelectField } from '../components/controls.js';
import { DataGrid, type SelectHow } from '../grid/DataGrid.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { gridError } from '../views/common.js';
import { PendingBatches } from './PendingBatches.js';
import { usePendingColumns } from './pending-columns.js';
import { useWorkbench } from './WorkbenchContext.js';

const ENTITIES = ['changes', 'listings', 'sync'] as const;
const STATE_SETS = {
  open: ['held', 'pending', 'in_flight', 'conflict'],
  held: ['held'],
  results: ['done', 'failed', 'in_flight', 'pending', 'conflict'],
  all: ['held', 'pending', 'in_flight', 'conflict', 'done', 'failed', 'cancelled'],
} as const satisfies Record<string, readonly OutboxState[]>;
type StateSet = keyof typeof STATE_SETS;

export function PendingChangesView() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const { setNotice } = useWorkbench();
  const refreshKey = useDataVersion(ENTITIES);
  const summary = useApiCall('changes.summary', { limit: 30 }, { entities: ENTITIES });
  const [states, setStates] = useState<StateSet>('open');
  const [batch, setBatch] = useState<number | null>(null);
  const [picked, setPicked] = useState<ReadonlyMap<number, number>>(new Map());
  const [anchor, setAnchor] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const columns = usePendingColumns();
  const queryKey = JSON.stringify([states, batch]);

  const fetchPage = useCallback(
    (offset: number, limit: number) =>
      api.call('changes.pending', {
        states: [...STATE_SETS[states]],
        ...(batch === null ? {} : { batchIds: [batch] }),
        offset,
        limit,
      }),
    [api, states, batch],
  );

  const select = (index: number, row: PendingChangeRow | undefined, how: SelectHow) => {
    if (how === 'extend' && anchor !== null) {
      const offset = Math.min(anchor, index);
      const limit = Math.min(500, Math.abs(index - anchor) + 1);
      void fetchPage(offset, limit).then((page) =>
        setPicked(new Map(page.rows.map((entry, position) => [entry.jobId, offset + position]))),
      );
      return;
    }
    if (!row) return;
    setAnchor(index);
    setPicked((current) => {
      if (how === 'only') return new Map([[row.jobId, index]]);
      const next = new Map(current);
      if (next.has(row.jobId)) next.delete(row.jobId);
      else next.set(row.jobId, index);
      return next;
    });
  };

  const act = <V,>(
    run: () => Promise<V>,
    done: (value: V) => { tone: 'good' | 'warn'; text: string },
  ) => {
    setBusy(true);
    run().then(
      (value) => {
        setBusy(false);
        setPicked(new Map());
        setNotice(done(value));
      },
      (error: unknown) => {
        setBusy(false);
        setNotice({ tone: 'bad', text: toApiError(error).message });
      },
    );
  };

  const pushed = (outcome: PushOutcome) => {
    if (outcome.queued === 0 || outcome.run === null) {
      return { tone: 'warn' as const, text: t('pending.push.nothing') };
    }
    if (!outcome.run.started) {
      return { tone: 'warn' as const, text: t('pending.push.busy', { count: outcome.queued }) };
    }
    return { tone: 'good' as const, text: t('pending.push.started', { count: outcome.queued }) };
  };
  const push = (scope: { all: true } | { batchIds: number[] } | { jobIds: number[] }) => {
    // After a push, show each item's result for what was pushed.
    if ('batchIds' in scope) setBatch(scope.batchIds[0] ?? null);
    setStates('results');
    act(() => api.call('changes.push', scope), pushed);
  };
  const discard = (scope: { all: true } | { batchIds: number[] } | { jobIds: number[] }) =>
    act(
      () => api.call('changes.discard', scope),
      (outcome) => ({
        tone: 'good' as const,
        text: t('pending.discard.done', { count: outcome.discarded }),
      }),
    );
  const revert = (batchId: number) =>
    act(
      () => api.call('changes.revert', { batchId }),
      (outcome) => ({
        tone: outcome.skipped.length ? ('warn' as const) : ('good' as const),
        text: t('pending.revert.done', {
          count: outcome.reverted,
          skipped: outcome.skipped.length,
        }),
      }),
    );

  const counts = summary.data?.jobs;
  const waiting = counts ? counts.held : 0;
  const stateOptions = useMemo(
    () =>
      (Object.keys(STATE_SETS) as StateSet[]).map((value) => ({
        value,
        label: t(`pending.filter.${value}`),
      })),
    [t],
  );
  const pickedIds = [...picked.keys()];

  return (
    <>
      <div className="toolbar" role="toolbar" aria-label={t('pending.toolbar')}>
        <span className="pending-counts" data-testid="pending-counts">
          {counts
            ? t('pending.counts', {
                held: format.number(counts.held),
                pending: format.number(counts.pending + counts.in_flight),
                failed: format.number(counts.failed),
              })
            : t('common.loading')}
        </span>
        <button
          type="button"
          className="button is-primary"
          disabled={busy || !counts || counts.held + counts.pending === 0}
          onClick={() => push({ all: true })}
          data-testid="push-all"
        >
          {waiting > 0
            ? t('pending.push.all', { count: waiting, formatted: format.number(waiting) })
            : t('pending.push.allQueued')}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy || waiting === 0}
          onClick={() => discard({ all: true })}
          data-testid="discard-all"
        >
          {t('pending.discard.all')}
        </button>
        <SelectField
          label={t('pending.filter.label')}
          value={states}
          options={stateOptions}
          onChange={setStates}
          testId="pending-states"
        />
        {batch !== null ? (
          <button type="button" className="button is-quiet" onClick={() => setBatch(null)}>
            {t('pending.batches.showAll')}
          </button>
        ) : null}
        {pickedIds.length > 0 ? (
          <>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => push({ jobIds: pickedIds })}
            >
              {t('pending.push.selected', { count: pickedIds.length })}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => discard({ jobIds: pickedIds })}
            >
              {t('pending.discard.selected', { count: pickedIds.length })}
            </button>
          </>
        ) : null}
      </div>
      {summary.error ? <ErrorState error={summary.error} onRetry={summary.reload} /> : null}
      <section className="pending-batches" aria-label={t('pending.batches.title')}>
        <PendingBatches
          batches={summary.data?.batches ?? []}
          shown={batch}
          busy={busy}
          onShow={setBatch}
          onPush={(batchId) => push({ batchIds: [batchId] })}
          onDiscard={(batchId) => discard({ batchIds: [batchId] })}
          onRevert={revert}
        />
      </section>
      <div className="view-split">
        <DataGrid
          label={t('pending.gridLabel')}
          columns={columns}
          queryKey={queryKey}
          fetchPage={fetchPage}
          refreshKey={refreshKey}
          rowKey={(row) => row.jobId}
          renderError={gridError}
          selection={{
            isSelected: (_index, row) => row !== undefined && picked.has(row.jobId),
            select,
            selectAll: () => undefined,
            clear: () => setPicked(new Map()),
          }}
          empty={<EmptyState title={t('pending.empty')} hint={t('pending.emptyHint')} />}
        />
      </div>
    </>
  );
}
