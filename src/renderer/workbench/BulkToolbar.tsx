/**
 * The bar above the listings grid for bulk work: how many rows are selected, "select all N
 * matching", the actions (each opens its dialog; Fill down copies the active column's value of
 * the topmost selected row), and Undo/Redo with what they would undo.
 */
import { useTranslation } from 'react-i18next';
import { useFormat } from '../settings/SettingsProvider.js';
import { BULK_KINDS, type BulkKind } from './bulk-form.js';
import { nextRedo, nextUndo } from './undo-history.js';
import { useWorkbench } from './WorkbenchContext.js';

export function BulkToolbar(props: {
  count: number;
  total: number | null;
  allMatching: boolean;
  onSelectAll: () => void;
  onClear: () => void;
  onAction: (kind: BulkKind) => void;
  onFillDown: (() => void) | null;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { history, undo, redo, busy } = useWorkbench();
  const undoEntry = nextUndo(history);
  const redoEntry = nextRedo(history);
  const some = props.count > 0;
  return (
    <div className="bulk-bar" role="toolbar" aria-label={t('workbench.bulk.toolbar')}>
      <span className="bulk-count" data-testid="selection-count" aria-live="polite">
        {some
          ? t('workbench.selection.count', {
              count: props.count,
              formatted: format.number(props.count),
            })
          : t('workbench.selection.none')}
      </span>
      {props.total !== null && props.total > 0 && !(props.allMatching && some) ? (
        <button
          type="button"
          className="button is-quiet"
          onClick={props.onSelectAll}
          data-testid="select-all-matching"
        >
          {t('workbench.selection.all', {
            count: props.total,
            formatted: format.number(props.total),
          })}
        </button>
      ) : null}
      {some ? (
        <button type="button" className="button is-quiet" onClick={props.onClear}>
          {t('workbench.selection.clear')}
        </button>
      ) : null}
      <span className="bulk-actions">
        {BULK_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            className="button"
            disabled={!some}
            data-testid={`bulk-${kind}`}
            onClick={() => props.onAction(kind)}
          >
            {t(`workbench.bulk.actions.${kind}`)}
          </button>
        ))}
        <button
          type="button"
          className="button"
          disabled={!some || !props.onFillDown}
          onClick={() => props.onFillDown?.()}
          title={t('workbench.bulk.fillDownHint')}
        >
          {t('workbench.bulk.actions.fillDown')}
        </button>
      </span>
      <span className="bulk-history">
        <button
          type="button"
          className="button"
          disabled={!undoEntry || busy}
          onClick={undo}
          data-testid="undo"
          title={undoEntry ? t('workbench.undo.undoWhat', { label: undoEntry.label }) : undefined}
        >
          {t('workbench.undo.undo')}
        </button>
        <button
          type="button"
          className="button"
          disabled={!redoEntry || busy}
          onClick={redo}
          data-testid="redo"
          title={redoEntry ? t('workbench.undo.redoWhat', { label: redoEntry.label }) : undefined}
        >
          {t('workbench.undo.redo')}
        </button>
      </span>
    </div>
  );
}
