/** The last finished run at a glance: its result, what moved, and what needs the seller. */
import { useTranslation } from 'react-i18next';
import type { SyncRunSummary } from '../../shared/api/index.js';
import type { AccountId } from '../../shared/ids.js';
import { EnumBadge } from '../components/Badge.js';
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
