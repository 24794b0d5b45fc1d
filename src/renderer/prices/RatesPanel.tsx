/**
 * FX rates: the latest stored rate of every pair with its source, date and age (stale ones marked:
 * prices are refused with them), a refresh from the sources with each source's outcome, and a
 * manual rate for a currency no source covers.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FxOverview, FxSourceOutcome } from '../../shared/api/index.js';
import { CURRENCY_CODES } from '../../shared/money.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError } from '../api/use-api-call.js';
import { Badge } from '../components/Badge.js';
import { Section, SmallTable } from '../components/DetailPanel.js';
import { SelectField } from '../components/controls.js';
import { useFormat } from '../settings/SettingsProvider.js';

const CURRENCY_OPTIONS = CURRENCY_CODES.map((code) => ({ value: code, label: code }));

function ManualRateForm({ today, onSaved }: { today: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [base, setBase] = useState('USD');
  const [quote, setQuote] = useState('TWD');
  const [date, setDate] = useState(today);
  const [rate, setRate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = () => {
    setSaving(true);
    setError(null);
    api.call('fx.setManual', { base, quote, date, rate }).then(
      () => {
        setSaving(false);
        setRate('');
        onSaved();
      },
      (failure: unknown) => {
        setSaving(false);
        setError(toApiError(failure).message);
      },
    );
  };
  return (
    <form
      className="prices-inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <SelectField
        label={t('prices.rates.base')}
        value={base}
        options={CURRENCY_OPTIONS}
        onChange={setBase}
        testId="manual-base"
      />
      <SelectField
        label={t('prices.rates.quote')}
        value={quote}
        options={CURRENCY_OPTIONS}
        onChange={setQuote}
        testId="manual-quote"
      />
      <label className="field field-inline">
        <span className="field-label">{t('prices.rates.date')}</span>
        <input
          className="input"
          type="date"
          value={date}
          onChange={(event) => setDate(event.target.value)}
          data-testid="manual-date"
        />
      </label>
      <label className="field field-inline">
        <span className="field-label">{t('prices.rates.rate')}</span>
        <input
          className="input"
          inputMode="decimal"
          value={rate}
          onChange={(event) => setRate(event.target.value)}
          data-testid="manual-rate"
          aria-invalid={error ? true : undefined}
        />
      </label>
      <button
        type="submit"
        className="button"
        disabled={saving || !rate.trim()}
        data-testid="manual-save"
      >
        {t('prices.rates.saveManual')}
      </button>
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
    </form>
  );
}

function ApiKeyForm({ keySet, onSaved }: { keySet: boolean; onSaved: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const send = (value: string | null) => {
    setError(null);
    api.call('fx.setApiKey', { key: value }).then(
      () => {
        setKey('');
        onSaved();
      },
      (failure: unknown) => setError(toApiError(failure).message),
    );
  };
  return (
    <form
      className="prices-inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        send(key);
      }}
    >
      <label className="field field-inline">
        <span className="field-label">{t('prices.rates.apiKey')}</span>
        <input
          className="input"
          type="password"
          autoComplete="off"
          value={key}
          onChange={(event) => setKey(event.target.value)}
          data-testid="fx-api-key"
        />
      </label>
      <button type="submit" className="button" disabled={!key.trim()} data-testid="fx-api-key-save">
        {t('prices.rates.saveKey')}
      </button>
      {keySet ? (
        <>
          <span className="muted" data-testid="fx-key-set">
            {t('prices.rates.keySet')}
          </span>
          <button type="button" className="button is-quiet" onClick={() => send(null)}>
            {t('prices.rates.clearKey')}
          </button>
        </>
      ) : null}
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
    </form>
  );
}

function MaxAgeForm({ maxAgeDays, onSaved }: { maxAgeDays: number; onSaved: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [days, setDays] = useState(String(maxAgeDays));
  const [error, setError] = useState<string | null>(null);
  const valid = /^\d{1,3}$/.test(days.trim()) && Number(days) <= 365;
  return (
    <form
      className="prices-inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        api
          .call('fx.configure', { maxAgeDays: Number(days) })
          .then(onSaved, (failure: unknown) => setError(toApiError(failure).message));
      }}
    >
      <label className="field field-inline">
        <span className="field-label">{t('prices.rates.maxAgeLabel')}</span>
        <input
          className="input prices-days"
          inputMode="numeric"
          value={days}
          onChange={(event) => setDays(event.target.value)}
          aria-invalid={valid ? undefined : true}
          data-testid="fx-max-age"
        />
      </label>
      <button type="submit" className="button" disabled={!valid || Number(days) === maxAgeDays}>
        {t('prices.rates.saveMaxAge')}
      </button>
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
    </form>
  );
}

export function RatesPanel({
  overview,
  onChanged,
}: {
  overview: FxOverview;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const [refreshing, setRefreshing] = useState(false);
  const [outcomes, setOutcomes] = useState<FxSourceOutcome[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => {
    setRefreshing(true);
    setError(null);
    api.call('fx.refresh', {}).then(
      (result) => {
        setRefreshing(false);
        setOutcomes(result);
        onChanged();
      },
      (failure: unknown) => {
        setRefreshing(false);
        setError(toApiError(failure).message);
      },
    );
  };
  return (
    <Section title={t('prices.rates.title')}>
      <div className="prices-toolbar">
        <span className="muted">{t('prices.rates.maxAge', { count: overview.maxAgeDays })}</span>
        <button
          type="button"
          className="button is-primary"
          onClick={refresh}
          disabled={refreshing}
          data-testid="fx-refresh"
        >
          {refreshing ? t('prices.rates.refreshing') : t('prices.rates.refresh')}
        </button>
      </div>
      {outcomes ? (
        <ul className="prices-outcomes" data-testid="fx-outcomes">
          {outcomes.map((outcome) => (
            <li key={outcome.source}>
              <Badge tone={outcome.ok ? 'good' : 'warn'}>{outcome.source}</Badge>{' '}
              {outcome.ok
                ? t('prices.rates.saved', { count: outcome.saved, date: outcome.date ?? '' })
                : t('prices.rates.failed', { reason: outcome.message ?? '' })}
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
      {overview.providerKeySet ? null : <div className="muted">{t('prices.rates.noKey')}</div>}
      <div data-testid="fx-rates">
        <SmallTable
          rows={overview.rates}
          rowKey={(rate) => `${rate.base}/${rate.quote}`}
          empty={t('prices.rates.empty')}
          columns={[
            { header: t('prices.rates.pair'), cell: (rate) => `${rate.base} → ${rate.quote}` },
            { header: t('prices.rates.rate'), align: 'end', cell: (rate) => rate.rate },
            { header: t('prices.rates.date'), cell: (rate) => rate.date },
            { header: t('prices.rates.source'), cell: (rate) => rate.source },
            {
              header: t('prices.rates.age'),
              cell: (rate) =>
                rate.stale ? (
                  <Badge tone="bad">{t('prices.rates.stale', { count: rate.ageDays })}</Badge>
                ) : (
                  t('prices.rates.days', { count: rate.ageDays })
                ),
            },
            { header: t('prices.rates.fetched'), cell: (rate) => format.relative(rate.fetchedAt) },
          ]}
        />
      </div>
      <ManualRateForm today={overview.today} onSaved={onChanged} />
      <ApiKeyForm keySet={overview.providerKeySet} onSaved={onChanged} />
      <MaxAgeForm key={overview.maxAgeDays} maxAgeDays={overview.maxAgeDays} onSaved={onChanged} />
    </Section>
  );
}
