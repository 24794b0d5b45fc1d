/**
 * Editing what is on hand per warehouse of one SKU (reserved units are the orders' and not typed).
 * A saved count queues the quantity updates of every channel selling the SKU (stock engine).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SkuStock } from '../../shared/api/index.js';
import type { ProductId } from '../../shared/ids.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError } from '../api/use-api-call.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { NumberInput, wholeNumber } from './NumberInput.js';

type Status = { tone: 'good' | 'bad'; text: string } | null;

function useSetOnHand(productId: ProductId, setStatus: (status: Status) => void) {
  const { t } = useTranslation();
  const api = useApi();
  return (warehouse: string, text: string, done?: () => void) => {
    const onHand = wholeNumber(text);
    if (onHand === undefined || warehouse.trim() === '') {
      setStatus({ tone: 'bad', text: t('inventory.edit.notCount') });
      return;
    }
    api.call('stock.setOnHand', { productId, warehouse, onHand }).then(
      (outcome) => {
        setStatus({
          tone: 'good',
          text: outcome.changed
            ? t('inventory.edit.saved', { count: outcome.queued })
            : t('inventory.edit.unchanged'),
        });
        done?.();
      },
      (error: unknown) => setStatus({ tone: 'bad', text: toApiError(error).message }),
    );
  };
}

function WarehouseRow(props: { row: SkuStock; save: (warehouse: string, text: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [text, setText] = useState(String(props.row.onHand));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.save(props.row.warehouse, text);
  };
  const dirty = text !== String(props.row.onHand);
  return (
    <tr>
      <td translate="no">{props.row.warehouse}</td>
      <td className="is-end">
        <form onSubmit={submit} className="op-actions">
          <NumberInput
            label={t('inventory.edit.onHandIn', { warehouse: props.row.warehouse })}
            value={text}
            onChange={setText}
            testId={`on-hand-${props.row.warehouse}`}
          />
          <button type="submit" className="button" disabled={!dirty}>
            {t('common.save')}
          </button>
        </form>
      </td>
      <td className="is-end">{format.number(props.row.reserved)}</td>
      <td className="is-end">{format.number(props.row.onHand - props.row.reserved)}</td>
    </tr>
  );
}

export function StockEditor(props: {
  productId: ProductId;
  stock: readonly SkuStock[];
  /** A master whose stock is kept by its variants takes no count of its own. */
  hasVariants: boolean;
}) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Status>(null);
  const [warehouse, setWarehouse] = useState('');
  const [count, setCount] = useState('');
  const save = useSetOnHand(props.productId, setStatus);
  const addWarehouse = (event: FormEvent) => {
    event.preventDefault();
    save(warehouse.trim(), count, () => {
      setWarehouse('');
      setCount('');
    });
  };
  if (props.hasVariants && props.stock.length === 0) {
    return <div className="muted">{t('inventory.edit.perVariant')}</div>;
  }
  return (
    <div className="op-form">
      {props.stock.length ? (
        <table className="op-table">
          <thead>
            <tr>
              <th>{t('inventory.detail.warehouse')}</th>
              <th className="is-end">{t('inventory.columns.onHand')}</th>
              <th className="is-end">{t('inventory.columns.reserved')}</th>
              <th className="is-end">{t('inventory.columns.available')}</th>
            </tr>
          </thead>
          <tbody>
            {props.stock.map((row) => (
              <WarehouseRow key={`${row.warehouse}:${row.onHand}`} row={row} save={save} />
            ))}
          </tbody>
        </table>
      ) : (
        <div className="muted">{t('inventory.detail.noStock')}</div>
      )}
      <form className="op-form-row" onSubmit={addWarehouse}>
        <input
          className="input"
          aria-label={t('inventory.edit.newWarehouse')}
          placeholder={t('inventory.edit.newWarehouse')}
          value={warehouse}
          maxLength={100}
          onChange={(event) => setWarehouse(event.target.value)}
        />
        <NumberInput label={t('inventory.columns.onHand')} value={count} onChange={setCount} />
        <button type="submit" className="button" disabled={!warehouse.trim() || !count.trim()}>
          {t('inventory.edit.addWarehouse')}
        </button>
      </form>
      {status ? (
        <div
          className={`notice tone-${status.tone}`}
          role={status.tone === 'bad' ? 'alert' : 'status'}
        >
          {status.text}
        </div>
      ) : (
        <div className="muted">{t('inventory.edit.hint')}</div>
      )}
    </div>
  );
}
