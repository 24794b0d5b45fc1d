/** The last finished run at a glance: its result, what moved, and what needs the seller. */
import { useTranslation } from 'react-i18next';
import type { DayInsight, SyncRunSummary } from '../../shared/api/index.js';
import type { AccountId } from '../../shared/ids.js';
import { EnumBadge, useEnumLabel } from '../components/Badge.js';
import { Facts } from '../components/DetailPanel.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { AttentionList } from './AttentionList.js';

export function runTotals(run: SyncRunSummary) {
  const sum = { orders: 0, listings: 0, pushed: 0, stock: 0, errors: 0 };
  for (const account of run.report?.accounts ?? []) {
    sum.orders += account.ordersPulled;
    sum.listings += account.listingsPulled;
    sum.pushed += account.editsPushed;
    sum.stock += account.stockPushed ?? 0;
    sum.errors += account.errors.length;
  }
  return sum;
}

export function LastRunCard(props: {
  run: SyncRunSummary | undefined;
  accountNames: Map<AccountId, string>;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { run } = props;
  if (!run) return <div className="muted">{t('sync.empty')}</div>;
  const totals = runTotals(run);
  return (
    <div className="op-form" data-testid="last-run">
      <div className="op-form-row">
        <EnumBadge kind="runState" value={run.state} />
        <span>{format.dateTime(run.finishedAt ?? run.startedAt)}</span>
        {run.report?.durationMs !== undefined ? (
          <span className="muted">
            {t('sync.last.duration', {
              seconds: format.number(Math.round(run.report.durationMs / 1000)),
            })}
          </span>
        ) : null}
      </div>
      <Facts
        items={[
          [t('sync.columns.orders'), format.number(totals.orders)],
          [t('sync.columns.listings'), format.number(totals.listings)],
          [t('sync.columns.pushed'), format.number(totals.pushed)],
          [t('sync.last.stock'), format.number(totals.stock)],
        ]}
      />
      {run.report?.insight ? <DayInsightFacts insight={run.report.insight} /> : null}
      {run.report ? (
        <AttentionList
          items={[
            ...run.report.needsAttention,
            ...(run.report.oversellDanger?.length
              ? [
                  {
                    kind: 'oversell',
                    message: t('sync.last.oversell', { count: run.report.oversellDanger.length }),
                  },
                ]
              : []),
          ]}
          accountNames={props.accountNames}
        />
      ) : (
        <div className="muted">{t('sync.detail.noReport')}</div>
      )}
    </div>
  );
}

/** The run's link to the day's insight: yesterday's sales per marketplace, SKUs about to run out. */
function DayInsightFacts({ insight }: { insight: DayInsight }) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useEnumLabel();
  const day = format.date(`${insight.day}T12:00:00.000Z`);
  return (
    <div data-testid="last-run-insight">
      <h3>{t('sync.last.yesterday', { day })}</h3>
      {insight.sales.length === 0 ? (
        <div className="muted">{t('sync.last.yesterdayNone', { day })}</div>
      ) : (
        <Facts
          items={insight.sales.map((row) => [
            label('marketplace', row.marketplace),
            t('sync.last.yesterdayRow', {
              orders: format.number(row.orders),
              units: format.number(row.units),
              revenue: format.money(row.revenue),
            }),
          ])}
        />
      )}
      {insight.runOutCount > 0 ? (
        <div>{t('sync.last.runOut', { count: insight.runOutCount })}</div>
      ) : null}
      <a href={`#/insights?from=${insight.day}&to=${insight.day}`}>{t('sync.last.openInsight')}</a>
    </div>
  );
}
