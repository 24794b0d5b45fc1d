/** Which columns the listings grid shows: a checkbox per column in a disclosure. */
import { useTranslation } from 'react-i18next';
import { COLUMN_IDS, type ColumnId, type ListingColumn } from './listing-columns.js';

export function ColumnChooser(props: {
  columns: Record<ColumnId, ListingColumn>;
  visible: readonly ColumnId[];
  onChange: (visible: ColumnId[]) => void;
}) {
  const { t } = useTranslation();
  const shown = new Set(props.visible);
  const toggle = (id: ColumnId, on: boolean) => {
    const next = COLUMN_IDS.filter((column) => (column === id ? on : shown.has(column)));
    // The grid keeps at least one column: the last one cannot be hidden.
    if (next.length > 0) props.onChange(next);
  };
  return (
    <details className="popover" data-testid="column-chooser">
      <summary className="button">{t('workbench.columns.choose')}</summary>
      <div className="popover-body" role="group" aria-label={t('workbench.columns.choose')}>
        {COLUMN_IDS.map((id) => (
          <label key={id} className="popover-option">
            <input
              type="checkbox"
              checked={shown.has(id)}
              disabled={shown.has(id) && shown.size === 1}
              onChange={(event) => toggle(id, event.target.checked)}
            />
            {props.columns[id].header}
          </label>
        ))}
      </div>
    </details>
  );
}
