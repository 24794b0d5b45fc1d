/**
 * One bulk action on the selected listings: the form, the engine's preview of exactly what it
 * would do (counts, before → after for the first rows, every refusal), then Apply. Apply sends
 * the count the seller saw: if the selection changed meanwhile, the engine refuses and the
 * preview is shown afresh. Nothing is pushed: the batch waits in the pending changes.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListingSelection } from '../../shared/api/contract-workbench.js';
import type { BulkPreview } from '../../shared/api/index.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError } from '../api/use-api-call.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { BulkFormFields } from './BulkFormFields.js';
import { buildOperation, INITIAL_FORM, type BulkForm, type BulkKind } from './bulk-form.js';
import { Dialog } from './Dialog.js';
import { useFieldValue } from './field-values.js';
import { RefusalList } from './RefusalList.js';
import { PreviewMarginText, usePreviewMargins } from '../prices/PreviewMargin.js';

export interface Applied {
  batchId: number | null;
  label: string;
  changed: number;
}

const PREVIEW_DELAY_MS = 250;
const SAMPLES = 20;

export function BulkEditDialog(props: {
  kind: BulkKind;
  selection: ListingSelection;
  count: number;
  onClose: () => void;
  onApplied: (applied: Applied) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const valueText = useFieldValue();
  const [form, setForm] = useState<BulkForm>(INITIAL_FORM);
  const [preview, setPreview] = useState<{ key: string; value: BulkPreview } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [applying, setApplying] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const built = buildOperation(props.kind, form);
  const operation = 'operation' in built ? built.operation : null;
  const key = JSON.stringify([operation, attempt]);
  const shown = preview?.key === key ? preview.value : null;
  const margins = usePreviewMargins(shown?.samples ?? []);
  const { selection } = props;

  useEffect(() => {
    if (!operation) return undefined;
    let live = true;
    const timer = setTimeout(() => {
      api.call('listings.bulkPreview', { selection, operation, samples: SAMPLES }).then(
        (value) => {
          if (!live) return;
          setPreview({ key, value });
          setError(null);
        },
        (failure: unknown) => {
          if (live) setError(toApiError(failure).message);
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `key` stands for the operation (and retries): the object itself changes every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, selection, key]);

  const label = (): string => {
    const count = shown?.changed ?? props.count;
    if (props.kind === 'price') {
      const value = form.value.trim();
      const signed = /^[-+]/.test(value) ? value : `+${value}`;
      return t(`workbench.labels.price.${form.priceMode}`, { value: signed, count });
    }
    if (props.kind === 'title') return t('workbench.labels.title', { find: form.find, count });
    if (props.kind === 'status') {
      return t('workbench.labels.status', {
        status: t(`enums.listingStatus.${form.status}`),
        count,
      });
    }
    return t(`workbench.labels.${props.kind}`, { value: form.value.trim(), count });
  };

  const apply = () => {
    if (!operation || !shown) return;
    setApplying(true);
    setError(null);
    const text = label();
    api
      .call('listings.bulkEdit', {
        selection,
        operation,
        label: text,
        expectedCount: shown.selected,
      })
      .then(
        (outcome) => {
          setApplying(false);
          if (outcome.applied) {
            props.onApplied({ batchId: outcome.batchId, label: text, changed: outcome.changed });
          } else {
            setPreview({
              key,
              value: { ...shown, refusals: outcome.refusals, refusalCount: outcome.refusalCount },
            });
          }
        },
        (failure: unknown) => {
          setApplying(false);
          const apiError = toApiError(failure);
          setError(apiError.message);
          // The selection changed under the seller: show what it holds now.
          if (apiError.code === 'conflict') setAttempt((value) => value + 1);
        },
      );
  };

  const canApply =
    !!operation && !!shown && !applying && shown.refusalCount === 0 && shown.changed > 0;
  return (
    <Dialog
      title={t(`workbench.bulk.titles.${props.kind}`, { count: props.count })}
      onClose={props.onClose}
      testId="bulk-dialog"
      wide
      footer={
        <>
          <button type="button" className="button" onClick={props.onClose}>
            {t('workbench.cancel')}
          </button>
          <button
            type="button"
            className="button is-primary"
            disabled={!canApply}
            onClick={apply}
            data-testid="bulk-apply"
          >
            {applying
              ? t('workbench.bulk.applying')
              : t('workbench.bulk.apply', { count: shown?.changed ?? 0 })}
          </button>
        </>
      }
    >
      <BulkFormFields
        kind={props.kind}
        form={form}
        problem={'problem' in built ? built.problem : null}
        onChange={(patch) => setForm((current) => ({ ...current, ...patch }))}
      />
      <section className="bulk-preview" aria-live="polite" data-testid="bulk-preview">
        <h3>{t('workbench.preview.title')}</h3>
        {error ? (
          <div className="notice tone-bad" role="alert">
            {error}
          </div>
        ) : null}
        {!operation ? (
          <div className="muted">{t('workbench.preview.fillIn')}</div>
        ) : !shown ? (
          <div className="muted">{t('common.loading')}</div>
        ) : (
          <>
            <div data-testid="bulk-preview-counts">
              {t('workbench.preview.counts', {
                selected: format.number(shown.selected),
                changed: format.number(shown.changed),
                unchanged: format.number(shown.unchanged),
              })}
              {shown.skipped > 0
                ? ` ${t('workbench.preview.skipped', { count: shown.skipped })}`
                : ''}
            </div>
            {shown.refusalCount > 0 ? (
              <RefusalList refusals={shown.refusals} total={shown.refusalCount} />
            ) : null}
            {shown.samples.length > 0 ? (
              <table className="small-table preview-table">
                <thead>
                  <tr>
                    <th>{t('listings.columns.sku')}</th>
                    <th>{t('listings.columns.title')}</th>
                    <th>{t('workbench.preview.before')}</th>
                    <th>{t('workbench.preview.after')}</th>
                    <th>{t('prices.margin.column')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.samples.map((sample) =>
                    sample.changes.map((change) => (
                      <tr key={`${sample.listingId}-${change.field}`}>
                        <td className="mono">{sample.sku}</td>
                        <td className="preview-title">{sample.title}</td>
                        <td>{valueText(change.field, change.before, sample.currency)}</td>
                        <td className="preview-after">
                          {valueText(change.field, change.after, sample.currency)}
                        </td>
                        <td>
                          {change.field === 'priceMinor' ? (
                            <PreviewMarginText margin={margins.get(sample.listingId)} />
                          ) : null}
                        </td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            ) : null}
            {shown.changed > shown.samples.length ? (
              <div className="muted">
                {t('workbench.preview.more', {
                  count: shown.changed - shown.samples.length,
                })}
              </div>
            ) : null}
          </>
        )}
      </section>
    </Dialog>
  );
}
