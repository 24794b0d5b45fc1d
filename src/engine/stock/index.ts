/**
 * The stock engine: shared stock per master SKU kept in step with orders, and the quantity every
 * channel shows kept in step with the stock (issue #7). All writers take the caller's Writer, so
 * they join its transaction; the pure arithmetic lives in rules.ts.
 */
export { shownQuantity, type ChannelRuleValues } from './rules.js';
export {
  effectiveRule,
  readProductStock,
  targetQuantity,
  type ProductStock,
} from './availability.js';
export {
  applyOrderStockEffects,
  releaseAccountReservations,
  stockEffectOf,
  type StockEffectKind,
} from './effects.js';
export {
  queueStockPushes,
  queueStockPushesFor,
  type StockPushOptions,
  type StockPushResult,
} from './push-queue.js';
export {
  setChannelRule,
  setOnHand,
  type ChannelRuleInput,
  type StockChangeResult,
} from './levels.js';
export { oversellDanger, type OversellRow } from './danger.js';
export {
  adoptUnlinkedListings,
  DEFAULT_WAREHOUSE,
  type AdoptOptions,
  type AdoptResult,
} from './adopt.js';
export { effectKeys, lowerOrderingListings } from './own-channel.js';
