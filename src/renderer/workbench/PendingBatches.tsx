/** The latest change batches with their jobs' states, and what can be done with each. */
import { useTranslation } from 'react-i18next';
import type { BatchSummary } from '../../shared/api/index.js';
import { Badge, type Tone } from '../components/Badge.js';
import { useFormat } from '../settings/SettingsProvider.js';

const STATE_TONES = {
  held: 'info',
  pending: 'info',
  in_flight: 'info',
  conflict: 'bad',
  done: 'good',
  failed: 'bad',
} as const satisfies Partial<Record<keyof BatchSummary['jobs'], Tone>>;
const SHOWN_STATES = Object.keys(STATE_TONES) as (keyof typeof STATE_TONES)[];

export function PendingBatches(props: {
  batches: readonly BatchSummary[];
  shown: number | null;
  busy: boolean;
  onShow: (batchId: number | null) => void;
  onPush: (batchId: number) => void;
  onDiscard: (batchId: number) => void;
  onRevert: (batchId: number) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  if (props.batches.length === 0) {
    return <div className="muted">{t('pending.batches.none')}</div>;
  }
  return (
    <table className="small-table batch-table" data-testid="pending-batches">
      <thead>
        <tr>
          <th>{t('pending.batches.label')}</th>
          <th>{t('pending.batches.created')}</th>
          <th className="is-end">{t('pending.batches.changes')}</th>
          <th>{t('pending.batches.states')}</th>
          <th>
            <span className="visually-hidden">{t('pending.batches.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.batches.map((batch) => {
          const held = batch.jobs.held;
          const pushed = batch.jobs.done + batch.jobs.failed;
          // An import that changed only what is never pushed (customs data) has no job at all.
          const jobless = Object.values(batch.jobs).every((count) => count === 0);
          return (
            <tr
              key={batch.id}
              className={props.shown === batch.id ? 'is-shown' : undefined}
              data-testid="pending-batch"
            >
              <td>{batch.label}</td>
              <td title={format.dateTime(batch.createdAt)}>{format.relative(batch.createdAt)}</td>
              <td className="is-end">{format.number(batch.changeCount)}</td>
              <td className="batch-states">
                {SHOWN_STATES.filter((state) => batch.jobs[state] > 0).map((state) => (
                  <Badge key={state} tone={STATE_TONES[state]}>
                    {t(`pending.states.${state}`, { count: batch.jobs[state] })}
                  </Badge>
                ))}
                {batch.revertedAt ? (
                  <Badge tone="neutral">{t('pending.batches.reverted')}</Badge>
                ) : null}
              </td>
              <td className="batch-actions">
                <button
                  type="button"
                  className="button is-quiet"
                  aria-pressed={props.shown === batch.id}
                  onClick={() => props.onShow(props.shown === batch.id ? null : batch.id)}
                >
                  {t('pending.batches.show')}
                </button>
                {held > 0 ? (
                  <>
                    <button
                      type="button"
                      className="button"
                      disabled={props.busy}
                      onClick={() => props.onPush(batch.id)}
                      data-testid="push-batch"
                    >
                      {t('pending.push.batch')}
                    </button>
                    <button
                      type="button"
                      className="button is-quiet"
                      disabled={props.busy}
                      onClick={() => props.onDiscard(batch.id)}
                    >
                      {t('pending.discard.batch')}
                    </button>
                  </>
                ) : null}
                {held === 0 && (pushed > 0 || jobless) && !batch.revertedAt ? (
                  <button
                    type="button"
                    className="button"
                    disabled={props.busy}
                    onClick={() => props.onRevert(batch.id)}
                    data-testid="revert-batch"
                  >
                    {t('pending.revert.batch')}
                  </button>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
