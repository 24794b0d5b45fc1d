/**
 * Import an edited sheet: pick the file, the engine previews it (nothing is written) — rows
 * changed with each field's before → after, rows unchanged, and every refused cell with its row,
 * column and what was expected — and only "Apply" writes it, whole. Listings land as one change
 * batch held in Pending changes (pushed and reverted as a whole there).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SHEET_CHUNK_BYTES } from '../../shared/api/contract-sheets.js';
import {
  SHEET_HEADERS,
  type SheetApplyOutcome,
  type SheetKind,
  type SheetPreview,
} from '../../shared/api/types-sheets.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError } from '../api/use-api-call.js';
import { Dialog } from '../operations/Dialog.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { bytesToBase64 } from './bytes.js';
import { useSheetLocale } from './locale.js';

export function ImportDialog(props: { kind: SheetKind; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const locale = useSheetLocale();
  const fileId = useId();
  const [preview, setPreview] = useState<SheetPreview | null>(null);
  const [applied, setApplied] = useState<SheetApplyOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A preview left unapplied is forgotten by the engine when the dialog goes.
  const pending = useRef<string | null>(null);
  useEffect(
    () => () => {
      if (pending.current) void api.call('sheets.discardImport', { previewId: pending.current });
    },
    [api],
  );

  const read = (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setPreview(null);
    setApplied(null);
    file
      .arrayBuffer()
      .then(async (buffer) => {
        // In chunks: one frame of the engine's WebSocket carries at most 1 MiB.
        const bytes = new Uint8Array(buffer);
        const uploadId = crypto.randomUUID();
        const total = Math.max(1, Math.ceil(bytes.length / SHEET_CHUNK_BYTES));
        for (let index = 0; index < total; index++) {
          const chunk = bytes.subarray(index * SHEET_CHUNK_BYTES, (index + 1) * SHEET_CHUNK_BYTES);
          await api.call('sheets.uploadChunk', {
            uploadId,
            index,
            total,
            base64: bytesToBase64(chunk),
          });
        }
        return api.call('sheets.previewImport', {
          kind: props.kind,
          uploadId,
          fileName: file.name,
        });
      })
      .then(
        (result) => {
          setBusy(false);
          setPreview(result);
          pending.current = result.previewId;
        },
        (raw: unknown) => {
          setBusy(false);
          setError(toApiError(raw).message);
        },
      );
  };

  const apply = () => {
    if (!preview) return;
    setBusy(true);
    api.call('sheets.applyImport', { previewId: preview.previewId }).then(
      (outcome) => {
        setBusy(false);
        pending.current = null;
        setApplied(outcome);
        setPreview(null);
      },
      (raw: unknown) => {
        setBusy(false);
        setError(toApiError(raw).message);
      },
    );
  };

  const header = (field: keyof typeof SHEET_HEADERS) => SHEET_HEADERS[field][locale];
  const canApply = !!preview && preview.errorCount === 0 && preview.changedCount > 0;

  return (
    <Dialog
      title={t('sheets.import.title', { kind: t(`sheets.kinds.${props.kind}`) })}
      onClose={props.onClose}
      testId="sheet-import-dialog"
      wide
      footer={
        <>
          <button type="button" className="button" onClick={props.onClose}>
            {t('common.close')}
          </button>
          <button
            type="button"
            className="button is-primary"
            disabled={busy || !canApply}
            onClick={apply}
            data-testid="sheet-import-apply"
          >
            {t('sheets.import.apply', { rows: preview?.changedCount ?? 0 })}
          </button>
        </>
      }
    >
      <p className="muted">{t('sheets.import.explain')}</p>
      <div className="field field-inline">
        <label className="field-label" htmlFor={fileId}>
          {t('sheets.import.file')}
        </label>
        <input
          id={fileId}
          type="file"
          accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          data-testid="sheet-import-file"
          onChange={(event) => read(event.target.files?.[0])}
        />
      </div>
      {busy ? <div role="status">{t('sheets.import.reading')}</div> : null}
      {error ? (
        <div className="notice tone-bad" role="alert" data-testid="sheet-import-error">
          {error}
        </div>
      ) : null}
      {applied ? (
        <div className="notice tone-good" role="status" data-testid="sheet-import-applied">
          {/* The held-listings wording fits a listings batch only (inventory pushes at once). */}
          {applied.batchId === null || applied.kind !== 'listings'
            ? t('sheets.import.appliedRows', { rows: applied.changed })
            : t('sheets.import.appliedBatch', { rows: applied.changed })}
        </div>
      ) : null}
      {preview ? (
        <>
          <div role="status" data-testid="sheet-import-summary">
            {t('sheets.import.summary', {
              rows: format.number(preview.rows),
              changed: format.number(preview.changedCount),
              unchanged: format.number(preview.unchangedCount),
              errors: format.number(preview.errorCount),
            })}
          </div>
          {preview.ignoredHeaders.length > 0 ? (
            <p className="muted">
              {t('sheets.import.ignored', { columns: preview.ignoredHeaders.join(', ') })}
            </p>
          ) : null}
          {preview.errors.length > 0 ? (
            <table className="op-table" data-testid="sheet-import-errors">
              <caption>{t('sheets.import.errorsCaption')}</caption>
              <thead>
                <tr>
                  <th className="is-end">{t('sheets.import.row')}</th>
                  <th>{t('sheets.import.column')}</th>
                  <th>{t('sheets.import.problem')}</th>
                  <th>{t('sheets.import.expected')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.errors.map((problem, index) => (
                  <tr key={index} className="is-bad">
                    <td className="is-end">{problem.row}</td>
                    <td translate="no">{problem.column}</td>
                    <td>{problem.message}</td>
                    <td>{problem.expected}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {preview.changed.length > 0 ? (
            <table className="op-table" data-testid="sheet-import-changes">
              <caption>
                {t('sheets.import.changesCaption', {
                  shown: preview.changed.length,
                  total: preview.changedCount,
                })}
              </caption>
              <thead>
                <tr>
                  <th className="is-end">{t('sheets.import.row')}</th>
                  <th>{t('sheets.import.what')}</th>
                  <th>{t('sheets.import.field')}</th>
                  <th>{t('sheets.import.before')}</th>
                  <th>{t('sheets.import.after')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.changed.flatMap((row) =>
                  row.changes.map((change, index) => (
                    <tr key={`${row.row}-${change.field}`}>
                      <td className="is-end">{index === 0 ? row.row : ''}</td>
                      <td translate="no">{index === 0 ? row.label : ''}</td>
                      <td>{header(change.field)}</td>
                      <td className="sheet-value" translate="no">
                        {change.before}
                      </td>
                      <td className="sheet-value" translate="no">
                        {change.after}
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          ) : null}
        </>
      ) : null}
    </Dialog>
  );
}
