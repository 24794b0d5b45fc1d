/** Shown when the page was opened without a way to the engine (e.g. index.html from disk). */
import { useTranslation } from 'react-i18next';

export function NoEngine() {
  const { t } = useTranslation();
  return (
    <div className="boot">
      <div className="state is-error" role="alert">
        <div className="state-title">{t('errors.unavailable.title')}</div>
        <div>{t('app.noEngine')}</div>
      </div>
    </div>
  );
}
