/**
 * Marking many orders shipped at once: paste `order id, carrier, tracking` rows (or import a CSV
 * file), check them — the engine answers each row, nothing is written — then ship the valid ones.
 * The rows with problems stay on screen with what is wrong, to be fixed and checked again.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShipOutcome, ShipRowResult } from '../../shared/api/index.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError } from '../api/use-api-call.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { Dialog } from './Dialog.js';
import { useShipRowError } from './ship-text.js';
import { MAX_SHIPMENT_ROWS, parseShipmentRows } from './shipment-rows.js';

export function BulkShipDialog(props: { onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const rowError = useShipRowError();
  const textId = useId();
  const fileId = useId();
  const [text, setText] = useState('');
  const [checked, setChecked] = useState<{ text: string; outcome: ShipOutcome } | null>(null);
  const [shipped, setShipped] = useState<ShipOutcome | null>(null);
  const [truncated, setTruncated] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = (dryRun: boolean) => {
    const parsed = parseShipmentRows(text);
    setTruncated(parsed.truncated);
    setError(null);
    if (parsed.rows.length === 0) {
      setError(t('orders.bulk.noRows'));
      return;
    }
    setBusy(true);
    api.call('orders.ship', { rows: parsed.rows, dryRun }).then(
      (outcome) => {
        setBusy(false);
        if (dryRun) setChecked({ text, outcome });
        else {
          setShipped(outcome);
          setChecked(null);
          // What could not be shipped stays in the box, to be fixed and sent again.
          const failed = new Set(outcome.results.filter((row) => !row.ok).map((row) => row.line));
          setText(
            text
              .split(/\r\n|\r|\n/)
              .filter((_, index) => failed.has(index + 1))
              .join('\n'),
          );
        }
      },
      (raw: unknown) => {
        setBusy(false);
        setError(toApiError(raw).message);
      },
    );
  };

  const readFile = (file: File | undefined) => {
    if (!file) return;
    file.text().then(
      (content) => {
        setText(content);
        setChecked(null);
      },
      () => setError(t('orders.bulk.fileUnreadable', { name: file.name })),
    );
  };

  const current = checked && checked.text === text ? checked.outcome : null;
  const ready = current ? current.results.filter((row) => row.ok).length : 0;
  const shown = current ?? shipped;

  return (
    <Dialog
      title={t('orders.bulk.title')}
      onClose={props.onClose}
      testId="bulk-ship-dialog"
      wide
      footer={
        <>
          <button type="button" className="button" onClick={props.onClose}>
            {t('orders.bulk.close')}
          </button>
          <button
            type="button"
            className="button"
            disabled={busy || text.trim() === ''}
            onClick={() => run(true)}
            data-testid="bulk-check"
          >
            {t('orders.bulk.check')}
          </button>
          <button
            type="button"
            className="button is-primary"
            disabled={busy || !current || ready === 0}
            onClick={() => run(false)}
            data-testid="bulk-ship"
          >
            {t('orders.bulk.ship', { count: ready })}
          </button>
        </>
      }
    >
      <p className="muted">{t('orders.bulk.explain', { max: format.number(MAX_SHIPMENT_ROWS) })}</p>
      <div className="field">
        <label className="field-label" htmlFor={textId}>
          {t('orders.bulk.paste')}
        </label>
        <textarea
          id={textId}
          className="op-textarea"
          value={text}
          placeholder={t('orders.bulk.placeholder')}
          spellCheck={false}
          data-testid="bulk-text"
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      <div className="field field-inline">
        <label className="field-label" htmlFor={fileId}>
          {t('orders.bulk.file')}
        </label>
        <input
          id={fileId}
          type="file"
          accept=".csv,.tsv,.txt,text/csv,text/plain"
          onChange={(event) => readFile(event.target.files?.[0])}
        />
      </div>
      {error ? (
        <div className="notice tone-bad" role="alert">
          {error}
        </div>
      ) : null}
      {truncated ? (
        <div className="notice tone-warn" role="status">
          {t('orders.bulk.truncated', { max: format.number(MAX_SHIPMENT_ROWS) })}
        </div>
      ) : null}
      {shipped && !current ? (
        <div className="notice tone-good" role="status" data-testid="bulk-shipped">
          {t('orders.bulk.shipped', { count: shipped.queued })}
        </div>
      ) : null}
      {shown ? <ResultTable results={shown.results} rowError={rowError} /> : null}
    </Dialog>
  );
}

function ResultTable(props: {
  results: readonly ShipRowResult[];
  rowError: (result: ShipRowResult) => string | null;
}) {
  const { t } = useTranslation();
  const ok = props.results.filter((row) => row.ok).length;
  return (
    <>
      <div role="status" className="muted">
        {t('orders.bulk.summary', { ok, bad: props.results.length - ok })}
      </div>
      <table className="op-table" data-testid="bulk-results">
        <thead>
          <tr>
            <th className="is-end">{t('orders.bulk.line')}</th>
            <th>{t('orders.columns.orderId')}</th>
            <th>{t('orders.ship.carrier')}</th>
            <th>{t('orders.ship.tracking')}</th>
            <th>{t('orders.bulk.result')}</th>
          </tr>
        </thead>
        <tbody>
          {props.results.map((result) => (
            <tr key={result.index} className={result.ok ? undefined : 'is-bad'}>
              <td className="is-end">{result.line ?? result.index + 1}</td>
              <td className="mono" translate="no">
                {result.orderNumber ?? ''}
              </td>
              <td translate="no">{result.carrier}</td>
              <td className="mono" translate="no">
                {result.trackingNumber}
              </td>
              <td>{result.ok ? t('orders.bulk.rowOk') : props.rowError(result)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
