/** One order: its facts, lines, shipments with where each confirmation stands, and "mark shipped". */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderLine, ShipmentRecord } from '../../shared/api/index.js';
import type { OrderId } from '../../shared/ids.js';
import { useApiCall } from '../api/use-api-call.js';
import { EnumBadge, useEnumLabel } from '../components/Badge.js';
import {
  DetailPanel,
  Facts,
  PendingDetailPanel,
  Section,
  SmallTable,
} from '../components/DetailPanel.js';
import { ErrorState } from '../components/states.js';
import { NO_VALUE } from '../i18n/format.js';
import { ShipForm } from '../operations/ShipForm.js';
import { refusalDetail } from '../prices/form.js';
import { useFormat } from '../settings/SettingsProvider.js';

const ORDER_ENTITIES = ['orders'] as const;
const MARGIN_ENTITIES = ['orders', 'catalog', 'settings'] as const;

export function OrderDetailPanel(props: { id: OrderId; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const label = useEnumLabel();
  const detail = useApiCall('orders.get', { id: props.id }, { entities: ORDER_ENTITIES });
  const shipments = useApiCall(
    'orders.shipments',
    { orderId: props.id },
    { entities: ORDER_ENTITIES },
  );
  const margins = useApiCall('margin.order', { orderId: props.id }, { entities: MARGIN_ENTITIES });
  const marginOf = new Map(margins.data?.lines.map((line) => [line.lineId, line]) ?? []);
  const order = detail.data;
  const [recorded, setRecorded] = useState<{ id: OrderId; text: string } | null>(null);

  if (!order) {
    return (
      <PendingDetailPanel title={t('orders.detail.title')} onClose={props.onClose} load={detail} />
    );
  }
  const records = shipments.data ?? [];
  const active = records.some((record) => record.state !== 'failed');
  const canShip = order.status === 'to_ship' && !active && shipments.data !== undefined;

  return (
    <DetailPanel
      title={order.marketplaceOrderId}
      subtitle={
        <>
          <EnumBadge kind="marketplace" value={order.marketplace} />{' '}
          <span translate="no">{order.accountName}</span>
        </>
      }
      onClose={props.onClose}
      testId="order-detail"
    >
      {detail.error ? <ErrorState error={detail.error} onRetry={detail.reload} /> : null}
      <Facts
        items={[
          [t('orders.columns.status'), <EnumBadge kind="orderStatus" value={order.status} />],
          [
            t('orders.detail.rawStatus'),
            <span className="mono" translate="no" data-testid="order-raw-status">
              {order.rawStatus}
            </span>,
          ],
          [t('orders.columns.placedAt'), format.dateTime(order.placedAt)],
          [t('orders.detail.updatedAt'), format.dateTime(order.updatedAt)],
          [t('orders.columns.shipBy'), format.dateTime(order.shipBy)],
          [
            t('orders.columns.country'),
            <span translate="no">{order.buyerCountry ?? NO_VALUE}</span>,
          ],
          [t('orders.columns.units'), format.number(order.units)],
          [t('orders.columns.total'), <span translate="no">{format.money(order.total)}</span>],
        ]}
      />
      {canShip ? (
        <Section title={t('orders.ship.title')}>
          <ShipForm
            orderId={order.id}
            marketplace={label('marketplace', order.marketplace)}
            onShipped={(text) => setRecorded({ id: order.id, text })}
          />
        </Section>
      ) : null}
      <Section title={t('orders.detail.shipments')}>
        {shipments.error ? <ErrorState error={shipments.error} onRetry={shipments.reload} /> : null}
        {recorded?.id === order.id ? (
          <div className="notice tone-good" role="status" data-testid="ship-message">
            {recorded.text}
          </div>
        ) : null}
        <SmallTable<ShipmentRecord>
          rows={records}
          rowKey={(shipment) => shipment.id}
          empty={t('orders.detail.noShipments')}
          columns={[
            {
              header: t('orders.detail.carrier'),
              cell: (shipment) => <span translate="no">{shipment.carrier}</span>,
            },
            {
              header: t('orders.detail.tracking'),
              cell: (shipment) => (
                <span className="mono" translate="no">
                  {shipment.trackingNumber}
                </span>
              ),
            },
            {
              header: t('orders.detail.shippedAt'),
              cell: (shipment) => format.dateTime(shipment.shippedAt),
            },
            {
              header: t('orders.detail.shipmentState'),
              cell: (shipment) => <ShipmentState shipment={shipment} />,
            },
          ]}
        />
      </Section>
      <Section title={t('orders.detail.lines')}>
        <SmallTable<OrderLine>
          rows={order.lines}
          rowKey={(line) => line.lineId}
          empty={t('orders.detail.noLines')}
          columns={[
            {
              header: t('orders.detail.sku'),
              cell: (line) => (
                <span className="mono" translate="no">
                  {line.sku}
                </span>
              ),
            },
            {
              header: t('orders.detail.item'),
              cell: (line) => <span translate="no">{line.title}</span>,
            },
            {
              header: t('orders.detail.quantity'),
              align: 'end',
              cell: (line) => format.number(line.quantity),
            },
            {
              header: t('orders.detail.unitPrice'),
              align: 'end',
              cell: (line) => <span translate="no">{format.money(line.unitPrice)}</span>,
            },
            {
              header: t('prices.margin.column'),
              align: 'end',
              cell: (line) => {
                const margin = marginOf.get(line.lineId);
                if (!margin) return NO_VALUE;
                if (!margin.figure)
                  return (
                    <span
                      className="muted"
                      title={
                        margin.refusal
                          ? refusalDetail(i18n.language, margin.refusal.message)
                          : undefined
                      }
                    >
                      {margin.refusal ? t(`prices.refusals.${margin.refusal.code}`) : NO_VALUE}
                    </span>
                  );
                return (
                  <span
                    translate="no"
                    data-testid="order-line-margin"
                    className={margin.figure.underGuard ? 'margin-under-guard' : undefined}
                  >
                    {format.money(margin.figure.margin)}
                  </span>
                );
              },
            },
          ]}
        />
      </Section>
    </DetailPanel>
  );
}

/** The confirmation's state, with the marketplace's message and when it is tried again. */
function ShipmentState({ shipment }: { shipment: ShipmentRecord }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div data-testid="shipment-state" data-state={shipment.state}>
      <EnumBadge kind="shipmentState" value={shipment.state} />
      {shipment.state === 'pending' ? (
        <div className="op-message">
          {shipment.retryAt
            ? t('orders.ship.retryAt', { time: format.relative(shipment.retryAt) })
            : t('orders.ship.waiting')}
        </div>
      ) : null}
      {shipment.lastError ? (
        <div className="op-message" translate="no">
          {shipment.lastError}
        </div>
      ) : null}
    </div>
  );
}
