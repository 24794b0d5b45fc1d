/**
 * Export the current view's rows to Excel or CSV: choose the format and the columns (the hidden
 * key columns always go along, so the file can be imported back), then the engine writes the
 * file (into the data folder's exports) and the browser downloads it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf } from '../../shared/api/index.js';
import {
  SHEET_COLUMNS,
  SHEET_HEADERS,
  SHEET_KEY_COLUMNS,
  type SheetColumnId,
  type SheetExportResult,
  type SheetFormat,
  type SheetKind,
} from '../../shared/api/types-sheets.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError } from '../api/use-api-call.js';
import { Dialog } from '../operations/Dialog.js';
import { downloadFile } from './bytes.js';
import { useSheetLocale } from './locale.js';

type ExportInput = InputOf<'sheets.export'>;
/** The filter of the view the dialog exports, per kind. */
export type SheetFilterOf<K extends SheetKind> = Extract<ExportInput, { kind: K }>['filter'];

export function ExportDialog<K extends SheetKind>(props: {
  kind: K;
  filter: SheetFilterOf<K>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const locale = useSheetLocale();
  // Widened to the union: the i18n key's type is not resolved through a generic.
  const kind: SheetKind = props.kind;
  const kindName = t(`sheets.kinds.${kind}`);
  const offered = SHEET_COLUMNS[props.kind].filter(
    (column) => !SHEET_KEY_COLUMNS[props.kind].includes(column),
  );
  const [format, setFormat] = useState<SheetFormat>('xlsx');
  const [columns, setColumns] = useState<SheetColumnId[]>(offered);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<SheetExportResult | null>(null);

  const toggle = (column: SheetColumnId, on: boolean) =>
    setColumns((current) =>
      on
        ? offered.filter((id) => id === column || current.includes(id))
        : current.filter((id) => id !== column),
    );

  const run = () => {
    setBusy(true);
    setError(null);
    const input = {
      kind: props.kind,
      format,
      filter: props.filter,
      columns,
      locale,
      returnFile: true,
    } as ExportInput;
    api.call('sheets.export', input).then(
      (result) => {
        setBusy(false);
        setDone(result);
        if (result.base64) downloadFile(result.fileName, result.format, result.base64);
      },
      (raw: unknown) => {
        setBusy(false);
        setError(toApiError(raw).message);
      },
    );
  };

  return (
    <Dialog
      title={t('sheets.export.title', { kind: kindName })}
      onClose={props.onClose}
      testId="sheet-export-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={props.onClose}>
            {t('common.close')}
          </button>
          <button
            type="button"
            className="button is-primary"
            disabled={busy || columns.length === 0}
            onClick={run}
            data-testid="sheet-export-run"
          >
            {busy ? t('sheets.export.running') : t('sheets.export.run')}
          </button>
        </>
      }
    >
      <p className="muted">{t('sheets.export.explain')}</p>
      <fieldset className="field">
        <legend className="field-label">{t('sheets.export.format')}</legend>
        {(['xlsx', 'csv'] as const).map((value) => (
          <label key={value} className="field-inline">
            <input
              type="radio"
              name="sheet-format"
              value={value}
              checked={format === value}
              onChange={() => setFormat(value)}
              data-testid={`sheet-format-${value}`}
            />{' '}
            {t(`sheets.formats.${value}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="field">
        <legend className="field-label">{t('sheets.export.columns')}</legend>
        <div className="sheet-columns">
          {offered.map((column) => (
            <label key={column} className="field-inline">
              <input
                type="checkbox"
                checked={columns.includes(column)}
                onChange={(event) => toggle(column, event.target.checked)}
              />{' '}
              {SHEET_HEADERS[column][locale]}
            </label>
          ))}
        </div>
      </fieldset>
      {error ? (
        <div className="notice tone-bad" role="alert">
          {error}
        </div>
      ) : null}
      {done ? (
        <div className="notice tone-good" role="status" data-testid="sheet-exported">
          {t('sheets.export.done', { rows: done.rows, path: done.path })}
        </div>
      ) : null}
    </Dialog>
  );
}
