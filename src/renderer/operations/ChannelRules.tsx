/**
 * Each channel's view of a SKU and the rules behind it. Per shop, the rule it applies to this SKU
 * — its own, its master's, the shop's default, or none — is editable: buffer kept back, the most
 * it may show, and its share of what remains. Saving queues the quantity updates it causes.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SkuChannel } from '../../shared/api/index.js';
import type { AccountId, ProductId } from '../../shared/ids.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError, useApiCall } from '../api/use-api-call.js';
import { EnumBadge } from '../components/Badge.js';
import { ErrorState, LoadingState } from '../components/states.js';
import { NO_VALUE } from '../i18n/format.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { NumberInput, wholeNumber } from './NumberInput.js';

const ENTITIES = ['catalog', 'listings'] as const;

export function ChannelsTable({ channels }: { channels: readonly SkuChannel[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!channels.length) return <div className="muted">{t('inventory.channels.none')}</div>;
  return (
    <table className="op-table" data-testid="sku-channels">
      <thead>
        <tr>
          <th>{t('inventory.detail.account')}</th>
          <th>{t('inventory.columns.sku')}</th>
          <th className="is-end">{t('inventory.channels.shown')}</th>
          <th className="is-end">{t('inventory.channels.allowed')}</th>
          <th>{t('inventory.channels.state')}</th>
        </tr>
      </thead>
      <tbody>
        {channels.map((channel) => (
          <tr key={channel.listingId} className={channel.danger ? 'is-danger' : undefined}>
            <td>
              <EnumBadge kind="marketplace" value={channel.marketplace} />{' '}
              <span translate="no">{channel.accountName}</span>
            </td>
            <td className="mono" translate="no">
              {channel.sku}
            </td>
            <td className="is-end">{format.number(channel.shown)}</td>
            <td className="is-end">
              {channel.allowed === null ? NO_VALUE : format.number(channel.allowed)}
            </td>
            <td>
              {channel.danger ? (
                <span className="op-flag" data-testid="channel-danger">
                  ⚠ {t('inventory.channels.danger')}
                </span>
              ) : channel.pushQueued ? (
                t('inventory.channels.queued')
              ) : channel.allowed === null ? (
                t('inventory.channels.unmanaged')
              ) : (
                t('inventory.channels.inStep')
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface RuleLine {
  accountId: AccountId;
  accountName: string;
  rule: SkuChannel['rule'];
}

function RuleRow(props: { productId: ProductId; line: RuleLine }) {
  const { t } = useTranslation();
  const api = useApi();
  const { rule } = props.line;
  const [buffer, setBuffer] = useState(String(rule.buffer));
  const [max, setMax] = useState(rule.maxQuantity === null ? '' : String(rule.maxQuantity));
  const [share, setShare] = useState(String(rule.allocationPercent));
  const [status, setStatus] = useState<{ tone: 'good' | 'bad'; text: string } | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const values = {
      buffer: wholeNumber(buffer),
      maxQuantity: max.trim() === '' ? null : wholeNumber(max),
      allocationPercent: wholeNumber(share, 100),
    };
    if (
      values.buffer === undefined ||
      values.maxQuantity === undefined ||
      values.allocationPercent === undefined
    ) {
      setStatus({ tone: 'bad', text: t('inventory.rules.invalid') });
      return;
    }
    api
      .call('stock.setRule', {
        accountId: props.line.accountId,
        productId: props.productId,
        buffer: values.buffer,
        maxQuantity: values.maxQuantity,
        allocationPercent: values.allocationPercent,
      })
      .then(
        (outcome) =>
          setStatus({
            tone: 'good',
            text: outcome.changed
              ? t('inventory.edit.saved', { count: outcome.queued })
              : t('inventory.edit.unchanged'),
          }),
        (error: unknown) => setStatus({ tone: 'bad', text: toApiError(error).message }),
      );
  };
  const name = props.line.accountName;
  return (
    <li className="op-choice">
      <form
        className="op-form"
        onSubmit={submit}
        aria-label={t('inventory.rules.formLabel', { name })}
      >
        <div className="op-form-row">
          <strong translate="no">{name}</strong>
          <span className="muted">{t(`inventory.rules.scope.${rule.scope}`)}</span>
        </div>
        <div className="op-form-row">
          <label className="field field-inline">
            <span className="field-label">{t('inventory.detail.buffer')}</span>
            <NumberInput label={t('inventory.detail.buffer')} value={buffer} onChange={setBuffer} />
          </label>
          <label className="field field-inline">
            <span className="field-label">{t('inventory.detail.maxQuantity')}</span>
            <NumberInput
              label={t('inventory.detail.maxQuantity')}
              value={max}
              onChange={setMax}
              placeholder={t('inventory.rules.noCap')}
            />
          </label>
          <label className="field field-inline">
            <span className="field-label">{t('inventory.detail.allocation')}</span>
            <NumberInput
              label={t('inventory.detail.allocation')}
              value={share}
              onChange={setShare}
            />
          </label>
          <button type="submit" className="button">
            {t('common.save')}
          </button>
        </div>
        {status ? (
          <div
            className={`notice tone-${status.tone}`}
            role={status.tone === 'bad' ? 'alert' : 'status'}
          >
            {status.text}
          </div>
        ) : null}
      </form>
    </li>
  );
}

/** The channels of a SKU and an editor of each shop's rule for it. */
export function ChannelRules(props: { productId: ProductId }) {
  const { t } = useTranslation();
  const channels = useApiCall(
    'catalog.channels',
    { productId: props.productId },
    { entities: ENTITIES },
  );
  const lines = useMemo(() => {
    const byAccount = new Map<AccountId, RuleLine>();
    for (const channel of channels.data ?? []) {
      // The master's own rule is what a shop applies to the family (a variant rule would win for
      // that variant only, and is edited from the variant).
      if (!byAccount.has(channel.accountId) || channel.productId === props.productId) {
        byAccount.set(channel.accountId, {
          accountId: channel.accountId,
          accountName: channel.accountName,
          rule: channel.rule,
        });
      }
    }
    return [...byAccount.values()];
  }, [channels.data, props.productId]);
  if (!channels.data) {
    return channels.error ? (
      <ErrorState error={channels.error} onRetry={channels.reload} />
    ) : (
      <LoadingState />
    );
  }
  return (
    <div className="op-form">
      <ChannelsTable channels={channels.data} />
      <h4>{t('inventory.rules.title')}</h4>
      {lines.length ? (
        <ul className="op-list">
          {lines.map((line) => (
            <RuleRow
              key={`${line.accountId}:${JSON.stringify(line.rule)}`}
              productId={props.productId}
              line={line}
            />
          ))}
        </ul>
      ) : (
        <div className="muted">{t('inventory.rules.noShops')}</div>
      )}
      <div className="muted">{t('inventory.rules.hint')}</div>
    </div>
  );
}
