/** The window: navigation, the bar with the Sandbox marker, the link banner and the current view. */
import { useTranslation } from 'react-i18next';
import { useApiCall } from '../api/use-api-call.js';
import { ErrorState } from '../components/states.js';
import { AccountsView } from '../views/AccountsView.js';
import { InsightsView } from '../insights/InsightsView.js';
import { InventoryView } from '../views/InventoryView.js';
import { ListingsView } from '../views/ListingsView.js';
import { OrdersView } from '../views/OrdersView.js';
import { PricesView } from '../prices/PricesView.js';
import { SettingsView } from '../views/SettingsView.js';
import { SyncView } from '../views/SyncView.js';
import { TranslationsView } from '../views/TranslationsView.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { ErrorBoundary } from './ErrorBoundary.js';
import { useCurrentView, type ViewName } from './routes.js';
import { Sidebar } from './Sidebar.js';
import { TopBar } from './TopBar.js';
import type { AppInfo } from '../../shared/api/index.js';

const INFO_ENTITIES = ['accounts', 'catalog', 'listings', 'orders'] as const;

function CurrentView({ view, info }: { view: ViewName; info: AppInfo | undefined }) {
  switch (view) {
    case 'inventory':
      return <InventoryView />;
    case 'listings':
      return <ListingsView />;
    case 'orders':
      return <OrdersView />;
    case 'prices':
      return <PricesView />;
    case 'insights':
      return <InsightsView />;
    case 'translations':
      return <TranslationsView />;
    case 'sync':
      return <SyncView />;
    case 'accounts':
      return <AccountsView />;
    case 'settings':
      return <SettingsView info={info} />;
  }
}

export function App() {
  const { t } = useTranslation();
  const view = useCurrentView();
  const info = useApiCall('app.info', {}, { entities: INFO_ENTITIES });
  return (
    <div className="app">
      <Sidebar current={view} info={info.data} />
      <div className="main">
        <TopBar view={view} info={info.data} />
        <ConnectionBanner />
        <main className="view-host" aria-label={t(`nav.${view}`)}>
          <ErrorBoundary
            resetKey={view}
            fallback={(error, reset) => <ErrorState error={error} onRetry={reset} />}
          >
            <CurrentView view={view} info={info.data} />
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}
