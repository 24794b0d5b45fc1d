/**
 * "Edit" on a conflict: a third value for the field, typed like the field (money in the listing's
 * currency, a whole number, a status, text, or one list item per line), checked before sending.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConflictReviewRow } from '../../shared/api/index.js';
import { minorToDecimalString, parseDecimalToMinor } from '../../shared/money.js';

type Value = string | number | string[];

function initialText(row: ConflictReviewRow): string {
  const mine = row.mine ?? row.theirs;
  if (row.field === 'priceMinor' && typeof mine === 'number' && row.currency) {
    return minorToDecimalString(mine, row.currency);
  }
  if (Array.isArray(mine)) return mine.map(String).join('\n');
  return typeof mine === 'string' || typeof mine === 'number' ? String(mine) : '';
}

/** The value to send for the typed text, or null when it does not fit the field. */
export function conflictValue(row: ConflictReviewRow, text: string): Value | null {
  switch (row.field) {
    case 'priceMinor':
      try {
        const minor = parseDecimalToMinor(text, row.currency);
        return minor > 0 ? minor : null;
      } catch {
        return null;
      }
    case 'quantity':
      return /^\d{1,7}$/.test(text.trim()) ? Number(text.trim()) : null;
    case 'status':
      return text === 'active' || text === 'inactive' ? text : null;
    case 'bulletPoints':
    case 'keywords':
      return text
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
    default:
      return text.trim() ? text.trim() : null;
  }
}

export function ConflictEditor(props: {
  row: ConflictReviewRow;
  busy: boolean;
  onSave: (value: Value) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(() => initialText(props.row));
  const value = conflictValue(props.row, text);
  const multiline = ['description', 'bulletPoints', 'keywords'].includes(props.row.field);
  return (
    <form
      className="conflict-editor"
      onSubmit={(event) => {
        event.preventDefault();
        if (value !== null) props.onSave(value);
      }}
    >
      <label className="visually-hidden" htmlFor={id}>
        {t('conflicts.editLabel')}
      </label>
      {props.row.field === 'status' ? (
        <select
          id={id}
          className="select"
          value={text}
          onChange={(event) => setText(event.target.value)}
        >
          <option value="active">{t('enums.listingStatus.active')}</option>
          <option value="inactive">{t('enums.listingStatus.inactive')}</option>
        </select>
      ) : multiline ? (
        <textarea
          id={id}
          className="input conflict-textarea"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      ) : (
        <input
          id={id}
          className="input"
          value={text}
          autoFocus
          data-testid="conflict-edit-value"
          aria-invalid={value === null ? true : undefined}
          onChange={(event) => setText(event.target.value)}
        />
      )}
      <button type="submit" className="button is-primary" disabled={props.busy || value === null}>
        {t('common.save')}
      </button>
      <button type="button" className="button is-quiet" onClick={props.onCancel}>
        {t('workbench.cancel')}
      </button>
      {value === null ? <span className="field-error">{t('conflicts.invalidValue')}</span> : null}
    </form>
  );
}
