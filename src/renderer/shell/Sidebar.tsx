/** The navigation column: one entry per view, with the counts app.info reports. */
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../shared/api/index.js';
import { ViewIcon } from '../components/Icon.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { hrefOf, VIEWS, type ViewName } from './routes.js';

const COUNT_OF: Partial<Record<ViewName, keyof AppInfo['counts']>> = {
  inventory: 'skus',
  listings: 'listings',
  orders: 'orders',
  accounts: 'accounts',
};

export function Sidebar({ current, info }: { current: ViewName; info: AppInfo | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>
        <span className="brand-name">{t('app.name')}</span>
      </div>
      <ul className="nav-list">
        {VIEWS.map((view) => {
          const countKey = COUNT_OF[view];
          const count = countKey && info ? info.counts[countKey] : null;
          return (
            <li key={view}>
              <a
                href={hrefOf(view)}
                className={`nav-item${view === current ? ' is-current' : ''}`}
                aria-current={view === current ? 'page' : undefined}
                data-testid={`nav-${view}`}
              >
                <span className="nav-icon">
                  <ViewIcon view={view} />
                </span>
                <span className="nav-label">{t(`nav.${view}`)}</span>
                {count !== null ? <span className="nav-count">{format.number(count)}</span> : null}
              </a>
            </li>
          );
        })}
      </ul>
      <div className="sidebar-footer">
        {info ? t('app.version', { version: info.version }) : null}
      </div>
    </nav>
  );
}
