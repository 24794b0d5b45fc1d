/**
 * Cancellations and returns per bucket as bars with the sold orders as a line, and the table per
 * marketplace with rates. A bar opens the cancelled or returned orders of its bucket.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReturnsBucket } from '../../shared/api/index.js';
import { useApiCall } from '../api/use-api-call.js';
import { useEnumLabel } from '../components/Badge.js';
import { SmallTable } from '../components/DetailPanel.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { bucketLabel, compactNumber, decimal } from './chart-format.js';
import type { ChartOption } from './echarts.js';
import { InsightChart } from './InsightChart.js';
import { useDrill } from './OrdersDrill.js';
import { ConversionWarning, InsightCard, INSIGHT_ENTITIES, type InsightFilter } from './parts.js';

const STATUS_OF_SERIES = [
  ['cancelled'],
  ['returned'],
  ['to_ship', 'shipped', 'delivered'],
] as const;

/** Share of all placed orders, in per cent with one decimal (a ratio of counts, not money). */
function rate(part: number, row: ReturnsBucket): number {
  const all = row.sold + row.cancelled + row.returned;
  return all === 0 ? 0 : (part * 100) / all;
}

export function ReturnsSection({ filter }: { filter: InsightFilter }) {
  const { t } = useTranslation();
  const format = useFormat();
  const enumLabel = useEnumLabel();
  const drill = useDrill();
  const call = useApiCall('insights.returns', filter, { entities: INSIGHT_ENTITIES });
  const data = call.data;
  const percent = decimal(format.locale, 1);

  const option = useMemo((): ChartOption | null => {
    if (!data) return null;
    return {
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        data: data.buckets.map((bucket) => bucketLabel(bucket.key, data.grain, format.locale)),
      },
      yAxis: { type: 'value', axisLabel: { formatter: compactNumber(format.locale) } },
      series: [
        {
          type: 'bar',
          stack: 'undone',
          name: t('insights.returns.cancelled'),
          data: data.byBucket.map((row) => row.cancelled),
        },
        {
          type: 'bar',
          stack: 'undone',
          name: t('insights.returns.returned'),
          data: data.byBucket.map((row) => row.returned),
        },
        {
          type: 'line',
          name: t('insights.returns.sold'),
          data: data.byBucket.map((row) => row.sold),
        },
      ],
    };
  }, [data, format, t]);

  return (
    <InsightCard title={t('insights.returns.title')} testId="insights-returns" call={call}>
      {data && option ? (
        <>
          <ConversionWarning note={data.conversion} />
          <div className="insight-pair">
            <InsightChart
              option={option}
              label={t('insights.returns.title')}
              fileName={`returns-${data.from}-${data.to}`}
              testId="chart-returns"
              onSelect={(index, seriesIndex) => {
                const bucket = data.buckets[index];
                if (!bucket) return;
                drill({
                  placedFrom: bucket.from,
                  placedTo: bucket.to,
                  ...(filter.marketplaces ? { marketplaces: filter.marketplaces } : {}),
                  ...(filter.accountIds ? { accountIds: filter.accountIds } : {}),
                  statuses: [...(STATUS_OF_SERIES[seriesIndex] ?? STATUS_OF_SERIES[0])],
                });
              }}
            />
            <div className="insight-table">
              <SmallTable
                columns={[
                  {
                    header: t('insights.columns.marketplace'),
                    cell: (row) => enumLabel('marketplace', row.marketplace),
                  },
                  {
                    header: t('insights.returns.sold'),
                    align: 'end',
                    cell: (row) => format.number(row.sold),
                  },
                  {
                    header: t('insights.returns.cancelled'),
                    align: 'end',
                    cell: (row) =>
                      `${format.number(row.cancelled)} (${percent(rate(row.cancelled, row))} %)`,
                  },
                  {
                    header: t('insights.returns.returned'),
                    align: 'end',
                    cell: (row) =>
                      `${format.number(row.returned)} (${percent(rate(row.returned, row))} %)`,
                  },
                  {
                    header: t('insights.returns.value'),
                    align: 'end',
                    cell: (row) =>
                      format.money({
                        amountMinor: row.cancelledRevenueMinor + row.returnedRevenueMinor,
                        currency: data.conversion.homeCurrency,
                      }),
                  },
                ]}
                rows={data.byMarketplace}
                rowKey={(row) => row.marketplace}
                empty={t('insights.empty')}
              />
            </div>
          </div>
        </>
      ) : null}
    </InsightCard>
  );
}
