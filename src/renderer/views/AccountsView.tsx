/**
 * Shops: authorisation state, re-authorise-by warnings, sandbox marks; connecting a real shop
 * (consent page, then the redirect's code), adding the built-in sandbox shop, and disconnecting.
 * `#/accounts?connect=1` opens with the connect dialog open (the sandbox notice's one click).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../shared/api/index.js';
import type { AccountId } from '../../shared/ids.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError, useApiCall } from '../api/use-api-call.js';
import { Badge, EnumBadge } from '../components/Badge.js';
import { EmptyState, ErrorState, LoadingState } from '../components/states.js';
import { DataGrid, type GridColumn } from '../grid/DataGrid.js';
import { NO_VALUE } from '../i18n/format.js';
import { AccountPanel } from '../operations/AccountPanel.js';
import { ConnectDialog } from '../operations/ConnectDialog.js';
import { useConnectRedirect } from '../operations/connect-redirect.js';
import { SandboxNotice } from '../operations/SandboxNotice.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { accountWarnings } from './account-warnings.js';
import { gridError, ViewFrame } from './common.js';
import { pageOfArray } from './local-source.js';

const ACCOUNT_ENTITIES = ['accounts', 'sync'] as const;

function useAccountColumns() {
  const { t } = useTranslation();
  const format = useFormat();
  return useMemo<GridColumn<AccountSummary>[]>(
    () => [
      {
        id: 'name',
        header: t('accounts.columns.name'),
        width: 200,
        cell: (account) => (
          <span className="cell-with-badge">
            <span translate="no">{account.displayName}</span>
            {account.sandbox ? <Badge tone="sandbox">{t('sandbox.mark')}</Badge> : null}
          </span>
        ),
      },
      {
        id: 'marketplace',
        header: t('accounts.columns.marketplace'),
        width: 110,
        cell: (account) => <EnumBadge kind="marketplace" value={account.marketplace} />,
      },
      {
        id: 'site',
        header: t('accounts.columns.site'),
        width: 80,
        cell: (account) => <span translate="no">{account.site}</span>,
      },
      {
        id: 'shopId',
        header: t('accounts.columns.shopId'),
        width: 120,
        cell: (account) => (
          <span className="mono" translate="no">
            {account.shopId}
          </span>
        ),
      },
      {
        id: 'authState',
        header: t('accounts.columns.authState'),
        width: 115,
        cell: (account) => <EnumBadge kind="authState" value={account.authState} />,
      },
      {
        id: 'reauthorizeBy',
        header: t('accounts.columns.reauthorizeBy'),
        width: 125,
        cell: (account) =>
          account.reauthorizeBy ? (
            <span title={format.dateTime(account.reauthorizeBy)}>
              {format.date(account.reauthorizeBy)}
            </span>
          ) : (
            NO_VALUE
          ),
      },
      {
        id: 'listings',
        header: t('accounts.columns.listings'),
        width: 85,
        align: 'end',
        cell: (account) => format.number(account.listingCount),
      },
      {
        id: 'orders',
        header: t('accounts.columns.orders'),
        width: 85,
        align: 'end',
        cell: (account) => format.number(account.orderCount),
      },
      {
        id: 'lastSyncAt',
        header: t('accounts.columns.lastSyncAt'),
        width: 125,
        cell: (account) => format.relative(account.lastSyncAt),
      },
    ],
    [t, format],
  );
}

/** The hash asks for the connect dialog (`#/accounts?connect=1`). */
function connectRequested(): boolean {
  const query = window.location.hash.split('?')[1] ?? '';
  return new URLSearchParams(query).get('connect') === '1';
}

export function AccountsView() {
  const { t } = useTranslation();
  const format = useFormat();
  const accounts = useApiCall('accounts.list', {}, { entities: ACCOUNT_ENTITIES });
  // Warnings are judged against the time the list was opened, not a clock ticking in render.
  const [now] = useState(() => Date.now());
  const rows = accounts.data;
  const sandbox = useAddSandbox();
  const redirect = useConnectRedirect();
  const [connecting, setConnecting] = useState(connectRequested);
  const [selected, setSelected] = useState<AccountId | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const columns = useAccountColumns();
  useEffect(() => {
    const onHash = () => {
      if (connectRequested()) setConnecting(true);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const fetchPage = useCallback(
    (offset: number, limit: number) => Promise.resolve(pageOfArray(rows ?? [], offset, limit)),
    [rows],
  );
  const warnings = useMemo(() => accountWarnings(rows ?? [], now), [rows, now]);
  const selectedAccount = rows?.find((account) => account.id === selected) ?? null;
  const closeConnect = () => {
    setConnecting(false);
    if (connectRequested()) window.history.replaceState(null, '', '#/accounts');
  };

  return (
    <>
      <SandboxNotice />
      <ViewFrame
        view="accounts"
        toolbar={
          <>
            <button
              type="button"
              className="button is-primary"
              data-testid="connect-open"
              onClick={() => setConnecting(true)}
            >
              {t('accounts.connect.button')}
            </button>
            <button
              type="button"
              className="button"
              data-testid="add-sandbox"
              disabled={sandbox.adding}
              aria-busy={sandbox.adding}
              title={t('accounts.addSandboxHint')}
              onClick={sandbox.add}
            >
              {sandbox.adding ? t('accounts.addingSandbox') : t('accounts.addSandbox')}
            </button>
            {sandbox.error ? (
              <span className="notice tone-bad" role="alert">
                {t('accounts.addSandboxFailed', { message: sandbox.error })}
              </span>
            ) : null}
          </>
        }
        notices={
          <>
            {redirect ? (
              <div className={`notice tone-${redirect.ok ? 'good' : 'bad'}`} role="status">
                {redirect.ok
                  ? t('accounts.connect.connected', { name: redirect.name })
                  : t('accounts.connect.failed', { message: redirect.message })}
              </div>
            ) : null}
            {notice ? (
              <div className="notice tone-good" role="status" data-testid="accounts-notice">
                {notice}
              </div>
            ) : null}
            {warnings.length ? (
              <ul className="warnings" aria-label={t('accounts.warningsLabel')}>
                {warnings.map((warning) => (
                  <li key={warning.account.id} className="notice tone-warn" role="alert">
                    <span>
                      {warning.kind === 'reauthorizeNow'
                        ? t('accounts.reauthorizeNow', { name: warning.account.displayName })
                        : t('accounts.reauthorizeBy', {
                            name: warning.account.displayName,
                            date: format.date(warning.by),
                            relative: format.relative(warning.by, now),
                          })}
                    </span>
                    {warning.account.sandbox ? null : (
                      <button type="button" className="button" onClick={() => setConnecting(true)}>
                        {t('accounts.reconnect')}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        }
      >
        {!rows ? (
          accounts.error ? (
            <ErrorState error={accounts.error} onRetry={accounts.reload} />
          ) : (
            <LoadingState />
          )
        ) : (
          <DataGrid
            label={t('accounts.gridLabel')}
            columns={columns}
            queryKey="accounts"
            fetchPage={fetchPage}
            refreshKey={0}
            rowKey={(account) => account.id}
            selectedKey={selected}
            onOpen={(account) => setSelected(account.id)}
            renderError={gridError}
            empty={<EmptyState title={t('accounts.empty')} hint={t('accounts.emptyHint')} />}
          />
        )}
        {selectedAccount ? (
          <AccountPanel
            account={selectedAccount}
            onClose={() => setSelected(null)}
            onReconnect={() => setConnecting(true)}
            onDisconnected={(message) => {
              setSelected(null);
              setNotice(message);
            }}
          />
        ) : null}
      </ViewFrame>
      {connecting ? (
        <ConnectDialog
          onClose={closeConnect}
          onConnected={(name) => {
            closeConnect();
            setNotice(t('accounts.connect.connected', { name }));
          }}
        />
      ) : null}
    </>
  );
}

/**
 * Adds the Shopee sandbox shop. The engine answers once the shop is authorised and its first pull
 * is under way; the list refreshes by itself on the engine's `data.changed`.
 */
function useAddSandbox(): { add: () => void; adding: boolean; error: string | null } {
  const api = useApi();
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const add = useCallback(() => {
    setAdding(true);
    setError(null);
    api.call('accounts.addSandbox', { marketplace: 'shopee' }).then(
      () => setAdding(false),
      (raw: unknown) => {
        setAdding(false);
        setError(toApiError(raw).message);
      },
    );
  }, [api]);
  return { add, adding, error };
}
