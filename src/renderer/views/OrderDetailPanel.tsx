/** One order: its facts, lines and shipments. */
import { useTranslation } from 'react-i18next';
import type { OrderLine, Shipment } from '../../shared/api/index.js';
import type { OrderId } from '../../shared/ids.js';
import { useApiCall } from '../api/use-api-call.js';
import { EnumBadge } from '../components/Badge.js';
import {
  DetailPanel,
  Facts,
  PendingDetailPanel,
  Section,
  SmallTable,
} from '../components/DetailPanel.js';
import { ErrorState } from '../components/states.js';
import { NO_VALUE } from '../i18n/format.js';
import { useFormat } from '../settings/SettingsProvider.js';

const ORDER_ENTITIES = ['orders'] as const;

export function OrderDetailPanel(props: { id: OrderId; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const detail = useApiCall('orders.get', { id: props.id }, { entities: ORDER_ENTITIES });
  const order = detail.data;

  if (!order) {
    return (
      <PendingDetailPanel title={t('orders.detail.title')} onClose={props.onClose} load={detail} />
    );
  }

  return (
    <DetailPanel
      title={order.marketplaceOrderId}
      subtitle={
        <>
          <EnumBadge kind="marketplace" value={order.marketplace} /> {order.accountName}
        </>
      }
      onClose={props.onClose}
      testId="order-detail"
    >
      {detail.error ? <ErrorState error={detail.error} onRetry={detail.reload} /> : null}
      <Facts
        items={[
          [t('orders.columns.status'), <EnumBadge kind="orderStatus" value={order.status} />],
          [t('orders.detail.rawStatus'), <span className="mono">{order.rawStatus}</span>],
          [t('orders.columns.placedAt'), format.dateTime(order.placedAt)],
          [t('orders.detail.updatedAt'), format.dateTime(order.updatedAt)],
          [t('orders.columns.shipBy'), format.dateTime(order.shipBy)],
          [t('orders.columns.country'), order.buyerCountry ?? NO_VALUE],
          [t('orders.columns.units'), format.number(order.units)],
          [t('orders.columns.total'), format.money(order.total)],
        ]}
      />
      <Section title={t('orders.detail.lines')}>
        <SmallTable<OrderLine>
          rows={order.lines}
          rowKey={(line) => line.lineId}
          empty={t('orders.detail.noLines')}
          columns={[
            {
              header: t('orders.detail.sku'),
              cell: (line) => <span className="mono">{line.sku}</span>,
            },
            { header: t('orders.detail.item'), cell: (line) => line.title },
            {
              header: t('orders.detail.quantity'),
              align: 'end',
              cell: (line) => format.number(line.quantity),
            },
            {
              header: t('orders.detail.unitPrice'),
              align: 'end',
              cell: (line) => format.money(line.unitPrice),
            },
          ]}
        />
      </Section>
      <Section title={t('orders.detail.shipments')}>
        <SmallTable<Shipment>
          rows={order.shipments}
          rowKey={(shipment, index) => `${shipment.trackingNumber}:${index}`}
          empty={t('orders.detail.noShipments')}
          columns={[
            { header: t('orders.detail.carrier'), cell: (shipment) => shipment.carrier },
            {
              header: t('orders.detail.tracking'),
              cell: (shipment) => <span className="mono">{shipment.trackingNumber}</span>,
            },
            {
              header: t('orders.detail.shippedAt'),
              cell: (shipment) => format.dateTime(shipment.shippedAt),
            },
            {
              header: t('orders.detail.shipmentState'),
              cell: (shipment) => <EnumBadge kind="shipmentState" value={shipment.state} />,
            },
          ]}
        />
      </Section>
    </DetailPanel>
  );
}
