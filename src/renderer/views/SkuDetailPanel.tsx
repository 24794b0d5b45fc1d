/**
 * One SKU: its facts, stock per warehouse (on hand editable), each channel's shown and allowed
 * quantity with oversell danger, the stock marketplaces hold themselves (FBA), the per-shop rules
 * (editable) and the variants.
 */
import { useTranslation } from 'react-i18next';
import type { SkuHeldStock, SkuRow } from '../../shared/api/index.js';
import type { ProductId } from '../../shared/ids.js';
import { useApiCall } from '../api/use-api-call.js';
import {
  countColumn,
  DetailPanel,
  Facts,
  PendingDetailPanel,
  Section,
  SmallTable,
} from '../components/DetailPanel.js';
import { ErrorState } from '../components/states.js';
import { NO_VALUE } from '../i18n/format.js';
import { ChannelRules } from '../operations/ChannelRules.js';
import { StockEditor } from '../operations/StockEditor.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { variantText } from './InventoryView.js';

const CATALOG_ENTITIES = ['catalog'] as const;

export function SkuDetailPanel(props: {
  id: ProductId;
  onClose: () => void;
  onOpen: (id: ProductId) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const detail = useApiCall('catalog.getSku', { id: props.id }, { entities: CATALOG_ENTITIES });
  const sku = detail.data;

  if (!sku) {
    return (
      <PendingDetailPanel
        title={t('inventory.detail.title')}
        onClose={props.onClose}
        load={detail}
      />
    );
  }

  const dimensions = sku.dimensionsMm
    ? t('inventory.detail.dimensionsValue', sku.dimensionsMm)
    : NO_VALUE;
  return (
    <DetailPanel
      title={sku.sku}
      subtitle={<span translate="no">{sku.title}</span>}
      onClose={props.onClose}
      testId="sku-detail"
    >
      {detail.error ? <ErrorState error={detail.error} onRetry={detail.reload} /> : null}
      <Facts
        items={[
          [t('inventory.columns.available'), format.number(sku.available)],
          [t('inventory.columns.onHand'), format.number(sku.onHand)],
          [t('inventory.columns.reserved'), format.number(sku.reserved)],
          [t('inventory.detail.parent'), <span translate="no">{sku.parentSku ?? NO_VALUE}</span>],
          [t('inventory.columns.cost'), <span translate="no">{format.money(sku.cost)}</span>],
          [
            t('inventory.detail.declaredValue'),
            <span translate="no">{format.money(sku.declaredValue)}</span>,
          ],
          [t('inventory.detail.hsCode'), <span translate="no">{sku.hsCode ?? NO_VALUE}</span>],
          [
            t('inventory.detail.origin'),
            <span translate="no">{sku.countryOfOrigin ?? NO_VALUE}</span>,
          ],
          [
            t('inventory.detail.weight'),
            sku.weightGrams === null
              ? NO_VALUE
              : t('inventory.detail.grams', { value: format.number(sku.weightGrams) }),
          ],
          [t('inventory.detail.dimensions'), dimensions],
        ]}
      />
      <Section title={t('inventory.detail.stock')}>
        <StockEditor
          key={sku.id}
          productId={sku.id}
          stock={sku.stock}
          hasVariants={sku.variants.length > 0}
        />
      </Section>
      {sku.heldStock.length > 0 ? (
        <Section title={t('inventory.detail.heldStock')}>
          <p className="muted">{t('inventory.detail.heldStockNote')}</p>
          <SmallTable<SkuHeldStock>
            rows={sku.heldStock}
            rowKey={(row) => `${row.accountId}:${row.sku}`}
            empty={NO_VALUE}
            columns={[
              { header: t('inventory.detail.account'), cell: (row) => row.accountName },
              countColumn(t('inventory.detail.fulfillable'), (row) => row.fulfillable, format),
              countColumn(t('inventory.detail.inbound'), (row) => row.inbound, format),
              countColumn(t('inventory.detail.heldReserved'), (row) => row.reserved, format),
              countColumn(t('inventory.detail.unfulfillable'), (row) => row.unfulfillable, format),
              {
                header: t('inventory.detail.reportedAt'),
                cell: (row) => format.dateTime(row.updatedAt),
              },
            ]}
          />
        </Section>
      ) : null}
      <Section title={t('inventory.detail.channelRules')}>
        <ChannelRules key={sku.id} productId={sku.id} />
      </Section>
      <Section title={t('inventory.detail.variants')}>
        <SmallTable<SkuRow>
          rows={sku.variants}
          rowKey={(row) => row.id}
          empty={t('inventory.detail.noVariants')}
          columns={[
            {
              header: t('inventory.columns.sku'),
              cell: (row) => (
                <button
                  type="button"
                  className="link-button"
                  translate="no"
                  onClick={() => props.onOpen(row.id)}
                >
                  {row.sku}
                </button>
              ),
            },
            {
              header: t('inventory.detail.attributes'),
              cell: (row) => <span translate="no">{variantText(row.variantAttributes)}</span>,
            },
            countColumn(t('inventory.columns.available'), (row) => row.available, format),
          ]}
        />
      </Section>
      {Object.keys(sku.attributes).length ? (
        <Section title={t('inventory.detail.attributes')}>
          <div translate="no">
            <Facts items={Object.entries(sku.attributes)} />
          </div>
        </Section>
      ) : null}
    </DetailPanel>
  );
}
