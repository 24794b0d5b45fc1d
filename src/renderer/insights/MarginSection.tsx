/**
 * Margin: revenue, cost of goods, margin before and after fees per marketplace as grouped bars,
 * then tables per marketplace, per shop and per SKU. Fees are estimated from the price rules; the
 * view says so and names the shops without a rule (their fees, and so their margin, are unknown).
 * A missing cost or fee shows as unknown, never as zero.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MarginInsight, MarginRow } from '../../shared/api/index.js';
import type { Money } from '../../shared/money.js';
import { useApiCall } from '../api/use-api-call.js';
import { useEnumLabel } from '../components/Badge.js';
import { SmallTable, type TableColumn } from '../components/DetailPanel.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { compactMoney, toMajor } from './chart-format.js';
import type { ChartOption } from './echarts.js';
import { InsightChart } from './InsightChart.js';
import { useDrill } from './OrdersDrill.js';
import { ConversionWarning, InsightCard, INSIGHT_ENTITIES, type InsightFilter } from './parts.js';

export function MarginSection({ filter }: { filter: InsightFilter }) {
  const { t } = useTranslation();
  const format = useFormat();
  const enumLabel = useEnumLabel();
  const drill = useDrill();
  const { grain: _grain, ...period } = filter;
  const call = useApiCall(
    'insights.margin',
    { ...period, limit: 10 },
    { entities: INSIGHT_ENTITIES },
  );
  const data = call.data;
  const home = data?.conversion.homeCurrency ?? 'USD';
  const unknown = t('insights.margin.unknown');
  const money = (value: Money | null) => (value ? format.money(value) : unknown);
  const major = (value: Money | null) => (value ? toMajor(value.amountMinor, home) : null);

  const option = useMemo((): ChartOption | null => {
    if (!data) return null;
    const rows = data.byMarketplace;
    return {
      grid: { left: 64, right: 16, top: 36, bottom: 28 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'category',
        data: rows.map((row) => enumLabel('marketplace', row.key as never)),
      },
      yAxis: { type: 'value', axisLabel: { formatter: compactMoney(format.locale, home) } },
      series: [
        {
          type: 'bar',
          name: t('insights.columns.revenue'),
          data: rows.map((row) => major(row.revenue)),
        },
        { type: 'bar', name: t('insights.margin.cost'), data: rows.map((row) => major(row.cost)) },
        {
          type: 'bar',
          name: t('insights.margin.beforeFees'),
          data: rows.map((row) => major(row.marginBeforeFees)),
        },
        {
          type: 'bar',
          name: t('insights.margin.afterFees'),
          data: rows.map((row) => major(row.margin)),
        },
      ],
    };
    // major and enumLabel depend on home and t only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, format, home, t]);

  /** Names the shops without a rule, unless none has one (then the list would be every shop). */
  const feesNotice = (insight: MarginInsight): string[] => {
    const without = insight.shopsWithoutRule;
    if (without.length > 0 && without.length >= insight.byShop.length) {
      return [t('insights.margin.noRules')];
    }
    const estimated = t('insights.margin.feesEstimated');
    if (without.length === 0) return [estimated];
    const shops = new Intl.ListFormat(format.locale, { type: 'conjunction' }).format(
      without.map((shop) => shop.name),
    );
    return [estimated, t('insights.margin.shopsWithoutRule', { shops })];
  };

  const columns = (first: string, label: (row: MarginRow) => string): TableColumn<MarginRow>[] => [
    { header: first, cell: (row) => <span translate="no">{label(row)}</span> },
    { header: t('insights.columns.units'), align: 'end', cell: (row) => format.number(row.units) },
    { header: t('insights.columns.revenue'), align: 'end', cell: (row) => money(row.revenue) },
    { header: t('insights.margin.cost'), align: 'end', cell: (row) => money(row.cost) },
    { header: t('insights.margin.fees'), align: 'end', cell: (row) => money(row.fees) },
    {
      header: t('insights.margin.beforeFees'),
      align: 'end',
      cell: (row) => money(row.marginBeforeFees),
    },
    { header: t('insights.margin.afterFees'), align: 'end', cell: (row) => money(row.margin) },
    {
      header: t('insights.margin.withoutCost'),
      align: 'end',
      cell: (row) => format.number(row.unitsWithoutCost),
    },
    {
      header: t('insights.margin.withoutFees'),
      align: 'end',
      cell: (row) => format.number(row.unitsWithoutFees),
    },
  ];

  return (
    <InsightCard title={t('insights.margin.title')} testId="insights-margin" call={call}>
      {data && option ? (
        <>
          <div className="insight-warning" role="note" data-testid="insights-margin-fees">
            {feesNotice(data).map((sentence) => (
              <div key={sentence}>{sentence}</div>
            ))}
          </div>
          <ConversionWarning note={data.conversion} />
          <div className="insight-pair">
            <InsightChart
              option={option}
              label={t('insights.margin.title')}
              fileName={`margin-${data.from}-${data.to}`}
              testId="chart-margin"
              onSelect={(index) => {
                const row = data.byMarketplace[index];
                if (!row) return;
                drill({
                  placedFrom: data.placedFrom,
                  placedTo: data.placedTo,
                  marketplaces: [row.key as never],
                  statuses: ['to_ship', 'shipped', 'delivered'],
                });
              }}
            />
            <div className="insight-table">
              <SmallTable
                columns={columns(t('insights.columns.marketplace'), (row) =>
                  enumLabel('marketplace', row.key as never),
                )}
                rows={data.byMarketplace}
                rowKey={(row) => row.key}
                empty={t('insights.empty')}
              />
            </div>
          </div>
          {/* Full width below the chart: these tables have a row per shop or SKU. */}
          <h3 className="insight-subtitle">{t('insights.margin.byShop')}</h3>
          <div className="insight-table">
            <SmallTable
              columns={columns(t('insights.columns.shop'), (row) => row.label)}
              rows={data.byShop}
              rowKey={(row) => row.key}
              empty={t('insights.empty')}
            />
          </div>
          <h3 className="insight-subtitle">{t('insights.margin.bySku')}</h3>
          <p className="muted">{t('insights.margin.skuFixedFees')}</p>
          <div className="insight-table">
            <SmallTable
              columns={columns(t('insights.columns.sku'), (row) => row.key)}
              rows={data.bySku}
              rowKey={(row) => row.key}
              empty={t('insights.empty')}
            />
          </div>
        </>
      ) : null}
    </InsightCard>
  );
}
