/**
 * Best and worst sellers: the top SKUs' units as horizontal bars, and the tables of the top and
 * the bottom (listed SKUs that sold least, none first). Every SKU links to its orders.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrdersLink, SkuInsight, SkuInsightRow } from '../../shared/api/index.js';
import { useApiCall } from '../api/use-api-call.js';
import { SmallTable, type TableColumn } from '../components/DetailPanel.js';
import { NO_VALUE } from '../i18n/format.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { compactNumber } from './chart-format.js';
import type { ChartOption } from './echarts.js';
import { InsightChart } from './InsightChart.js';
import { DrillLink, useDrill } from './OrdersDrill.js';
import { ConversionWarning, InsightCard, INSIGHT_ENTITIES, type InsightFilter } from './parts.js';

function skuLink(data: SkuInsight, filter: InsightFilter, sku: string): OrdersLink {
  return {
    placedFrom: data.placedFrom,
    placedTo: data.placedTo,
    ...(filter.marketplaces ? { marketplaces: filter.marketplaces } : {}),
    ...(filter.accountIds ? { accountIds: filter.accountIds } : {}),
    search: sku,
  };
}

export function SkuSection({ filter }: { filter: InsightFilter }) {
  const { t } = useTranslation();
  const format = useFormat();
  const drill = useDrill();
  const { grain: _grain, ...period } = filter;
  const call = useApiCall(
    'insights.skus',
    { ...period, limit: 10 },
    { entities: INSIGHT_ENTITIES },
  );
  const data = call.data;

  const option = useMemo((): ChartOption | null => {
    if (!data) return null;
    return {
      grid: { left: 120, right: 24, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', axisLabel: { formatter: compactNumber(format.locale) } },
      yAxis: { type: 'category', inverse: true, data: data.top.map((row) => row.sku) },
      series: [
        {
          type: 'bar',
          name: t('insights.columns.units'),
          data: data.top.map((row) => row.units),
        },
      ],
    };
  }, [data, format, t]);

  const columns = (data: SkuInsight): TableColumn<SkuInsightRow>[] => [
    {
      header: t('insights.columns.sku'),
      cell: (row) => (
        <span translate="no" className="mono">
          <DrillLink link={skuLink(data, filter, row.sku)}>{row.sku}</DrillLink>
        </span>
      ),
    },
    { header: t('insights.columns.units'), align: 'end', cell: (row) => format.number(row.units) },
    {
      header: t('insights.columns.revenue'),
      align: 'end',
      cell: (row) => (row.revenue ? format.money(row.revenue) : NO_VALUE),
    },
    {
      header: t('insights.columns.cancelledReturned'),
      align: 'end',
      cell: (row) => `${format.number(row.cancelledUnits)} / ${format.number(row.returnedUnits)}`,
    },
  ];

  return (
    <InsightCard title={t('insights.skus.title')} testId="insights-skus" call={call}>
      {data && option ? (
        <>
          <ConversionWarning note={data.conversion} />
          <div className="insight-pair">
            <InsightChart
              option={option}
              label={t('insights.skus.chart')}
              fileName={`top-skus-${data.from}-${data.to}`}
              testId="chart-skus"
              onSelect={(index) => {
                const row = data.top[index];
                if (row) drill(skuLink(data, filter, row.sku));
              }}
            />
            <div className="insight-table">
              <h3 className="insight-subtitle">{t('insights.skus.top')}</h3>
              <SmallTable
                columns={columns(data)}
                rows={data.top}
                rowKey={(row) => row.sku}
                empty={t('insights.empty')}
              />
              <h3 className="insight-subtitle">{t('insights.skus.bottom')}</h3>
              <SmallTable
                columns={columns(data)}
                rows={data.bottom}
                rowKey={(row) => row.sku}
                empty={t('insights.skus.noBottom')}
              />
            </div>
          </div>
        </>
      ) : null}
    </InsightCard>
  );
}
