/**
 * "Mark shipped" for one order: carrier and tracking number, checked by the engine like any pasted
 * row. The confirmation is then queued and sent to the marketplace; the shipments list beside it
 * shows when the marketplace confirmed it (or refused it, in its own words).
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderId } from '../../shared/ids.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError } from '../api/use-api-call.js';
import { CARRIER_SUGGESTIONS, useShipRowError } from './ship-text.js';

/**
 * `onShipped` is told once the shipment is recorded: the form then goes away (the order has a
 * shipment), so the panel around it says so.
 */
export function ShipForm(props: {
  orderId: OrderId;
  marketplace: string;
  onShipped: (message: string) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const rowError = useShipRowError();
  const ids = { carrier: useId(), tracking: useId(), carriers: useId() };
  const [carrier, setCarrier] = useState('');
  const [tracking, setTracking] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'bad'; text: string } | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    api
      .call('orders.ship', {
        rows: [{ orderId: props.orderId, carrier, trackingNumber: tracking }],
      })
      .then(
        (outcome) => {
          setBusy(false);
          const result = outcome.results[0];
          if (result?.ok) {
            setTracking('');
            props.onShipped(t('orders.ship.recorded', { marketplace: props.marketplace }));
          } else if (result) {
            setMessage({ tone: 'bad', text: rowError(result) ?? '' });
          }
        },
        (error: unknown) => {
          setBusy(false);
          setMessage({ tone: 'bad', text: toApiError(error).message });
        },
      );
  };

  return (
    <form className="op-form" onSubmit={submit} aria-label={t('orders.ship.formLabel')}>
      <div className="op-form-row">
        <div className="field">
          <label className="field-label" htmlFor={ids.carrier}>
            {t('orders.ship.carrier')}
          </label>
          <input
            id={ids.carrier}
            className="input"
            list={ids.carriers}
            value={carrier}
            required
            maxLength={100}
            data-testid="ship-carrier"
            onChange={(event) => setCarrier(event.target.value)}
          />
          <datalist id={ids.carriers}>
            {CARRIER_SUGGESTIONS.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.tracking}>
            {t('orders.ship.tracking')}
          </label>
          <input
            id={ids.tracking}
            className="input mono"
            value={tracking}
            required
            maxLength={64}
            data-testid="ship-tracking"
            onChange={(event) => setTracking(event.target.value)}
          />
        </div>
        <button
          type="submit"
          className="button is-primary"
          disabled={busy}
          aria-busy={busy}
          data-testid="ship-submit"
        >
          {busy ? t('orders.ship.saving') : t('orders.ship.submit')}
        </button>
      </div>
      {message ? (
        <div className="notice tone-bad" role="alert" data-testid="ship-error">
          {message.text}
        </div>
      ) : (
        <div className="muted">{t('orders.ship.hint')}</div>
      )}
    </form>
  );
}
