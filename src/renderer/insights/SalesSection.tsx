/**
 * Sales over time: stacked bars per series (channel, shop, country or SKU) of revenue, orders or
 * units per bucket, and beside it the table of the same buckets. A bar, or a row's link, opens the
 * orders behind it.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SalesInsight, SalesSplit } from '../../shared/api/index.js';
import { useApiCall } from '../api/use-api-call.js';
import { useEnumLabel } from '../components/Badge.js';
import { SmallTable } from '../components/DetailPanel.js';
import { SelectField } from '../components/controls.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { bucketLabel, compactMoney, compactNumber, fullMoney, toMajor } from './chart-format.js';
import type { ChartOption } from './echarts.js';
import { InsightChart } from './InsightChart.js';
import { DrillLink, useDrill } from './OrdersDrill.js';
import { InsightCard, type InsightFilter, INSIGHT_ENTITIES, ConversionWarning } from './parts.js';

const SPLITS: readonly SalesSplit[] = ['total', 'marketplace', 'account', 'country', 'sku'];
const METRICS = ['revenue', 'orders', 'units'] as const;
type Metric = (typeof METRICS)[number];

function valuesOf(series: SalesInsight['series'][number], metric: Metric): number[] {
  if (metric === 'orders') return series.orders;
  return metric === 'units' ? series.units : series.revenueMinor;
}

export function SalesSection({ filter }: { filter: InsightFilter }) {
  const { t } = useTranslation();
  const format = useFormat();
  const enumLabel = useEnumLabel();
  const drill = useDrill();
  const [split, setSplit] = useState<SalesSplit>('marketplace');
  const [metric, setMetric] = useState<Metric>('revenue');
  const call = useApiCall('insights.sales', { ...filter, split }, { entities: INSIGHT_ENTITIES });
  const data = call.data;
  const home = data?.totals.revenue.currency ?? 'USD';

  const seriesName = (key: string, label: string) => {
    if (key === 'total') return t('insights.sales.total');
    if (key === 'other') return t('insights.sales.other');
    return split === 'marketplace' ? enumLabel('marketplace', key as never) : label;
  };

  const option = useMemo((): ChartOption | null => {
    if (!data) return null;
    const axisValue =
      metric === 'revenue' ? compactMoney(format.locale, home) : compactNumber(format.locale);
    const money = fullMoney(format.locale, home);
    return {
      grid: { left: 56, right: 16, top: 36, bottom: 28 },
      legend: { type: 'scroll', top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        data: data.buckets.map((bucket) => bucketLabel(bucket.key, data.grain, format.locale)),
      },
      yAxis: { type: 'value', axisLabel: { formatter: axisValue } },
      series: data.series.map((series) => ({
        type: 'bar',
        stack: 'sales',
        name: seriesName(series.key, series.label),
        data: valuesOf(series, metric).map((value) =>
          metric === 'revenue' ? toMajor(value, home) : value,
        ),
        tooltip: {
          valueFormatter: (value: unknown) =>
            metric === 'revenue' ? money(Number(value)) : format.number(Number(value)),
        },
      })),
    };
    // seriesName depends on split and t only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, metric, format, home, t, split]);

  const bucketRows = useMemo(() => {
    if (!data) return [];
    return data.buckets.map((bucket, index) => ({
      bucket,
      orders: data.series.reduce((sum, series) => sum + (series.orders[index] ?? 0), 0),
      units: data.series.reduce((sum, series) => sum + (series.units[index] ?? 0), 0),
      revenue: data.series.reduce((sum, series) => sum + (series.revenueMinor[index] ?? 0), 0),
    }));
  }, [data]);

  const openOrders = (dataIndex: number, seriesIndex: number) => {
    if (!data) return;
    const bucket = data.buckets[dataIndex];
    const series = data.series[seriesIndex];
    if (!bucket) return;
    drill({ placedFrom: bucket.from, placedTo: bucket.to, ...(series?.link ?? {}) });
  };

  return (
    <InsightCard
      title={t('insights.sales.title')}
      testId="insights-sales"
      call={call}
      controls={
        <>
          <SelectField
            label={t('insights.sales.split')}
            value={split}
            options={SPLITS.map((value) => ({ value, label: t(`insights.sales.splits.${value}`) }))}
            onChange={setSplit}
            testId="insights-split"
          />
          <SelectField
            label={t('insights.sales.metric')}
            value={metric}
            options={METRICS.map((value) => ({
              value,
              label: t(`insights.sales.metrics.${value}`),
            }))}
            onChange={setMetric}
            testId="insights-metric"
          />
        </>
      }
    >
      {data && option ? (
        <>
          <div className="insight-summary" data-testid="insights-sales-totals">
            {t('insights.sales.summary', {
              orders: format.number(data.totals.orders),
              units: format.number(data.totals.units),
              revenue: format.money(data.totals.revenue),
            })}
          </div>
          <ConversionWarning note={data.conversion} />
          <div className="insight-pair">
            <InsightChart
              option={option}
              label={t('insights.sales.title')}
              fileName={`sales-${data.from}-${data.to}`}
              testId="chart-sales"
              onSelect={openOrders}
            />
            <div className="insight-table">
              <SmallTable
                columns={[
                  {
                    header: t('insights.columns.period'),
                    cell: (row) => bucketLabel(row.bucket.key, data.grain, format.locale),
                  },
                  {
                    header: t('insights.columns.orders'),
                    align: 'end',
                    cell: (row) => (
                      <DrillLink
                        link={{
                          placedFrom: row.bucket.from,
                          placedTo: row.bucket.to,
                          ...(filter.marketplaces ? { marketplaces: filter.marketplaces } : {}),
                          ...(filter.accountIds ? { accountIds: filter.accountIds } : {}),
                          statuses: ['to_ship', 'shipped', 'delivered'],
                        }}
                      >
                        {format.number(row.orders)}
                      </DrillLink>
                    ),
                  },
                  {
                    header: t('insights.columns.units'),
                    align: 'end',
                    cell: (row) => format.number(row.units),
                  },
                  {
                    header: t('insights.columns.revenue'),
                    align: 'end',
                    cell: (row) => format.money({ amountMinor: row.revenue, currency: home }),
                  },
                ]}
                rows={bucketRows}
                rowKey={(row) => row.bucket.key}
                empty={t('insights.empty')}
              />
            </div>
          </div>
        </>
      ) : null}
    </InsightCard>
  );
}
