/**
 * Connecting a real shop: pick the marketplace and site, open its consent page (the system
 * browser; in browser mode a new tab), then finish with the address the marketplace sent you back
 * to — pasted here, or picked up by itself when that address opens this app. Marketplaces whose
 * connector is not built yet say so, as do those this installation has no app credentials for.
 */
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectOption, ConnectStart } from '../../shared/api/index.js';
import type { Marketplace } from '../../shared/domain.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError, useApiCall } from '../api/use-api-call.js';
import { EnumBadge } from '../components/Badge.js';
import { SelectField } from '../components/controls.js';
import { ErrorState, LoadingState } from '../components/states.js';
import { Dialog } from './Dialog.js';

/** Where a started connection waits for the redirect (a new tab shares it with this one). */
export const PENDING_CONNECT_KEY = 'silkroute.pendingConnect';

function redirectUrl(): string {
  return `${window.location.origin}${window.location.pathname}#/accounts`;
}

function Choices(props: {
  options: readonly ConnectOption[];
  value: Marketplace | null;
  onChange: (marketplace: Marketplace) => void;
}) {
  const { t } = useTranslation();
  const name = useId();
  return (
    <fieldset className="op-list" aria-label={t('accounts.connect.marketplace')}>
      {props.options.map((option) => (
        <label
          key={option.marketplace}
          className={`op-choice${option.available ? '' : ' is-unavailable'}`}
        >
          <input
            type="radio"
            name={name}
            value={option.marketplace}
            disabled={!option.available}
            checked={props.value === option.marketplace}
            onChange={() => props.onChange(option.marketplace)}
          />
          <span className="op-form">
            <EnumBadge kind="marketplace" value={option.marketplace} />
            <span className="muted">
              {option.available
                ? t('accounts.connect.ready')
                : t(`accounts.connect.reason.${option.reason ?? 'coming_soon'}`)}
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

export function ConnectDialog(props: { onClose: () => void; onConnected: (name: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const options = useApiCall('accounts.connectOptions', {});
  const [picked, setMarketplace] = useState<Marketplace | null>(null);
  const [pickedSite, setSite] = useState('');
  const [started, setStarted] = useState<ConnectStart | null>(null);
  const [callback, setCallback] = useState('');
  const [shopId, setShopId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = { callback: useId(), shop: useId() };

  // Until the seller picks, the first marketplace that can be connected is chosen.
  const marketplace =
    picked ?? options.data?.find((option) => option.available)?.marketplace ?? null;
  const chosen = useMemo(
    () => options.data?.find((option) => option.marketplace === marketplace) ?? null,
    [options.data, marketplace],
  );
  const site = pickedSite || chosen?.sites[0] || '';

  const begin = () => {
    if (!marketplace || !site) return;
    setBusy(true);
    setError(null);
    api.call('accounts.beginConnect', { marketplace, site, redirectUrl: redirectUrl() }).then(
      (start) => {
        setBusy(false);
        setStarted(start);
        window.localStorage.setItem(PENDING_CONNECT_KEY, start.sessionId);
        window.open(start.consentUrl, '_blank', 'noopener');
      },
      (raw: unknown) => {
        setBusy(false);
        setError(toApiError(raw).message);
      },
    );
  };
  const complete = (event: FormEvent) => {
    event.preventDefault();
    if (!started) return;
    setBusy(true);
    setError(null);
    api
      .call('accounts.completeConnect', {
        sessionId: started.sessionId,
        callback,
        shopId: shopId.trim() || undefined,
      })
      .then(
        (account) => {
          setBusy(false);
          window.localStorage.removeItem(PENDING_CONNECT_KEY);
          props.onConnected(account.displayName);
        },
        (raw: unknown) => {
          setBusy(false);
          setError(toApiError(raw).message);
        },
      );
  };

  return (
    <Dialog title={t('accounts.connect.title')} onClose={props.onClose} testId="connect-dialog">
      {!options.data ? (
        options.error ? (
          <ErrorState error={options.error} onRetry={options.reload} />
        ) : (
          <LoadingState />
        )
      ) : !started ? (
        <>
          <p className="muted">{t('accounts.connect.explain')}</p>
          <Choices
            options={options.data}
            value={marketplace}
            onChange={(value) => {
              setMarketplace(value);
              setSite('');
            }}
          />
          {chosen?.available ? (
            <div className="op-form-row">
              <SelectField
                label={t('accounts.connect.site')}
                value={site}
                options={chosen.sites.map((value) => ({ value, label: value }))}
                onChange={setSite}
              />
              <button
                type="button"
                className="button is-primary"
                disabled={busy || !site}
                onClick={begin}
                data-testid="connect-begin"
              >
                {t('accounts.connect.open')}
              </button>
            </div>
          ) : null}
        </>
      ) : (
        <form className="op-form" onSubmit={complete}>
          <p>{t('accounts.connect.opened')}</p>
          <a href={started.consentUrl} target="_blank" rel="noopener noreferrer">
            {t('accounts.connect.openAgain')}
          </a>
          <div className="field">
            <label className="field-label" htmlFor={ids.callback}>
              {t('accounts.connect.paste')}
            </label>
            <textarea
              id={ids.callback}
              className="op-textarea"
              value={callback}
              required
              spellCheck={false}
              placeholder={t('accounts.connect.pastePlaceholder')}
              onChange={(event) => setCallback(event.target.value)}
            />
          </div>
          {chosen?.needsShopId ? (
            <div className="field">
              <label className="field-label" htmlFor={ids.shop}>
                {chosen.marketplace === 'amazon'
                  ? t('accounts.connect.sellerId')
                  : t('accounts.connect.shopId')}
              </label>
              <input
                id={ids.shop}
                className="input mono"
                value={shopId}
                onChange={(event) => setShopId(event.target.value)}
              />
            </div>
          ) : null}
          <div className="op-actions">
            <button type="submit" className="button is-primary" disabled={busy || !callback.trim()}>
              {t('accounts.connect.finish')}
            </button>
          </div>
        </form>
      )}
      {error ? (
        <div className="notice tone-bad" role="alert">
          {error}
        </div>
      ) : null}
    </Dialog>
  );
}
