/**
 * The orders behind a number, shown in place: a click on a bar or a count opens this panel with
 * the same orders.query filter the orders view would use, and a link to open them there.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrdersLink } from '../../shared/api/index.js';
import { useApiCall } from '../api/use-api-call.js';
import { EnumBadge } from '../components/Badge.js';
import { SmallTable } from '../components/DetailPanel.js';
import { ErrorState, LoadingState } from '../components/states.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { ordersHref } from './order-link.js';

const SHOWN = 100;
const ORDER_ENTITIES = ['orders'] as const;

/** Opens the drill-down for a link; provided by the Insights view. */
export const DrillContext = createContext<(link: OrdersLink) => void>(() => undefined);

export function useDrill(): (link: OrdersLink) => void {
  return useContext(DrillContext);
}

/** An anchor to the orders view that opens the drill-down in place on a plain click. */
export function DrillLink({ link, children }: { link: OrdersLink; children: ReactNode }) {
  const drill = useDrill();
  return (
    <a
      href={ordersHref(link)}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        drill(link);
      }}
    >
      {children}
    </a>
  );
}

export function OrdersDrill({ link, onClose }: { link: OrdersLink; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const call = useApiCall(
    'orders.query',
    { ...link, sort: { field: 'placedAt', dir: 'desc' }, offset: 0, limit: SHOWN },
    { entities: ORDER_ENTITIES },
  );
  return (
    <section
      className="insight-card insight-drill"
      data-testid="insights-drill"
      aria-label={t('insights.drill.title')}
    >
      <header className="insight-card-header">
        <h2 className="insight-card-title">
          {t('insights.drill.title')}{' '}
          <span className="muted">
            {format.dateTime(link.placedFrom)} – {format.dateTime(link.placedTo)}
          </span>
        </h2>
        <div className="insight-card-controls">
          <a className="button" href={ordersHref(link)} data-testid="insights-drill-open">
            {t('insights.drill.open', { total: format.number(call.data?.total ?? 0) })}
          </a>
          <button type="button" className="button" onClick={onClose}>
            {t('insights.drill.close')}
          </button>
        </div>
      </header>
      {call.error && !call.data ? (
        <ErrorState error={call.error} onRetry={call.reload} />
      ) : !call.data ? (
        <LoadingState />
      ) : (
        <div className="insight-table">
          <SmallTable
            columns={[
              {
                header: t('orders.columns.placedAt'),
                cell: (row) => format.dateTime(row.placedAt),
              },
              {
                header: t('orders.columns.marketplace'),
                cell: (row) => <EnumBadge kind="marketplace" value={row.marketplace} />,
              },
              {
                header: t('orders.columns.orderId'),
                cell: (row) => (
                  <span className="mono" translate="no">
                    {row.marketplaceOrderId}
                  </span>
                ),
              },
              {
                header: t('orders.columns.status'),
                cell: (row) => <EnumBadge kind="orderStatus" value={row.status} />,
              },
              {
                header: t('orders.columns.units'),
                align: 'end',
                cell: (row) => format.number(row.units),
              },
              {
                header: t('orders.columns.total'),
                align: 'end',
                cell: (row) => <span translate="no">{format.money(row.total)}</span>,
              },
            ]}
            rows={call.data.rows}
            rowKey={(row) => row.id}
            empty={t('insights.drill.none')}
          />
        </div>
      )}
    </section>
  );
}
