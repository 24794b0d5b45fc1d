/**
 * The simulated marketplaces, for `silkroute sandbox`, the app's "add sandbox shop" and the tests.
 * Each fake is written from its marketplace's documentation and imports only the sandbox kit.
 */
export {
  SHOPEE_SANDBOX_CREDENTIALS,
  SHOPEE_SANDBOX_DEFAULT_RATE_LIMIT,
  ShopeeControlError,
  startShopeeSandbox,
  type PlaceOrderLine,
  type SellerEditChanges,
  type ShopeeGroundTruth,
  type ShopeeGroundTruthItem,
  type ShopeeGroundTruthModel,
  type ShopeeGroundTruthOrder,
  type ShopeeSandbox,
  type ShopeeSandboxAccount,
  type ShopeeSandboxOptions,
  type ShopeeWrite,
  type WriteField,
} from './shopee/index.js';
export type { FaultSettings } from './kit/faults.js';
export type { RateLimitSettings } from './kit/rate-limit.js';
