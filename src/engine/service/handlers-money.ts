/**
 * Handlers of the money methods (contract-money.ts): FX rates, price rules and margins. Rates are
 * fetched outside any transaction (network time must not hold the writer) and each source's
 * rates are then written in one short transaction of their own.
 */
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
import { secretStoreFor, type SecretStore } from '../secrets/index.js';
import type { Reader } from '../store/connection.js';
import type { Handlers } from './dispatch.js';
import type { HandlerContext } from './handlers.js';
import { newJobKey } from '../store/job-keys.js';

export type MoneyMethod =
  | 'fx.list'
  | 'fx.refresh'
  | 'fx.setManual'
  | 'fx.configure'
  | 'fx.setApiKey'
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
/** Where the provider's key is kept in the encrypted secret store. */
const PROVIDER_KEY = { scope: 'fx-provider', name: 'openexchangerates' };

function keyStored(secrets: SecretStore): boolean {
  return secrets.list(PROVIDER_KEY.scope).some((entry) => entry.name === PROVIDER_KEY.name);
}

function fxOverview(reader: Reader, keySet: boolean): FxOverview {
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
    providerKeySet: keySet,
    today,
  };
}

export function createMoneyHandlers(
  context: HandlerContext,
  newKey: () => string = context.newKey ?? newJobKey,
): Pick<Handlers, MoneyMethod> {
  const { store } = context;
  let secretStore: SecretStore | undefined;
  // Opened at first use: a folder that never stores a key never needs a data key.
  const secrets = () => (secretStore ??= secretStoreFor(store, context.dataDir));
  const keySet = () => providerApiKey() !== undefined || keyStored(secrets());
  const overview = (reader: Reader) => fxOverview(reader, keySet());
  const rules = (): PriceRule[] => store.read((r) => loadRules(r).map((loaded) => loaded.rule));
  return {
    'fx.list': () => store.read(overview),
    'fx.refresh': async () => {
      // The environment's key wins (a headless run); else the one saved in Prices.
      const apiKey = providerApiKey() ?? (await secrets().get(PROVIDER_KEY)) ?? undefined;
      const outcomes = await refreshRates(
        store,
        store.read((r) => readFxConfig(r)),
        apiKey,
      );
      if (outcomes.some((outcome) => outcome.saved > 0)) context.emitChanged(['settings']);
      return outcomes;
    },
    'fx.setManual': (input) => {
      const answer = store.write((w) => {
        saveRates(w, [{ ...input, source: MANUAL_SOURCE }]);
        return overview(w);
      });
      context.emitChanged(['settings']);
      return answer;
    },
    'fx.configure': (input) => {
      const patch = Object.fromEntries(
        Object.entries(input).filter(([, value]) => value !== undefined),
      );
      const answer = store.write((w) => {
        writeFxConfig(w, patch);
        return overview(w);
      });
      context.emitChanged(['settings']);
      return answer;
    },
    'fx.setApiKey': async ({ key }) => {
      if (key === null) secrets().delete(PROVIDER_KEY);
      else await secrets().put({ ...PROVIDER_KEY, value: key });
      context.emitChanged(['settings']);
      return store.read(overview);
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
