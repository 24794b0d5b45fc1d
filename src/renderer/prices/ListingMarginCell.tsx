/** The listings grid's margin cell: this listing's margin in the home currency, flagged under the guard. */
import './prices.css';
import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { SilkrouteApi } from '../../shared/api/index.js';
import { useApi, useDataVersion } from '../api/ApiProvider.js';
import { useFormat } from '../settings/SettingsProvider.js';
import { basisPointsToPercent, refusalDetail } from './form.js';
import { MarginBatcher } from './margin-batch.js';

const ENTITIES = ['listings', 'settings', 'catalog'] as const;
const batchers = new WeakMap<SilkrouteApi, MarginBatcher>();

function batcherOf(api: SilkrouteApi): MarginBatcher {
  let batcher = batchers.get(api);
  if (!batcher) {
    batcher = new MarginBatcher((ids) => api.call('margin.listings', { ids }));
    batchers.set(api, batcher);
  }
  return batcher;
}

export function ListingMarginCell({ listingId }: { listingId: number }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const batcher = batcherOf(useApi());
  const version = useDataVersion(ENTITIES);
  useEffect(() => batcher.setVersion(version), [batcher, version]);
  const margin = useSyncExternalStore(
    (listener) => batcher.subscribe(listingId, listener),
    () => batcher.get(listingId),
  );
  if (!margin) return null;
  if (!margin.figure) {
    return (
      <span
        className="muted"
        title={margin.refusal ? refusalDetail(i18n.language, margin.refusal.message) : undefined}
      >
        {margin.refusal ? t(`prices.refusals.${margin.refusal.code}`) : null}
      </span>
    );
  }
  const { figure } = margin;
  const percent = figure.marginBp === null ? '' : ` · ${basisPointsToPercent(figure.marginBp)} %`;
  return (
    <span
      className={figure.underGuard ? 'margin-under-guard' : undefined}
      title={figure.underGuard ? t('prices.margin.underGuard') : undefined}
      data-under-guard={figure.underGuard ? 'true' : undefined}
    >
      {format.money(figure.margin)}
      {percent}
    </span>
  );
}
