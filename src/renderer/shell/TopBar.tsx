/**
 * The bar above every view: its title and, on every screen, the Sandbox marker when it applies,
 * with the one click out of it (to connecting real shops).
 */
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../shared/api/index.js';
import { ConnectRealShopsLink } from '../operations/SandboxNotice.js';
import type { ViewName } from './routes.js';

export function TopBar({ view, info }: { view: ViewName; info: AppInfo | undefined }) {
  const { t } = useTranslation();
  return (
    <header className="topbar">
      <h1 className="topbar-title">{t(`nav.${view}`)}</h1>
      <div className="topbar-side">
        {info?.sandboxOnly ? (
          <span
            className="sandbox-badge"
            data-testid="sandbox-badge"
            title={t('sandbox.explanation')}
          >
            {t('sandbox.badge')}
          </span>
        ) : null}
        {view === 'accounts' ? null : <ConnectRealShopsLink />}
      </div>
    </header>
  );
}
