/** A non-blocking notice while the browser-mode link to the engine is down. */
import { useTranslation } from 'react-i18next';
import { useConnectionStatus } from '../api/ApiProvider.js';

export function ConnectionBanner() {
  const { t } = useTranslation();
  const status = useConnectionStatus();
  if (status !== 'reconnecting' && status !== 'closed') return null;
  return (
    <div className="connection-banner" role="status" data-testid="connection-banner">
      <span className="spinner" aria-hidden="true" />
      {status === 'closed' ? t('connection.closed') : t('connection.reconnecting')}
    </div>
  );
}
