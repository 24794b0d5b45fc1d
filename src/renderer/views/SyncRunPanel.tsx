/** One sync run's report: per shop what moved and how long it took, and what needs attention. */
import { useTranslation } from 'react-i18next';
import type { SyncRunReport, SyncRunSummary } from '../../shared/api/index.js';
import type { AccountId } from '../../shared/ids.js';
import { EnumBadge } from '../components/Badge.js';
import { countColumn, DetailPanel, Facts, Section, SmallTable } from '../components/DetailPanel.js';
import { AttentionList } from '../operations/AttentionList.js';
import { useFormat } from '../settings/SettingsProvider.js';

type AccountReport = SyncRunReport['accounts'][number];

export function SyncRunPanel(props: {
  run: SyncRunSummary;
  accountNames: Map<AccountId, string>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { run, accountNames } = props;
  const name = (id: AccountId) => accountNames.get(id) ?? `#${id}`;
  const seconds = (ms: number | undefined) =>
    ms === undefined
      ? ''
      : t('sync.last.duration', { seconds: format.number(Math.round(ms / 1000)) });
  return (
    <DetailPanel
      title={t('sync.detail.title', { id: run.id })}
      subtitle={<EnumBadge kind="runState" value={run.state} />}
      onClose={props.onClose}
      testId="sync-detail"
    >
      <Facts
        items={[
          [t('sync.columns.trigger'), <EnumBadge kind="trigger" value={run.trigger} />],
          [t('sync.columns.startedAt'), format.dateTime(run.startedAt)],
          [t('sync.columns.finishedAt'), format.dateTime(run.finishedAt)],
        ]}
      />
      {run.report ? (
        <>
          <Section title={t('sync.detail.needsAttention')}>
            <AttentionList items={run.report.needsAttention} accountNames={accountNames} />
          </Section>
          <Section title={t('sync.detail.accounts')}>
            <SmallTable<AccountReport>
              rows={run.report.accounts}
              rowKey={(account) => account.accountId}
              empty={t('sync.detail.noAccounts')}
              columns={[
                {
                  header: t('sync.detail.account'),
                  cell: (account) => <span translate="no">{name(account.accountId)}</span>,
                },
                countColumn(t('sync.columns.orders'), (account) => account.ordersPulled, format),
                countColumn(
                  t('sync.columns.listings'),
                  (account) => account.listingsPulled,
                  format,
                ),
                countColumn(t('sync.columns.pushed'), (account) => account.editsPushed, format),
                countColumn(t('sync.last.stock'), (account) => account.stockPushed ?? 0, format),
                {
                  header: t('sync.detail.took'),
                  cell: (account) =>
                    seconds(
                      Object.values(account.durationsMs ?? {}).reduce((sum, ms) => sum + ms, 0),
                    ),
                },
                {
                  header: t('sync.columns.errors'),
                  cell: (account) =>
                    account.errors.length ? (
                      <ul className="errors" translate="no">
                        {account.errors.map((error, index) => (
                          <li key={index}>{error}</li>
                        ))}
                      </ul>
                    ) : (
                      format.number(0)
                    ),
                },
              ]}
            />
          </Section>
        </>
      ) : (
        <p className="muted">{t('sync.detail.noReport')}</p>
      )}
    </DetailPanel>
  );
}
