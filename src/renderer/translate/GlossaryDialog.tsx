/** The glossary editor: do-not-translate terms and forced translations per language. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/ApiProvider.js';
import { toApiError, useApiCall } from '../api/use-api-call.js';
import { CheckboxField } from '../components/controls.js';
import { Dialog } from '../workbench/Dialog.js';

const GLOSSARY_ENTITIES = ['translations'] as const;

export function GlossaryDialog(props: { onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const terms = useApiCall('glossary.list', {}, { entities: GLOSSARY_ENTITIES });
  const [term, setTerm] = useState('');
  const [locale, setLocale] = useState('');
  const [translation, setTranslation] = useState('');
  const [keep, setKeep] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const add = async () => {
    setError(null);
    try {
      await api.call('glossary.save', {
        term,
        locale: locale.trim() === '' ? null : locale.trim(),
        translation: keep ? null : translation,
        doNotTranslate: keep,
      });
      setTerm('');
      setTranslation('');
      terms.reload();
    } catch (failure) {
      setError(toApiError(failure).message);
    }
  };
  const remove = async (id: number) => {
    try {
      await api.call('glossary.delete', { id });
      terms.reload();
    } catch (failure) {
      setError(toApiError(failure).message);
    }
  };

  return (
    <Dialog
      title={t('translate.glossary')}
      onClose={props.onClose}
      testId="glossary-dialog"
      wide
      footer={
        <button type="button" className="button" onClick={props.onClose}>
          {t('translate.done')}
        </button>
      }
    >
      {terms.data && terms.data.length === 0 ? (
        <p className="muted">{t('translate.glossaryEmpty')}</p>
      ) : null}
      {terms.data && terms.data.length > 0 ? (
        <table className="small-table">
          <thead>
            <tr>
              <th>{t('translate.glossaryTerm')}</th>
              <th>{t('translate.glossaryLocale')}</th>
              <th>{t('translate.glossaryTranslation')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {terms.data.map((entry) => (
              <tr key={entry.id}>
                <td className="mono">{entry.term}</td>
                <td>{entry.locale ?? t('translate.everyLanguage')}</td>
                <td>{entry.doNotTranslate ? t('translate.keepAsIs') : entry.translation}</td>
                <td>
                  <button
                    type="button"
                    className="button is-quiet"
                    onClick={() => void remove(entry.id)}
                  >
                    {t('translate.deleteTerm')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="edit-form">
        <label className="field">
          <span className="field-label">{t('translate.glossaryTerm')}</span>
          <input
            className="input"
            data-testid="glossary-term"
            value={term}
            onChange={(event) => setTerm(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('translate.glossaryLocale')}</span>
          <input
            className="input"
            value={locale}
            onChange={(event) => setLocale(event.target.value)}
          />
        </label>
        <CheckboxField label={t('translate.doNotTranslate')} checked={keep} onChange={setKeep} />
        {!keep ? (
          <label className="field">
            <span className="field-label">{t('translate.glossaryTranslation')}</span>
            <input
              className="input"
              value={translation}
              onChange={(event) => setTranslation(event.target.value)}
            />
          </label>
        ) : null}
        <button
          type="button"
          className="button is-primary"
          data-testid="glossary-add"
          disabled={term.trim() === ''}
          onClick={() => void add()}
        >
          {t('translate.addTerm')}
        </button>
        {error ? <p className="field-error">{error}</p> : null}
      </div>
    </Dialog>
  );
}
