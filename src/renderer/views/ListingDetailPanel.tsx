/** One listing: what the marketplace shows, its sync standing, and the inline editor. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiCall } from '../api/use-api-call.js';
import { EnumBadge } from '../components/Badge.js';
import { DetailPanel, Facts, PendingDetailPanel, Section } from '../components/DetailPanel.js';
import { ErrorState } from '../components/states.js';
import { NO_VALUE } from '../i18n/format.js';
import type { ListingId } from '../../shared/ids.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { ListingEditForm, type EditOutcome } from './ListingEditForm.js';

const LISTING_ENTITIES = ['listings'] as const;

export function ListingDetailPanel(props: { id: ListingId; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const detail = useApiCall('listings.get', { id: props.id }, { entities: LISTING_ENTITIES });
  const [outcome, setOutcome] = useState<{ id: ListingId; value: EditOutcome } | null>(null);
  const listing = detail.data;
  const notice = outcome?.id === props.id ? outcome.value : null;

  if (!listing) {
    return (
      <PendingDetailPanel
        title={t('listings.detail.title')}
        onClose={props.onClose}
        load={detail}
      />
    );
  }

  return (
    <DetailPanel
      title={listing.sku}
      subtitle={
        <>
          <EnumBadge kind="marketplace" value={listing.marketplace} /> {listing.accountName}{' '}
          <span className="muted">{listing.site}</span>
        </>
      }
      onClose={props.onClose}
      testId="listing-detail"
    >
      {detail.error ? <ErrorState error={detail.error} onRetry={detail.reload} /> : null}
      {notice === 'saved' ? (
        <div className="notice tone-good" role="status">
          {t('listings.edit.saved')}
        </div>
      ) : null}
      {notice === 'conflict' ? (
        <div className="notice tone-warn" role="alert">
          {t('listings.edit.conflict')}
        </div>
      ) : null}
      {listing.lastError ? (
        <div className="notice tone-bad" role="alert">
          {t('listings.detail.lastError')} {listing.lastError}
        </div>
      ) : null}
      <Section title={t('listings.edit.title')}>
        <ListingEditForm
          key={`${listing.id}:${listing.localVersion}`}
          listing={listing}
          onOutcome={(value) => {
            setOutcome({ id: listing.id, value });
            if (value) detail.reload();
          }}
        />
      </Section>
      <Section title={t('listings.detail.standing')}>
        <Facts
          items={[
            [
              t('listings.columns.status'),
              <EnumBadge kind="listingStatus" value={listing.status} />,
            ],
            [
              t('listings.columns.syncState'),
              <EnumBadge kind="syncState" value={listing.syncState} />,
            ],
            [t('listings.detail.remoteId'), <span className="mono">{listing.remoteId}</span>],
            [t('listings.detail.locale'), listing.locale],
            [t('listings.detail.localVersion'), format.number(listing.localVersion)],
            [t('listings.columns.updatedAt'), format.dateTime(listing.updatedAt)],
            [t('listings.detail.remoteUpdatedAt'), format.dateTime(listing.remoteUpdatedAt)],
          ]}
        />
      </Section>
      <Section title={t('listings.detail.description')}>
        <p className="prose">{listing.description || NO_VALUE}</p>
      </Section>
      {listing.bulletPoints.length ? (
        <Section title={t('listings.detail.bulletPoints')}>
          <ul className="bullets">
            {listing.bulletPoints.map((point, index) => (
              <li key={index}>{point}</li>
            ))}
          </ul>
        </Section>
      ) : null}
      {listing.keywords.length ? (
        <Section title={t('listings.detail.keywords')}>
          <div className="chips">
            {listing.keywords.map((keyword) => (
              <span key={keyword} className="badge">
                {keyword}
              </span>
            ))}
          </div>
        </Section>
      ) : null}
      {Object.keys(listing.attributes).length ? (
        <Section title={t('listings.detail.attributes')}>
          <Facts items={Object.entries(listing.attributes)} />
        </Section>
      ) : null}
    </DetailPanel>
  );
}
