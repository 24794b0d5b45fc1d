/**
 * Stock cover: the SKUs that run out first as bars of days left (red within the lead time), with
 * the velocity window, lead time and safety days the seller chooses, and the table with reorder
 * points.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiCall } from '../api/use-api-call.js';
import { Badge } from '../components/Badge.js';
import { SmallTable } from '../components/DetailPanel.js';
import { SelectField } from '../components/controls.js';
import { NO_VALUE } from '../i18n/format.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { dayLabel, decimal } from './chart-format.js';
import type { ChartOption } from './echarts.js';
import { InsightChart } from './InsightChart.js';
import { InsightCard, INSIGHT_ENTITIES, type InsightFilter } from './parts.js';

const WINDOWS = ['7', '14', '28', '56', '90'] as const;
const LEAD_TIMES = ['7', '14', '21', '30', '45', '60'] as const;
const SAFETY = ['0', '7', '14', '30'] as const;

export function StockCoverSection({ filter }: { filter: InsightFilter }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [windowDays, setWindowDays] = useState<(typeof WINDOWS)[number]>('28');
  const [leadTime, setLeadTime] = useState<(typeof LEAD_TIMES)[number]>('14');
  const [safety, setSafety] = useState<(typeof SAFETY)[number]>('7');
  const call = useApiCall(
    'insights.stockCover',
    {
      ...(filter.marketplaces ? { marketplaces: filter.marketplaces } : {}),
      ...(filter.accountIds ? { accountIds: filter.accountIds } : {}),
      windowDays: Number(windowDays),
      leadTimeDays: Number(leadTime),
      safetyDays: Number(safety),
      limit: 20,
    },
    { entities: INSIGHT_ENTITIES },
  );
  const data = call.data;
  const oneDecimal = decimal(format.locale, 1);
  const days = (value: number) => t('insights.cover.days', { value: oneDecimal(value) });

  const option = useMemo((): ChartOption | null => {
    if (!data) return null;
    const rows = data.rows.filter((row) => row.daysOfCover !== null);
    // A canvas does not resolve CSS variables: read the theme's "bad" colour itself.
    const bad = getComputedStyle(document.documentElement).getPropertyValue('--bad').trim();
    return {
      grid: { left: 120, right: 24, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', axisLabel: { formatter: decimal(format.locale, 1) } },
      yAxis: { type: 'category', inverse: true, data: rows.map((row) => row.sku) },
      series: [
        {
          type: 'bar',
          name: t('insights.cover.daysOfCover'),
          data: rows.map((row) => ({
            value: Math.round((row.daysOfCover ?? 0) * 10) / 10,
            // Within the lead time is urgent: the order would arrive after the shelf is empty.
            itemStyle: (row.daysOfCover ?? 0) <= data.leadTimeDays ? { color: bad } : {},
          })),
        },
      ],
    };
  }, [data, format, t]);

  return (
    <InsightCard
      title={t('insights.cover.title')}
      testId="insights-cover"
      call={call}
      controls={
        <>
          <SelectField
            label={t('insights.cover.window')}
            value={windowDays}
            options={WINDOWS.map((value) => ({ value, label: days(Number(value)) }))}
            onChange={setWindowDays}
          />
          <SelectField
            label={t('insights.cover.leadTime')}
            value={leadTime}
            options={LEAD_TIMES.map((value) => ({ value, label: days(Number(value)) }))}
            onChange={setLeadTime}
          />
          <SelectField
            label={t('insights.cover.safety')}
            value={safety}
            options={SAFETY.map((value) => ({ value, label: days(Number(value)) }))}
            onChange={setSafety}
          />
        </>
      }
    >
      {data && option ? (
        <>
          <div className="insight-summary" data-testid="insights-cover-summary">
            {t('insights.cover.summary', {
              reorder: format.number(data.reorderCount),
              runOut: format.number(data.runOutWithinLeadTime),
              lead: days(data.leadTimeDays),
              out: format.number(data.outOfStock),
            })}
          </div>
          <div className="insight-pair">
            <InsightChart
              option={option}
              label={t('insights.cover.title')}
              fileName={`stock-cover-${data.asOf}`}
              testId="chart-cover"
              height={Math.max(200, data.rows.length * 22 + 40)}
            />
            <div className="insight-table">
              <SmallTable
                columns={[
                  {
                    header: t('insights.columns.sku'),
                    cell: (row) => (
                      <span translate="no" className="mono">
                        {row.sku}
                      </span>
                    ),
                  },
                  {
                    header: t('insights.cover.available'),
                    align: 'end',
                    cell: (row) => format.number(row.available),
                  },
                  {
                    header: t('insights.cover.velocity'),
                    align: 'end',
                    cell: (row) => decimal(format.locale, 2)(row.velocityPerDay),
                  },
                  {
                    header: t('insights.cover.daysOfCover'),
                    align: 'end',
                    cell: (row) =>
                      row.daysOfCover === null ? NO_VALUE : oneDecimal(row.daysOfCover),
                  },
                  {
                    header: t('insights.cover.runOut'),
                    cell: (row) =>
                      row.runOutDay ? dayLabel(row.runOutDay, format.locale) : NO_VALUE,
                  },
                  {
                    header: t('insights.cover.reorderPoint'),
                    align: 'end',
                    cell: (row) => format.number(row.reorderPoint),
                  },
                  {
                    header: t('insights.cover.reorder'),
                    cell: (row) =>
                      row.reorderNow ? (
                        <Badge tone="bad">{t('insights.cover.reorderNow')}</Badge>
                      ) : null,
                  },
                ]}
                rows={data.rows}
                rowKey={(row) => row.productId}
                empty={t('insights.cover.none')}
              />
            </div>
          </div>
        </>
      ) : null}
    </InsightCard>
  );
}
