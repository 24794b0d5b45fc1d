/**
 * Connected shops: authorisation state, re-authorise-by warnings, sandbox marks, and the button
 * that adds the built-in sandbox shop (a simulated Shopee, no credentials needed).
 */
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../shared/api/index.js';
import { useApi } from '../api/ApiProvider.js';
import { toApiError, useApiCall } from '../api/use-api-call.js';
import { Badge, EnumBadge } from '../components/Badge.js';
import { EmptyState, ErrorState, LoadingState } from '../components/states.js';
import { DataGrid, type GridColumn } from '../grid/DataGrid.js';
import { NO_VALUE } from '../i18n/format.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { accountWarnings } from './account-warnings.js';
import { gridError, ViewFrame } from './common.js';
import { pageOfArray } from './local-source.js';

const ACCOUNT_ENTITIES = ['accounts', 'sync'] as const;

export function AccountsView() {
  const { t } = useTranslation();
  const format = useFormat();
  const accounts = useApiCall('accounts.list', {}, { entities: ACCOUNT_ENTITIES });
  // Warnings are judged against the time the list was opened, not a clock ticking in render.
  const [now] = useState(() => Date.now());
  const rows = accounts.data;
  const sandbox = useAddSandbox();

  const columns = useMemo<GridColumn<AccountSummary>[]>(
    () => [
      {
        id: 'name',
        header: t('accounts.columns.name'),
        width: 200,
        cell: (account) => (
          <span className="cell-with-badge">
            <span>{account.displayName}</span>
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
        width: 90,
        cell: (account) => account.site,
      },
      {
        id: 'shopId',
        header: t('accounts.columns.shopId'),
        width: 130,
        cell: (account) => <span className="mono">{account.shopId}</span>,
      },
      {
        id: 'authState',
        header: t('accounts.columns.authState'),
        width: 120,
        cell: (account) => <EnumBadge kind="authState" value={account.authState} />,
      },
      {
        id: 'reauthorizeBy',
        header: t('accounts.columns.reauthorizeBy'),
        width: 130,
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
        width: 90,
        align: 'end',
        cell: (account) => format.number(account.listingCount),
      },
      {
        id: 'orders',
        header: t('accounts.columns.orders'),
        width: 90,
        align: 'end',
        cell: (account) => format.number(account.orderCount),
      },
      {
        id: 'lastSyncAt',
        header: t('accounts.columns.lastSyncAt'),
        width: 130,
        cell: (account) => format.relative(account.lastSyncAt),
      },
    ],
    [t, format],
  );

  const fetchPage = useCallback(
    (offset: number, limit: number) => Promise.resolve(pageOfArray(rows ?? [], offset, limit)),
    [rows],
  );
  const warnings = useMemo(() => accountWarnings(rows ?? [], now), [rows, now]);

  return (
    <ViewFrame
      view="accounts"
      toolbar={
        <>
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
        warnings.length ? (
          <ul className="warnings" aria-label={t('accounts.warningsLabel')}>
            {warnings.map((warning) => (
              <li key={warning.account.id} className="notice tone-warn" role="alert">
                {warning.kind === 'reauthorizeNow'
                  ? t('accounts.reauthorizeNow', { name: warning.account.displayName })
                  : t('accounts.reauthorizeBy', {
                      name: warning.account.displayName,
                      date: format.date(warning.by),
                      relative: format.relative(warning.by, now),
                    })}
              </li>
            ))}
          </ul>
        ) : null
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
          renderError={gridError}
          empty={<EmptyState title={t('accounts.empty')} hint={t('accounts.emptyHint')} />}
        />
      )}
    </ViewFrame>
  );
}

/**
 * Adds the Shopee sandbox shop. The engine answers once the shop is authorised and its first pull
 * is stored; the list refreshes by itself on the engine's `data.changed`.
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
