/**
 * Provider settings: the configured providers with whether a key is stored and what was spent,
 * and a form to add one. A key typed here goes to the engine's encrypted store and never comes
 * back to the window.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PROVIDER_KINDS, type ProviderKind } from '../../shared/api/contract-translate.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError, useApiCall } from '../api/use-api-call.js';
import { SelectField } from '../components/controls.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { Dialog } from '../workbench/Dialog.js';

const PROVIDER_ENTITIES = ['settings'] as const;

const DEFAULTS: Record<ProviderKind, { url: string; price: number; currency: string }> = {
  deepl: { url: 'https://api.deepl.com', price: 2000, currency: 'EUR' },
  'google-v2': { url: 'https://translation.googleapis.com', price: 2000, currency: 'USD' },
  'google-v3': { url: 'https://translation.googleapis.com', price: 2000, currency: 'USD' },
  azure: { url: 'https://api.cognitive.microsofttranslator.com', price: 1000, currency: 'USD' },
  libretranslate: { url: 'http://127.0.0.1:5000', price: 0, currency: 'USD' },
  openai: { url: 'http://127.0.0.1:11434', price: 0, currency: 'USD' },
};

export function ProvidersDialog(props: { onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const providers = useApiCall('translate.providers', {}, { entities: PROVIDER_ENTITIES });
  const [kind, setKind] = useState<ProviderKind>('deepl');
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [url, setUrl] = useState(DEFAULTS.deepl.url);
  const [extra, setExtra] = useState('');
  const [price, setPrice] = useState(String(DEFAULTS.deepl.price));
  const [currency, setCurrency] = useState(DEFAULTS.deepl.currency);
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);

  const pickKind = (next: ProviderKind) => {
    setKind(next);
    setUrl(DEFAULTS[next].url);
    setPrice(String(DEFAULTS[next].price));
    setCurrency(DEFAULTS[next].currency);
  };
  const extraField =
    kind === 'openai'
      ? 'model'
      : kind === 'google-v3'
        ? 'project'
        : kind === 'azure'
          ? 'region'
          : null;

  const save = async () => {
    setError(null);
    try {
      await api.call('translate.saveProvider', {
        id,
        kind,
        name: name || id,
        baseUrl: url,
        pricePerMillionMinor: Number.parseInt(price, 10) || 0,
        currency,
        ...(extraField && extra ? { [extraField]: extra } : {}),
        ...(key ? { key } : {}),
      });
      setKey('');
      providers.reload();
    } catch (failure) {
      setError(toApiError(failure).message);
    }
  };
  const remove = async (providerId: string) => {
    try {
      await api.call('translate.deleteProvider', { id: providerId });
      providers.reload();
    } catch (failure) {
      setError(toApiError(failure).message);
    }
  };

  return (
    <Dialog
      title={t('translate.providers')}
      onClose={props.onClose}
      testId="providers-dialog"
      wide
      footer={
        <button type="button" className="button" onClick={props.onClose}>
          {t('translate.done')}
        </button>
      }
    >
      <table className="small-table">
        <tbody>
          {(providers.data ?? []).map((provider) => (
            <tr key={provider.id}>
              <td>{provider.sandbox ? t('translate.sandboxProvider') : provider.name}</td>
              <td>{t(`translate.kinds.${provider.kind}`)}</td>
              <td>
                {provider.sandbox || !provider.keyRequired
                  ? t('translate.keyNotNeeded')
                  : provider.hasKey
                    ? t('translate.keyStored')
                    : t('translate.keyMissing')}
              </td>
              <td>
                {t('translate.spent', {
                  characters: provider.spent.characters,
                  cost: format.money(provider.spent.cost),
                })}
              </td>
              <td>
                {provider.sandbox ? null : (
                  <button
                    type="button"
                    className="button is-quiet"
                    onClick={() => void remove(provider.id)}
                  >
                    {t('translate.removeProvider')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="edit-form">
        <SelectField
          label={t('translate.providerKind')}
          value={kind}
          onChange={pickKind}
          options={PROVIDER_KINDS.map((value) => ({ value, label: t(`translate.kinds.${value}`) }))}
        />
        <label className="field">
          <span className="field-label">{t('translate.providerId')}</span>
          <input className="input" value={id} onChange={(event) => setId(event.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">{t('translate.providerName')}</span>
          <input className="input" value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">{t('translate.providerUrl')}</span>
          <input className="input" value={url} onChange={(event) => setUrl(event.target.value)} />
        </label>
        {extraField ? (
          <label className="field">
            <span className="field-label">
              {extraField === 'model'
                ? t('translate.providerModel')
                : extraField === 'project'
                  ? t('translate.providerProject')
                  : t('translate.providerRegion')}
            </span>
            <input
              className="input"
              value={extra}
              onChange={(event) => setExtra(event.target.value)}
            />
          </label>
        ) : null}
        <label className="field">
          <span className="field-label">{t('translate.providerPrice')}</span>
          <input
            className="input"
            inputMode="numeric"
            value={price}
            onChange={(event) => setPrice(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('translate.providerCurrency')}</span>
          <input
            className="input"
            value={currency}
            onChange={(event) => setCurrency(event.target.value.toUpperCase())}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('translate.providerKey')}</span>
          <input
            className="input"
            type="password"
            autoComplete="off"
            value={key}
            onChange={(event) => setKey(event.target.value)}
          />
        </label>
        <button
          type="button"
          className="button is-primary"
          disabled={id.trim() === ''}
          onClick={() => void save()}
        >
          {t('translate.addProvider')}
        </button>
        {error ? <p className="field-error">{error}</p> : null}
      </div>
    </Dialog>
  );
}
