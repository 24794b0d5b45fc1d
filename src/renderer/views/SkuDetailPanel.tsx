/** One SKU: its facts, stock per warehouse, variants and per-account channel rules. */
import { useTranslation } from 'react-i18next';
import type { ChannelRule, SkuRow, SkuStock } from '../../shared/api/index.js';
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
import { useFormat } from '../settings/SettingsProvider.js';
import { useAccountNames } from './common.js';
import { variantText } from './InventoryView.js';

const CATALOG_ENTITIES = ['catalog'] as const;

export function SkuDetailPanel(props: {
  id: ProductId;
  onClose: () => void;
  onOpen: (id: ProductId) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const accountNames = useAccountNames();
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
    <DetailPanel title={sku.sku} subtitle={sku.title} onClose={props.onClose} testId="sku-detail">
      {detail.error ? <ErrorState error={detail.error} onRetry={detail.reload} /> : null}
      <Facts
        items={[
          [t('inventory.columns.available'), format.number(sku.available)],
          [t('inventory.columns.onHand'), format.number(sku.onHand)],
          [t('inventory.columns.reserved'), format.number(sku.reserved)],
          [t('inventory.detail.parent'), sku.parentSku ?? NO_VALUE],
          [t('inventory.columns.cost'), format.money(sku.cost)],
          [t('inventory.detail.declaredValue'), format.money(sku.declaredValue)],
          [t('inventory.detail.hsCode'), sku.hsCode ?? NO_VALUE],
          [t('inventory.detail.origin'), sku.countryOfOrigin ?? NO_VALUE],
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
        <SmallTable<SkuStock>
          rows={sku.stock}
          rowKey={(row) => row.warehouse}
          empty={t('inventory.detail.noStock')}
          columns={[
            { header: t('inventory.detail.warehouse'), cell: (row) => row.warehouse },
            countColumn(t('inventory.columns.onHand'), (row) => row.onHand, format),
            countColumn(t('inventory.columns.reserved'), (row) => row.reserved, format),
            countColumn(
              t('inventory.columns.available'),
              (row) => row.onHand - row.reserved,
              format,
            ),
          ]}
        />
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
                <button type="button" className="link-button" onClick={() => props.onOpen(row.id)}>
                  {row.sku}
                </button>
              ),
            },
            {
              header: t('inventory.detail.attributes'),
              cell: (row) => variantText(row.variantAttributes),
            },
            countColumn(t('inventory.columns.available'), (row) => row.available, format),
          ]}
        />
      </Section>
      <Section title={t('inventory.detail.channelRules')}>
        <SmallTable<ChannelRule>
          rows={sku.channelRules}
          rowKey={(row) => row.accountId}
          empty={t('inventory.detail.noChannelRules')}
          columns={[
            {
              header: t('inventory.detail.account'),
              cell: (row) => accountNames.get(row.accountId) ?? `#${row.accountId}`,
            },
            countColumn(t('inventory.detail.buffer'), (row) => row.buffer, format),
            {
              header: t('inventory.detail.maxQuantity'),
              align: 'end',
              cell: (row) => (row.maxQuantity === null ? NO_VALUE : format.number(row.maxQuantity)),
            },
            {
              header: t('inventory.detail.allocation'),
              align: 'end',
              cell: (row) => t('common.percent', { value: format.number(row.allocationPercent) }),
            },
          ]}
        />
      </Section>
      {Object.keys(sku.attributes).length ? (
        <Section title={t('inventory.detail.attributes')}>
          <Facts items={Object.entries(sku.attributes)} />
        </Section>
      ) : null}
    </DetailPanel>
  );
}
