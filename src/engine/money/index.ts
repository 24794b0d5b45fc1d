/**
 * The engine's one money module: exact arithmetic on minor units, conversion through dated rates,
 * rate lookup that reports stale or missing rates instead of using them, and FX sources.
 */
export {
  allocate,
  basisPointsOf,
  divideCeiling,
  divideHalfEven,
  invertRatio,
  multiplyMinor,
  multiplyRatios,
  normalizeRateText,
  parseDecimalRatio,
  parseRate,
  ratioToDecimalString,
  type Ratio,
} from './decimal.js';
export { convertMinor } from './convert.js';
export {
  daysBetween,
  findRate,
  loadRateBook,
  RateBook,
  type FindRateOptions,
  type FoundRate,
  type MissingRate,
  type RateLeg,
  type RateLookup,
  type StaleRate,
} from './rates.js';
export { listLatestRates, saveRates, type RateSnapshot, type StoredRate } from './rate-store.js';
export { ECB_DAILY_URL, ecbSnapshots, parseEcbFeed, type EcbDay, type EcbFeed } from './ecb.js';
export {
  numberLiteralToDecimal,
  parseProviderAnswer,
  providerSnapshots,
  type ProviderRates,
} from './provider.js';
export {
  defaultFxConfig,
  FxConfig,
  providerApiKey,
  readFxConfig,
  writeFxConfig,
} from './fx-config.js';
export { refreshEcb, refreshProvider, refreshRates, type SourceOutcome } from './fx-refresh.js';
export {
  computeMargin,
  computePrice,
  Converter,
  type MarginInput,
  type PricingRule,
} from './pricing.js';
export {
  deleteRule,
  getRule,
  loadRules,
  RuleIndex,
  saveRule,
  setSkuPrice,
  type LoadedRule,
} from './price-rules.js';
export { applyPriceRule, previewPriceRule } from './price-plan.js';
export { listingMargins, orderMargin } from './margins.js';
