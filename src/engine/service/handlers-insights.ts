/**
 * Handlers of the insights methods (contract-insights.ts). Each brings the summaries up to date
 * first — a write only when orders changed since the last answer, or the seller's time zone did —
 * then answers from one read transaction.
 */
import type { Settings } from '../../shared/api/types.js';
import {
  marginInsight,
  refreshSummaries,
  returnsInsight,
  salesInsight,
  skuInsight,
  stockCoverInsight,
  summariesStale,
} from '../insights/index.js';
import type { Reader, Store } from '../store/connection.js';
import { readSettings } from '../store/queries/settings.js';
import type { Handlers } from './dispatch.js';
import type { HandlerContext } from './handlers.js';

export type InsightsMethod =
  | 'insights.sales'
  | 'insights.skus'
  | 'insights.returns'
  | 'insights.stockCover'
  | 'insights.margin';

/** Refreshes the summaries when needed, then runs `read` in one read transaction. */
export function readInsights<T>(store: Store, read: (r: Reader, settings: Settings) => T): T {
  const settings = store.read(readSettings);
  if (store.read((r) => summariesStale(r, settings.timeZone))) {
    store.write((w) => refreshSummaries(w, settings.timeZone));
  }
  return store.read((r) => read(r, settings));
}

export function createInsightsHandlers(context: HandlerContext): Pick<Handlers, InsightsMethod> {
  const { store } = context;
  const scope = (settings: Settings) => ({
    timeZone: settings.timeZone,
    homeCurrency: settings.homeCurrency,
  });
  return {
    'insights.sales': (input) =>
      readInsights(store, (r, settings) => salesInsight(r, scope(settings), input)),
    'insights.skus': (input) =>
      readInsights(store, (r, settings) => skuInsight(r, scope(settings), input)),
    'insights.returns': (input) =>
      readInsights(store, (r, settings) => returnsInsight(r, scope(settings), input)),
    'insights.stockCover': (input) =>
      readInsights(store, (r, settings) => stockCoverInsight(r, settings.timeZone, input)),
    'insights.margin': (input) =>
      readInsights(store, (r, settings) => marginInsight(r, scope(settings), input)),
  };
}
