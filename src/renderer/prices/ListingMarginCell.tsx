/** The listings grid's margin cell: this listing's margin in the home currency, flagged under the guard. */
import './prices.css';
import {
  createContext,
  useContext,
  useEffect,
  useMemo,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { PriceRefusal, SilkrouteApi } from '../../shared/api/index.js';
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

interface MarginCells {
  batcher: MarginBatcher;
  /** The short word for why a listing has no margin. */
  refusalLabel: (code: PriceRefusal['code']) => string;
  underGuard: string;
  language: string;
  format: ReturnType<typeof useFormat>;
}

const MarginCellsContext = createContext<MarginCells | null>(null);

/**
 * What every margin cell of a grid shares, set up once for the grid rather than in each cell (a
 * cell with its own translation, format and data-version hooks cost a scroll frame its budget).
 */
export function MarginCellsProvider({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const batcher = batcherOf(useApi());
  const version = useDataVersion(ENTITIES);
  useEffect(() => batcher.setVersion(version), [batcher, version]);
  const value = useMemo(
    () => ({
      batcher,
      refusalLabel: (code: PriceRefusal['code']) => t(`prices.refusals.${code}`),
      underGuard: t('prices.margin.underGuard'),
      language: i18n.language,
      format,
    }),
    [batcher, t, i18n.language, format],
  );
  return <MarginCellsContext.Provider value={value}>{children}</MarginCellsContext.Provider>;
}

/** The grid's batcher, to ask for a page's margins as the page arrives. */
export function useMarginBatcher(): MarginBatcher {
  return batcherOf(useApi());
}

export function ListingMarginCell({ listingId }: { listingId: number }) {
  const cells = useContext(MarginCellsContext);
  if (!cells) throw new Error('ListingMarginCell needs a MarginCellsProvider around its grid');
  const { batcher, refusalLabel, underGuard, language, format } = cells;
  const margin = useSyncExternalStore(
    (listener) => batcher.subscribe(listingId, listener),
    () => batcher.get(listingId),
  );
  if (!margin) return null;
  if (!margin.figure) {
    return (
      <span
        className="muted"
        title={margin.refusal ? refusalDetail(language, margin.refusal.message) : undefined}
      >
        {margin.refusal ? refusalLabel(margin.refusal.code) : null}
      </span>
    );
  }
  const { figure } = margin;
  const percent = figure.marginBp === null ? '' : ` · ${basisPointsToPercent(figure.marginBp)} %`;
  return (
    <span
      className={figure.underGuard ? 'margin-under-guard' : undefined}
      title={figure.underGuard ? underGuard : undefined}
      data-under-guard={figure.underGuard ? 'true' : undefined}
    >
      {format.money(figure.margin)}
      {percent}
    </span>
  );
}
