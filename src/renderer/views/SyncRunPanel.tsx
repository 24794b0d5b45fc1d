/** One sync run's report: per account what moved, and what needs the seller's attention. */
import { useTranslation } from 'react-i18next';
import type { SyncRunReport, SyncRunSummary } from '../../shared/api/index.js';
import type { AccountId } from '../../shared/ids.js';
import { EnumBadge } from '../components/Badge.js';
import { countColumn, DetailPanel, Facts, Section, SmallTable } from '../components/DetailPanel.js';
import { useFormat } from '../settings/SettingsProvider.js';

type AccountReport = SyncRunReport['accounts'][number];
type Attention = SyncRunReport['needsAttention'][number];

export function SyncRunPanel(props: {
  run: SyncRunSummary;
  accountNames: Map<AccountId, string>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { run, accountNames } = props;
  const name = (id: AccountId) => accountNames.get(id) ?? `#${id}`;
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
            <SmallTable<Attention>
              rows={run.report.needsAttention}
              rowKey={(item, index) => `${item.kind}:${index}`}
              empty={t('sync.detail.nothingNeedsAttention')}
              columns={[
                {
                  header: t('sync.detail.account'),
                  cell: (item) => (item.accountId === undefined ? '' : name(item.accountId)),
                },
                { header: t('sync.detail.message'), cell: (item) => item.message },
              ]}
            />
          </Section>
          <Section title={t('sync.detail.accounts')}>
            <SmallTable<AccountReport>
              rows={run.report.accounts}
              rowKey={(account) => account.accountId}
              empty={t('sync.detail.noAccounts')}
              columns={[
                { header: t('sync.detail.account'), cell: (account) => name(account.accountId) },
                countColumn(t('sync.columns.orders'), (account) => account.ordersPulled, format),
                countColumn(
                  t('sync.columns.listings'),
                  (account) => account.listingsPulled,
                  format,
                ),
                countColumn(t('sync.columns.pushed'), (account) => account.editsPushed, format),
                {
                  header: t('sync.columns.errors'),
                  cell: (account) =>
                    account.errors.length ? (
                      <ul className="errors">
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
