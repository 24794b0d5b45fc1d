/** Listings that refuse a bulk edit's result, each with the reason in the seller's language. */
import { useTranslation } from 'react-i18next';
import type { BulkRefusal } from '../../shared/api/index.js';
import { EnumBadge } from '../components/Badge.js';

export function useRefusalText() {
  const { t } = useTranslation();
  return (refusal: BulkRefusal): string => t(`workbench.refusals.${refusal.code}`, refusal.params);
}

export function RefusalList(props: { refusals: readonly BulkRefusal[]; total: number }) {
  const { t } = useTranslation();
  const text = useRefusalText();
  return (
    <div className="refusals" role="alert" data-testid="bulk-refusals">
      <div className="notice tone-bad">
        {t('workbench.preview.refused', { count: props.total })}
      </div>
      <ul className="refusal-list">
        {props.refusals.map((refusal) => (
          <li key={`${refusal.listingId}-${refusal.code}`}>
            <EnumBadge kind="marketplace" value={refusal.marketplace} />{' '}
            <span className="mono">{refusal.sku}</span> {text(refusal)}
          </li>
        ))}
      </ul>
      {props.total > props.refusals.length ? (
        <div className="muted">
          {t('workbench.preview.moreRefused', { count: props.total - props.refusals.length })}
        </div>
      ) : null}
    </div>
  );
}
