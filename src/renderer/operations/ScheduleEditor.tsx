/**
 * The sync schedule: a preset or a custom cron expression, checked by the engine as the seller
 * types (sync.previewSchedule reads it exactly as the scheduler will) with its next three run
 * times in the seller's time zone, saved to settings.syncSchedule.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SchedulePreview } from '../../shared/api/index.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError } from '../api/use-api-call.js';
import { SelectField } from '../components/controls.js';
import { useFormat, useSettings } from '../settings/SettingsProvider.js';
import { presetOf, SCHEDULE_PRESETS, type Preset } from './sync-model.js';

/** The engine's reading of `schedule`, asked again a moment after the seller stops typing. */
function usePreview(schedule: string): SchedulePreview | null {
  const api = useApi();
  const [preview, setPreview] = useState<SchedulePreview | null>(null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api.call('sync.previewSchedule', { schedule, count: 3 }).then(
        (answer) => {
          if (live) setPreview(answer);
        },
        (error: unknown) => {
          if (live) setPreview({ valid: false, schedule, message: toApiError(error).message });
        },
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, schedule]);
  return preview?.schedule === schedule.trim() ? preview : null;
}

export function ScheduleEditor() {
  const { t } = useTranslation();
  const format = useFormat();
  const { settings, update, saving, saveError } = useSettings();
  const inputId = useId();
  const [schedule, setSchedule] = useState(settings.syncSchedule);
  const [preset, setPreset] = useState<Preset>(presetOf(settings.syncSchedule));
  const preview = usePreview(schedule);
  const options = (Object.keys(SCHEDULE_PRESETS) as Preset[])
    .concat('custom')
    .map((value) => ({ value, label: t(`sync.schedule.presets.${value}`) }));

  const choose = (value: Preset) => {
    setPreset(value);
    if (value !== 'custom') setSchedule(SCHEDULE_PRESETS[value]);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (preview?.valid) update({ syncSchedule: schedule.trim() });
  };
  const unchanged = schedule.trim() === settings.syncSchedule;

  return (
    <form className="op-form" onSubmit={submit} aria-label={t('sync.schedule.title')}>
      <div className="op-form-row">
        <SelectField
          label={t('sync.schedule.preset')}
          value={preset}
          options={options}
          onChange={choose}
          inline={false}
          testId="schedule-preset"
        />
        <div className="field">
          <label className="field-label" htmlFor={inputId}>
            {t('sync.schedule.cron')}
          </label>
          <input
            id={inputId}
            className="input mono"
            value={schedule}
            aria-invalid={preview?.valid === false}
            data-testid="schedule-cron"
            onChange={(event) => {
              setSchedule(event.target.value);
              setPreset(presetOf(event.target.value));
            }}
          />
        </div>
        <button
          type="submit"
          className="button is-primary"
          disabled={unchanged || !preview?.valid || saving}
          data-testid="schedule-save"
        >
          {saving ? t('common.saving') : t('common.save')}
        </button>
      </div>
      {preview === null ? (
        <div className="muted">{t('sync.schedule.checking')}</div>
      ) : preview.valid ? (
        <div role="status" data-testid="schedule-next">
          <span className="muted">
            {t('sync.schedule.next')} <span translate="no">{format.timeZone}</span>
          </span>
          <ul className="op-list">
            {preview.next.map((time) => (
              <li key={time}>{format.dateTime(time)}</li>
            ))}
          </ul>
        </div>
      ) : (
        <div className="field-error" role="alert">
          {t('sync.schedule.invalid')}
          <div className="op-message" translate="no">
            {preview.message}
          </div>
        </div>
      )}
      {saveError ? (
        <div className="notice tone-bad" role="alert">
          {saveError.message}
        </div>
      ) : null}
      <div className="muted">{t('sync.schedule.hint')}</div>
    </form>
  );
}
