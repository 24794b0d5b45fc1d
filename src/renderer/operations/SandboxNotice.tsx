/**
 * First run: while every shop is a built-in sandbox shop, the operations views say so and offer
 * the one step out of it — connecting real shops (the Accounts view, its connect dialog open).
 * `ConnectRealShopsLink` is the same step in one link, for the bar above every view.
 */
import { useTranslation } from 'react-i18next';
import { useApiCall } from '../api/use-api-call.js';
import './operations.css';

const INFO_ENTITIES = ['accounts'] as const;

/** The Accounts view with its connect dialog open. */
export const CONNECT_HREF = '#/accounts?connect=1';

function useSandboxOnly(): boolean {
  const info = useApiCall('app.info', {}, { entities: INFO_ENTITIES });
  return info.data?.sandboxOnly === true && info.data.counts.accounts > 0;
}

export function ConnectRealShopsLink() {
  const { t } = useTranslation();
  if (!useSandboxOnly()) return null;
  return (
    <a className="button" href={CONNECT_HREF} data-testid="connect-real-shops">
      {t('firstRun.connect')}
    </a>
  );
}

export function SandboxNotice() {
  const { t } = useTranslation();
  if (!useSandboxOnly()) return null;
  return (
    <div className="sandbox-notice" role="note" data-testid="sandbox-notice">
      <span>{t('firstRun.notice')}</span>
      <a className="button" href={CONNECT_HREF}>
        {t('firstRun.connect')}
      </a>
    </div>
  );
}
