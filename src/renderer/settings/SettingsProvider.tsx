/**
 * The seller's settings, applied to the whole window: language (i18next and <html lang>), palette
 * (data-theme on <html>) and the formatter for numbers, money and dates in the chosen time zone.
 * A change shows at once and is then saved through settings.update; if saving fails the engine's
 * copy is reloaded, so the screen never claims a setting that was not stored.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, Settings, SettingsPatch } from '../../shared/api/index.js';
import type { z } from 'zod';
import { useApi, useDataVersion } from '../api/ApiProvider.js';
import { toApiError } from '../api/use-api-call.js';
import { createFormatter, type Formatter } from '../i18n/format.js';
import { ErrorState, LoadingState } from '../components/states.js';
import { onOsThemeChange, osPrefersDark, resolvePalette } from './theme.js';

type Patch = z.input<typeof SettingsPatch>;

interface SettingsContextValue {
  settings: Settings;
  format: Formatter;
  update: (patch: Patch) => void;
  saving: boolean;
  saveError: ApiError | null;
}

const SettingsContext = createContext<SettingsContextValue | null>(null);

const SETTINGS_ENTITIES = ['settings'] as const;

export function SettingsProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const version = useDataVersion(SETTINGS_ENTITIES);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(0);
  const [attempt, setAttempt] = useState(0);
  const prefersDark = useSyncExternalStore(onOsThemeChange, osPrefersDark);

  useEffect(() => {
    let live = true;
    api.call('settings.get', {}).then(
      (loaded) => {
        if (!live) return;
        setSettings(loaded);
        setLoadError(null);
      },
      (error: unknown) => {
        if (live) setLoadError(toApiError(error));
      },
    );
    return () => {
      live = false;
    };
  }, [api, version, attempt]);

  const locale = settings?.locale;
  useEffect(() => {
    if (!locale) return;
    document.documentElement.lang = locale;
    if (i18n.language !== locale) void i18n.changeLanguage(locale);
  }, [i18n, locale]);

  const palette = resolvePalette(settings?.theme ?? 'system', prefersDark);
  useEffect(() => {
    document.documentElement.dataset.theme = palette;
  }, [palette]);

  const update = useCallback(
    (patch: Patch) => {
      setSettings((current) => (current ? { ...current, ...patch } : current));
      setSaveError(null);
      setSaving((count) => count + 1);
      api.call('settings.update', patch).then(
        (saved) => {
          setSettings(saved);
          setSaving((count) => count - 1);
        },
        (error: unknown) => {
          setSaveError(toApiError(error));
          setSaving((count) => count - 1);
          setAttempt((count) => count + 1);
        },
      );
    },
    [api],
  );

  const timeZone = settings?.timeZone ?? 'UTC';
  const format = useMemo(() => createFormatter(locale ?? 'en', timeZone), [locale, timeZone]);

  if (!settings) {
    return (
      <div className="boot">
        {loadError ? (
          <ErrorState error={loadError} onRetry={() => setAttempt((count) => count + 1)} />
        ) : (
          <LoadingState label={t('app.starting')} />
        )}
      </div>
    );
  }

  return (
    <SettingsContext.Provider value={{ settings, format, update, saving: saving > 0, saveError }}>
      {children}
    </SettingsContext.Provider>
  );
}

export function useSettings(): SettingsContextValue {
  const value = useContext(SettingsContext);
  if (!value) throw new Error('useSettings must be used inside <SettingsProvider>');
  return value;
}

/** The formatter for the seller's language and time zone. */
export function useFormat(): Formatter {
  return useSettings().format;
}
