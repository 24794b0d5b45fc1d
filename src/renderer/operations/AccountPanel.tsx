/**
 * One shop: its facts and the actions on it. Disconnecting asks first and says what happens to
 * the data: a real shop keeps everything (and stops syncing); a sandbox shop is simulated, so it is
 * removed with its listings, orders and the SKUs only it listed.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary, DisconnectOutcome } from '../../shared/api/index.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError } from '../api/use-api-call.js';
import { EnumBadge } from '../components/Badge.js';
import { DetailPanel, Facts } from '../components/DetailPanel.js';
import { NO_VALUE } from '../i18n/format.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { Dialog } from './Dialog.js';

function DisconnectDialog(props: {
  account: AccountSummary;
  onClose: () => void;
  onDone: (outcome: DisconnectOutcome) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { account } = props;
  const confirm = () => {
    setBusy(true);
    api.call('accounts.disconnect', { id: account.id }).then(props.onDone, (raw: unknown) => {
      setBusy(false);
      setError(toApiError(raw).message);
    });
  };
  return (
    <Dialog
      title={
        account.sandbox ? t('accounts.disconnect.removeTitle') : t('accounts.disconnect.title')
      }
      onClose={props.onClose}
      testId="disconnect-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={props.onClose}>
            {t('accounts.disconnect.keep')}
          </button>
          <button
            type="button"
            className="button is-primary"
            disabled={busy}
            onClick={confirm}
            data-testid="disconnect-confirm"
          >
            {account.sandbox ? t('accounts.disconnect.remove') : t('accounts.disconnect.confirm')}
          </button>
        </>
      }
    >
      <p>
        <strong translate="no">{account.displayName}</strong>
      </p>
      <p>
        {account.sandbox
          ? t('accounts.disconnect.sandboxEffect', {
              listings: format.number(account.listingCount),
              orders: format.number(account.orderCount),
            })
          : t('accounts.disconnect.realEffect', {
              listings: format.number(account.listingCount),
              orders: format.number(account.orderCount),
            })}
      </p>
      {error ? (
        <div className="notice tone-bad" role="alert">
          {error}
        </div>
      ) : null}
    </Dialog>
  );
}

export function AccountPanel(props: {
  account: AccountSummary;
  onClose: () => void;
  onReconnect: () => void;
  onDisconnected: (message: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [confirming, setConfirming] = useState(false);
  const { account } = props;
  return (
    <DetailPanel
      title={account.displayName}
      subtitle={<EnumBadge kind="marketplace" value={account.marketplace} />}
      onClose={props.onClose}
      testId="account-detail"
    >
      <Facts
        items={[
          [
            t('accounts.columns.authState'),
            <EnumBadge kind="authState" value={account.authState} />,
          ],
          [t('accounts.columns.site'), <span translate="no">{account.site}</span>],
          [t('accounts.columns.shopId'), <span translate="no">{account.shopId}</span>],
          [t('accounts.columns.reauthorizeBy'), format.dateTime(account.reauthorizeBy)],
          [t('accounts.columns.listings'), format.number(account.listingCount)],
          [t('accounts.columns.orders'), format.number(account.orderCount)],
          [
            t('accounts.columns.lastSyncAt'),
            account.lastSyncAt ? format.relative(account.lastSyncAt) : NO_VALUE,
          ],
        ]}
      />
      {account.sandbox ? <p className="muted">{t('accounts.sandboxExplain')}</p> : null}
      <div className="op-actions">
        {!account.sandbox ? (
          <button type="button" className="button" onClick={props.onReconnect}>
            {t('accounts.reconnect')}
          </button>
        ) : null}
        <button
          type="button"
          className="button"
          onClick={() => setConfirming(true)}
          data-testid="disconnect-open"
        >
          {account.sandbox ? t('accounts.disconnect.remove') : t('accounts.disconnect.open')}
        </button>
      </div>
      {confirming ? (
        <DisconnectDialog
          account={account}
          onClose={() => setConfirming(false)}
          onDone={(outcome) => {
            setConfirming(false);
            props.onDisconnected(
              outcome.result === 'removed'
                ? t('accounts.disconnect.removed', {
                    name: account.displayName,
                    skus: format.number(outcome.removed.skus),
                  })
                : t('accounts.disconnect.done', { name: account.displayName }),
            );
          }}
        />
      ) : null}
    </DetailPanel>
  );
}
