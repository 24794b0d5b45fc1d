/** Renderer entry: find the engine, load the languages, paint the shell. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/ApiProvider.js';
import { connectToEngine } from './api/connect.js';
import { guessLocale, initI18n } from './i18n/index.js';
import { SettingsProvider } from './settings/SettingsProvider.js';
import { osPrefersDark, resolvePalette } from './settings/theme.js';
import { App } from './shell/App.js';
import { NoEngine } from './shell/NoEngine.js';
import './styles/theme.css';
import './styles/base.css';
import './styles/shell.css';
import './styles/views.css';

// Paint the OS palette and language until the seller's settings arrive, so nothing flashes.
const initialLocale = guessLocale(navigator.languages);
document.documentElement.dataset.theme = resolvePalette('system', osPrefersDark());
document.documentElement.lang = initialLocale;

const connection = connectToEngine();
await initI18n(initialLocale);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    {connection ? (
      <ApiProvider connection={connection}>
        <SettingsProvider>
          <App />
        </SettingsProvider>
      </ApiProvider>
    ) : (
      <NoEngine />
    )}
  </StrictMode>,
);
