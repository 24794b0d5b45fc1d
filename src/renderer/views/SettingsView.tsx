/** The seller's preferences. Each choice applies at once and is saved through settings.update. */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../shared/api/index.js';
import { THEMES, UI_LOCALES, type Theme, type UiLocale } from '../../shared/domain.js';
import { CURRENCY_CODES } from '../../shared/money.js';
import { BackupsPanel } from '../backup/BackupsPanel.js';
import { Facts, Section } from '../components/DetailPanel.js';
import { SelectField, type SelectOption } from '../components/controls.js';
import { ErrorState } from '../components/states.js';
import { useSettings } from '../settings/SettingsProvider.js';

/** Every IANA zone the browser knows, plus the current one if the browser does not list it. */
function timeZones(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(current) ? zones : [current, ...zones];
}

export function SettingsView({ info }: { info: AppInfo | undefined }) {
  const { t } = useTranslation();
  const { settings, update, saving, saveError, format } = useSettings();
  const scheduleId = useId();
  const [schedule, setSchedule] = useState(settings.syncSchedule);
  const [openedAt] = useState(() => new Date().toISOString());

  const languageOptions = useMemo<SelectOption<UiLocale>[]>(
    () => UI_LOCALES.map((locale) => ({ value: locale, label: t(`settings.languages.${locale}`) })),
    [t],
  );
  const themeOptions = useMemo<SelectOption<Theme>[]>(
    () => THEMES.map((theme) => ({ value: theme, label: t(`settings.themes.${theme}`) })),
    [t],
  );
  const currencyOptions = useMemo<SelectOption<string>[]>(() => {
    const names = new Intl.DisplayNames([format.locale], { type: 'currency' });
    return CURRENCY_CODES.map((code) => ({
      value: code,
      label: `${code} · ${names.of(code) ?? code}`,
    }));
  }, [format.locale]);
  const zoneOptions = useMemo<SelectOption<string>[]>(
    () => timeZones(settings.timeZone).map((zone) => ({ value: zone, label: zone })),
    [settings.timeZone],
  );

  return (
    <section className="view view-settings" data-testid="view-settings">
      <div className="settings">
        <Section title={t('settings.appearance')}>
          <div className="settings-grid">
            <SelectField
              label={t('settings.language')}
              value={settings.locale}
              options={languageOptions}
              onChange={(locale) => update({ locale })}
              testId="language-select"
              inline={false}
            />
            <SelectField
              label={t('settings.theme')}
              value={settings.theme}
              options={themeOptions}
              onChange={(theme) => update({ theme })}
              testId="theme-select"
              inline={false}
            />
          </div>
        </Section>
        <Section title={t('settings.regional')}>
          <div className="settings-grid">
            <SelectField
              label={t('settings.homeCurrency')}
              value={settings.homeCurrency}
              options={currencyOptions}
              onChange={(homeCurrency) => update({ homeCurrency })}
              testId="currency-select"
              inline={false}
            />
            <SelectField
              label={t('settings.timeZone')}
              value={settings.timeZone}
              options={zoneOptions}
              onChange={(timeZone) => update({ timeZone })}
              testId="timezone-select"
              inline={false}
            />
          </div>
          <p className="muted">
            {t('settings.preview', {
              money: format.money({ amountMinor: 123456, currency: settings.homeCurrency }),
              date: format.dateTime(openedAt),
            })}
          </p>
        </Section>
        <Section title={t('settings.sync')}>
          <form
            className="settings-inline"
            onSubmit={(event) => {
              event.preventDefault();
              update({ syncSchedule: schedule });
            }}
          >
            <div className="field">
              <label className="field-label" htmlFor={scheduleId}>
                {t('settings.syncSchedule')}
              </label>
              <input
                id={scheduleId}
                className="input mono"
                value={schedule}
                onChange={(event) => setSchedule(event.target.value)}
              />
            </div>
            <button type="submit" className="button" disabled={schedule === settings.syncSchedule}>
              {t('common.save')}
            </button>
          </form>
          <p className="muted">{t('settings.syncScheduleHint')}</p>
        </Section>
        <BackupsPanel />
        {saving ? (
          <div className="settings-status" role="status">
            {t('common.saving')}
          </div>
        ) : null}
        {saveError ? <ErrorState error={saveError} /> : null}
        {info ? (
          <Section title={t('settings.about')}>
            <Facts
              items={[
                [t('settings.version'), info.version],
                [t('settings.dataDir'), <span className="mono">{info.dataDir}</span>],
                [t('settings.schemaVersion'), format.number(info.schemaVersion)],
              ]}
            />
          </Section>
        ) : null}
      </div>
    </section>
  );
}
