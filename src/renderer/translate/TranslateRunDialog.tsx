/**
 * "Translate selected": the estimate first (texts, memory reuse, characters to be billed and the
 * cost at the provider's price), then the run in chunks so progress shows, then what was spent.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TranslateEstimate, TranslateFailure } from '../../shared/api/index.js';
import { addMoney, type Money } from '../../shared/money.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError } from '../api/use-api-call.js';
import { Facts } from '../components/DetailPanel.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { Dialog } from '../workbench/Dialog.js';

/** Listings per call: small enough for steady progress, large enough to batch well. */
const CHUNK = 25;

type Phase =
  | { kind: 'estimating' }
  | { kind: 'estimated'; estimate: TranslateEstimate }
  | { kind: 'running'; done: number }
  | {
      kind: 'finished';
      translated: number;
      billed: number;
      cost: Money | null;
      failures: TranslateFailure[];
    }
  | { kind: 'error'; message: string };

export function TranslateRunDialog(props: {
  providerId: string;
  listingIds: number[];
  locales: string[] | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  // The selection as it was when the dialog opened: a refresh of the view behind must neither
  // change what is translated nor start the estimate again.
  const [{ providerId, listingIds, locales }] = useState(() => ({
    providerId: props.providerId,
    listingIds: props.listingIds,
    locales: props.locales,
  }));
  const [phase, setPhase] = useState<Phase>({ kind: 'estimating' });

  useEffect(() => {
    let live = true;
    api
      .call('translate.estimate', { providerId, listingIds, ...(locales ? { locales } : {}) })
      .then(
        (estimate) => live && setPhase({ kind: 'estimated', estimate }),
        (error: unknown) => live && setPhase({ kind: 'error', message: toApiError(error).message }),
      );
    return () => {
      live = false;
    };
  }, [api, providerId, listingIds, locales]);

  const run = async () => {
    let translated = 0;
    let billed = 0;
    let cost: Money | null = null;
    const failures: TranslateFailure[] = [];
    setPhase({ kind: 'running', done: 0 });
    try {
      for (let start = 0; start < listingIds.length; start += CHUNK) {
        const outcome = await api.call('translate.run', {
          providerId,
          listingIds: listingIds.slice(start, start + CHUNK),
          ...(locales ? { locales } : {}),
        });
        translated += outcome.translated;
        billed += outcome.billedCharacters;
        cost = cost ? addMoney(cost, outcome.cost) : outcome.cost;
        failures.push(...outcome.failures);
        setPhase({ kind: 'running', done: Math.min(listingIds.length, start + CHUNK) });
      }
      setPhase({ kind: 'finished', translated, billed, cost, failures });
    } catch (error) {
      setPhase({ kind: 'error', message: toApiError(error).message });
    }
  };

  const footer =
    phase.kind === 'estimated' ? (
      <>
        <button type="button" className="button" onClick={props.onClose}>
          {t('translate.cancel')}
        </button>
        <button
          type="button"
          className="button is-primary"
          data-testid="translate-start"
          disabled={phase.estimate.texts === 0}
          onClick={() => void run()}
        >
          {t('translate.start')}
        </button>
      </>
    ) : (
      <button
        type="button"
        className="button"
        data-testid="translate-close"
        disabled={phase.kind === 'running'}
        onClick={props.onClose}
      >
        {phase.kind === 'finished' || phase.kind === 'error'
          ? t('translate.done')
          : t('translate.cancel')}
      </button>
    );

  return (
    <Dialog
      title={t('translate.estimateTitle', { count: listingIds.length })}
      onClose={props.onClose}
      footer={footer}
      testId="translate-dialog"
    >
      {phase.kind === 'estimating' ? <p className="muted">{t('translate.estimating')}</p> : null}
      {phase.kind === 'estimated' ? (
        <div data-testid="translate-estimate">
          <Facts
            items={[
              [t('translate.estimateTexts'), format.number(phase.estimate.texts)],
              [t('translate.estimateUpToDate'), format.number(phase.estimate.upToDate)],
              [t('translate.estimateMemory'), format.number(phase.estimate.memoryHits)],
              [
                t('translate.estimateCharacters'),
                <span key="c" data-testid="estimate-characters">
                  {format.number(phase.estimate.characters)}
                </span>,
              ],
              [t('translate.estimateCost'), format.money(phase.estimate.cost)],
            ]}
          />
          {phase.estimate.texts === 0 ? (
            <p className="muted">{t('translate.nothingToDo')}</p>
          ) : null}
        </div>
      ) : null}
      {phase.kind === 'running' ? (
        <div>
          <progress
            max={listingIds.length}
            value={phase.done}
            aria-label={t('translate.progress', { done: phase.done, total: listingIds.length })}
          />
          <p className="muted">
            {t('translate.progress', { done: phase.done, total: listingIds.length })}
          </p>
        </div>
      ) : null}
      {phase.kind === 'finished' ? (
        <div data-testid="translate-outcome">
          <Facts
            items={[
              [t('translate.translated'), format.number(phase.translated)],
              [
                t('translate.spentCharacters'),
                <span key="b" data-testid="spent-characters">
                  {format.number(phase.billed)}
                </span>,
              ],
              [t('translate.spentCost'), format.money(phase.cost)],
              [t('translate.failures'), format.number(phase.failures.length)],
            ]}
          />
          {phase.failures.length > 0 ? (
            <ul className="notice tone-bad">
              {phase.failures.slice(0, 20).map((failure) => (
                <li key={`${failure.listingId}:${failure.locale}`}>
                  <span className="mono">{failure.sku}</span> · {failure.locale} · {failure.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {phase.kind === 'error' ? <p className="notice tone-bad">{phase.message}</p> : null}
    </Dialog>
  );
}
