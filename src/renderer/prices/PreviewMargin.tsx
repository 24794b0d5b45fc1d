/**
 * Margins in the bulk-edit preview: for the sampled price changes, the margin at the NEW price
 * (one `margin.preview` call for the samples shown), flagged when under the price rule's guard.
 */
import { useTranslation } from 'react-i18next';
import type { BulkSample, ListingMargin } from '../../shared/api/index.js';
import { useApiCall } from '../api/use-api-call.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { basisPointsToPercent, refusalDetail } from './form.js';
import './prices.css';

/** The new price of each sampled price change, by listing id. */
function pricedSamples(
  samples: readonly BulkSample[],
): { listingId: number; priceMinor: number }[] {
  const items: { listingId: number; priceMinor: number }[] = [];
  for (const sample of samples) {
    const change = sample.changes.find((entry) => entry.field === 'priceMinor');
    if (change && typeof change.after === 'number') {
      items.push({ listingId: sample.listingId, priceMinor: change.after });
    }
  }
  return items;
}

/** Margins at the previewed prices, by listing id (empty while loading or when no price changes). */
export function usePreviewMargins(samples: readonly BulkSample[]): Map<number, ListingMargin> {
  const items = pricedSamples(samples);
  const call = useApiCall('margin.preview', { items }, { enabled: items.length > 0 });
  return new Map((call.data ?? []).map((margin) => [margin.listingId as number, margin]));
}

export function PreviewMarginText({ margin }: { margin: ListingMargin | undefined }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  if (!margin) return null;
  if (!margin.figure) {
    return margin.refusal ? (
      <span className="muted" title={refusalDetail(i18n.language, margin.refusal.message)}>
        {t(`prices.refusals.${margin.refusal.code}`)}
      </span>
    ) : null;
  }
  const { figure } = margin;
  const percent = figure.marginBp === null ? '' : ` · ${basisPointsToPercent(figure.marginBp)} %`;
  return (
    <span
      className={figure.underGuard ? 'margin-under-guard' : undefined}
      title={figure.underGuard ? t('prices.margin.underGuard') : undefined}
    >
      {format.money(figure.margin)}
      {percent}
    </span>
  );
}
