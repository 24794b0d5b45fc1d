/**
 * Handlers of the money methods (contract-money.ts): FX rates, price rules and margins. Rates are
 * fetched outside any transaction (network time must not hold the writer) and each source's
 * rates are then written in one short transaction of their own.
 */
import { randomUUID } from 'node:crypto';
import type { FxOverview, PriceRule } from '../../shared/api/types-money.js';
import {
  applyPriceRule,
  daysBetween,
  deleteRule,
  listingMargins,
  listLatestRates,
  loadRules,
  orderMargin,
  previewPriceRule,
  providerApiKey,
  readFxConfig,
  refreshRates,
  saveRates,
  saveRule,
  setSkuPrice,
  writeFxConfig,
} from '../money/index.js';
import type { Reader } from '../store/connection.js';
import type { Handlers } from './dispatch.js';
import type { HandlerContext } from './handlers.js';

export type MoneyMethod =
  | 'fx.list'
  | 'fx.refresh'
  | 'fx.setManual'
  | 'fx.configure'
  | 'priceRules.list'
  | 'priceRules.save'
  | 'priceRules.delete'
  | 'priceRules.setSkuPrice'
  | 'priceRules.preview'
  | 'priceRules.apply'
  | 'margin.listings'
  | 'margin.order'
  | 'margin.preview';

export const MANUAL_SOURCE = 'manual';

function fxOverview(reader: Reader): FxOverview {
  const config = readFxConfig(reader);
  const today = reader.now().slice(0, 10);
  return {
    rates: listLatestRates(reader).map((rate) => {
      const ageDays = daysBetween(rate.date, today);
      return { ...rate, ageDays, stale: ageDays > config.maxAgeDays };
    }),
    maxAgeDays: config.maxAgeDays,
    ecbUrl: config.ecbUrl,
    providerUrl: config.providerUrl,
    providerCurrencies: config.providerCurrencies,
    providerKeySet: providerApiKey() !== undefined,
    today,
  };
}

export function createMoneyHandlers(
  context: HandlerContext,
  newKey: () => string = context.newKey ?? randomUUID,
): Pick<Handlers, MoneyMethod> {
  const { store } = context;
  const rules = (): PriceRule[] => store.read((r) => loadRules(r).map((loaded) => loaded.rule));
  return {
    'fx.list': () => store.read(fxOverview),
    'fx.refresh': async () => {
      const outcomes = await refreshRates(
        store,
        store.read((r) => readFxConfig(r)),
      );
      if (outcomes.some((outcome) => outcome.saved > 0)) context.emitChanged(['settings']);
      return outcomes;
    },
    'fx.setManual': (input) => {
      const overview = store.write((w) => {
        saveRates(w, [{ ...input, source: MANUAL_SOURCE }]);
        return fxOverview(w);
      });
      context.emitChanged(['settings']);
      return overview;
    },
    'fx.configure': (input) => {
      const patch = Object.fromEntries(
        Object.entries(input).filter(([, value]) => value !== undefined),
      );
      const overview = store.write((w) => {
        writeFxConfig(w, patch);
        return fxOverview(w);
      });
      context.emitChanged(['settings']);
      return overview;
    },
    'priceRules.list': rules,
    'priceRules.save': (input) => {
      const rule = store.write((w) => saveRule(w, input));
      context.emitChanged(['settings']);
      return rule;
    },
    'priceRules.delete': ({ id }) => {
      const deleted = store.write((w) => deleteRule(w, id));
      if (deleted) context.emitChanged(['settings']);
      return { deleted };
    },
    'priceRules.setSkuPrice': ({ productId, price }) => {
      store.write((w) => setSkuPrice(w, productId, price));
      context.emitChanged(['catalog']);
      return { productId, price };
    },
    'priceRules.preview': (input) => store.read((r) => previewPriceRule(r, input)),
    'priceRules.apply': (input) => {
      const outcome = store.write((w) => applyPriceRule(w, input, newKey));
      if (outcome.batchId !== null) context.emitChanged(['listings', 'changes']);
      return outcome;
    },
    'margin.listings': ({ ids }) => store.read((r) => listingMargins(r, ids)),
    'margin.order': ({ orderId }) => store.read((r) => orderMargin(r, orderId)),
    'margin.preview': ({ items }) =>
      store.read((r) =>
        listingMargins(
          r,
          items.map((item) => item.listingId),
          new Map(items.map((item) => [item.listingId, item.priceMinor])),
        ),
      ),
  };
}
