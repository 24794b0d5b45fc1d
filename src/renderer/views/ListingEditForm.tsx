/**
 * Inline edit of a listing's title, price and quantity through listings.update. The edit carries
 * the version it was made from; a stale edit comes back as a conflict and the panel reloads the
 * listing instead of overwriting someone else's change.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListingDetail } from '../../shared/api/index.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError } from '../api/use-api-call.js';
import {
  buildChanges,
  draftOf,
  issuesByField,
  type Draft,
  type DraftProblem,
  type EditableField,
} from './listing-edit.js';

/** What the last save did; null while the seller is trying again. */
export type EditOutcome = 'saved' | 'conflict' | null;

export function ListingEditForm(props: {
  listing: ListingDetail;
  onOutcome: (outcome: EditOutcome) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const formId = useId();
  const { listing } = props;
  const [draft, setDraft] = useState<Draft>(() => draftOf(listing));
  const [shown, setShown] = useState<Partial<Record<EditableField, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  const { changes, problems } = buildChanges(listing, draft);
  const changed = Object.keys(changes).length > 0;
  const original = draftOf(listing);
  const dirty = (Object.keys(draft) as EditableField[]).some(
    (name) => draft[name] !== original[name],
  );

  const problemText = (problem: DraftProblem): string => {
    switch (problem.code) {
      case 'required':
        return t('listings.edit.errors.required');
      case 'tooLong':
        return t('listings.edit.errors.tooLong', { max: problem.max });
      case 'notAmount':
        return problem.decimals === 0
          ? t('listings.edit.errors.notWholeAmount')
          : t('listings.edit.errors.notAmount', { decimals: problem.decimals });
      case 'notPositive':
        return t('listings.edit.errors.notPositive');
      case 'notWholeNumber':
        return t('listings.edit.errors.notWholeNumber');
      case 'tooLarge':
        return t('listings.edit.errors.tooLarge', { max: problem.max });
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const local: Partial<Record<EditableField, string>> = {};
    for (const [field, problem] of Object.entries(problems) as [EditableField, DraftProblem][]) {
      local[field] = problemText(problem);
    }
    setShown(local);
    setFormErrors([]);
    props.onOutcome(null);
    if (Object.keys(local).length || !changed) return;
    setSaving(true);
    api
      .call('listings.update', { id: listing.id, baseVersion: listing.localVersion, changes })
      .then(
        () => props.onOutcome('saved'),
        (raw: unknown) => {
          const error = toApiError(raw);
          setSaving(false);
          if (error.code === 'conflict') {
            props.onOutcome('conflict');
            return;
          }
          const { fields, other } = issuesByField(error.issues ?? []);
          setShown(
            Object.fromEntries(
              Object.entries(fields).map(([field, message]) => [
                field,
                t('listings.edit.errors.refused', { message }),
              ]),
            ),
          );
          // Field issues are shown on their fields; anything else (or an error without issues) here.
          const onFields = Object.keys(fields).length > 0;
          setFormErrors(onFields ? other : [...other, error.message]);
        },
      );
  };

  const field = (name: EditableField, label: string, inputMode: 'text' | 'decimal' | 'numeric') => {
    const id = `${formId}-${name}`;
    const error = shown[name];
    return (
      <div className="field">
        <label className="field-label" htmlFor={id}>
          {label}
        </label>
        <input
          id={id}
          className="input"
          inputMode={inputMode}
          value={draft[name]}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          data-testid={`edit-${name}`}
          onChange={(event) => setDraft({ ...draft, [name]: event.target.value })}
        />
        {error ? (
          <div id={`${id}-error`} className="field-error">
            {error}
          </div>
        ) : null}
      </div>
    );
  };

  return (
    <form className="edit-form" onSubmit={submit} noValidate>
      {field('title', t('listings.columns.title'), 'text')}
      <div className="edit-row">
        {field(
          'price',
          t('listings.edit.priceIn', { currency: listing.price.currency }),
          'decimal',
        )}
        {field('quantity', t('listings.columns.quantity'), 'numeric')}
      </div>
      {formErrors.length ? (
        <div className="notice tone-bad" role="alert">
          {t('listings.edit.errors.engineRefused')} {formErrors.join('; ')}
        </div>
      ) : null}
      <div className="edit-actions">
        <button type="submit" className="button is-primary" disabled={!dirty || saving}>
          {saving ? t('common.saving') : t('listings.edit.save')}
        </button>
        <button
          type="button"
          className="button"
          disabled={!dirty || saving}
          onClick={() => {
            setDraft(original);
            setShown({});
            setFormErrors([]);
          }}
        >
          {t('listings.edit.discard')}
        </button>
        <span className="muted edit-hint">{t('listings.edit.hint')}</span>
      </div>
    </form>
  );
}
