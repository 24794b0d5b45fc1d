/** Saved views of the listings grid: open one, save the current filters/sort/columns, delete. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SavedViewState } from '../../shared/api/contract-workbench.js';
import type { SavedView } from '../../shared/api/index.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError, useApiCall } from '../api/use-api-call.js';
import { SelectField } from '../components/controls.js';

const SETTINGS_ENTITIES = ['settings'] as const;

export function SavedViews(props: { current: SavedViewState; onOpen: (view: SavedView) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const nameId = useId();
  const views = useApiCall('views.list', { view: 'listings' }, { entities: SETTINGS_ENTITIES });
  const [chosen, setChosen] = useState('');
  const [naming, setNaming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = views.data ?? [];

  const save = (name: string) => {
    setError(null);
    api.call('views.save', { view: 'listings', name, state: props.current }).then(
      () => {
        setNaming(null);
        setChosen(name);
        views.reload();
      },
      (failure: unknown) => setError(toApiError(failure).message),
    );
  };
  const remove = () => {
    if (!chosen) return;
    api.call('views.delete', { view: 'listings', name: chosen }).then(
      () => {
        setChosen('');
        views.reload();
      },
      (failure: unknown) => setError(toApiError(failure).message),
    );
  };

  return (
    <div className="saved-views">
      <SelectField
        label={t('workbench.views.label')}
        value={chosen}
        testId="saved-views"
        options={[
          { value: '', label: t('workbench.views.none') },
          ...list.map((view) => ({ value: view.name, label: view.name })),
        ]}
        onChange={(name) => {
          setChosen(name);
          const view = list.find((entry) => entry.name === name);
          if (view) props.onOpen(view);
        }}
      />
      {naming === null ? (
        <>
          <button type="button" className="button" onClick={() => setNaming(chosen)}>
            {t('workbench.views.save')}
          </button>
          {chosen ? (
            <button type="button" className="button is-quiet" onClick={remove}>
              {t('workbench.views.delete')}
            </button>
          ) : null}
        </>
      ) : (
        <form
          className="saved-views-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (naming.trim()) save(naming.trim());
          }}
        >
          <label className="visually-hidden" htmlFor={nameId}>
            {t('workbench.views.name')}
          </label>
          <input
            id={nameId}
            className="input"
            value={naming}
            placeholder={t('workbench.views.name')}
            maxLength={80}
            autoFocus
            onChange={(event) => setNaming(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setNaming(null);
            }}
          />
          <button type="submit" className="button is-primary" disabled={!naming.trim()}>
            {t('common.save')}
          </button>
          <button type="button" className="button is-quiet" onClick={() => setNaming(null)}>
            {t('workbench.cancel')}
          </button>
        </form>
      )}
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
