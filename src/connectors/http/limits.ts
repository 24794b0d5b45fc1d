/**
 * Each marketplace's published request limits, by operation bucket, as token-bucket rate and burst.
 * Sources are in ../shared/marketplace-notes.md (§1.5, §2.5, §3.5, §4.5, §5.5, §6.1). Where a
 * marketplace publishes nothing, a conservative default is chosen and marked UNCONFIRMED; the
 * limiter adapts from live signals either way, and an account may override a bucket.
 */
import type { Marketplace } from '../../shared/domain.js';
import type { RateLimit } from './limiter.js';

export const PUBLISHED_LIMITS: Readonly<Record<Marketplace, Readonly<Record<string, RateLimit>>>> =
  {
    amazon: {
      // SP-API usage plans (rate per second / burst), from the placed models.
      'orders.getOrders': { requestsPerSecond: 0.0167, burst: 20 },
      'orders.searchOrders': { requestsPerSecond: 0.0056, burst: 20 },
      'orders.getOrder': { requestsPerSecond: 0.5, burst: 30 },
      'orders.getOrderItems': { requestsPerSecond: 0.5, burst: 30 },
      'orders.confirmShipment': { requestsPerSecond: 2, burst: 10 },
      'listings.search': { requestsPerSecond: 5, burst: 5 },
      'listings.get': { requestsPerSecond: 5, burst: 10 },
      'listings.put': { requestsPerSecond: 5, burst: 10 },
      'listings.patch': { requestsPerSecond: 5, burst: 5 },
      'feeds.createFeedDocument': { requestsPerSecond: 0.5, burst: 15 },
      'feeds.createFeed': { requestsPerSecond: 0.0083, burst: 15 },
      'feeds.getFeed': { requestsPerSecond: 2, burst: 15 },
      'fba.getInventorySummaries': { requestsPerSecond: 2, burst: 2 },
      'tokens.createRestrictedDataToken': { requestsPerSecond: 1, burst: 10 },
      auth: { requestsPerSecond: 1, burst: 5 },
      default: { requestsPerSecond: 0.5, burst: 10 },
    },
    ebay: {
      // eBay limits are daily call quotas per app (e.g. Fulfillment 100,000/day); this spreads the
      // smallest relevant quota evenly. UNCONFIRMED as a per-second rule.
      default: { requestsPerSecond: 1, burst: 10 },
      auth: { requestsPerSecond: 0.2, burst: 5 },
    },
    aliexpress: {
      // Not published (daily per-appkey quota shown in the console). UNCONFIRMED: conservative.
      default: { requestsPerSecond: 1, burst: 5 },
      auth: { requestsPerSecond: 0.2, burst: 2 },
    },
    wish: {
      // Not published; Wish-Rate-Limit-Remaining/Reset are read from every reply. UNCONFIRMED.
      default: { requestsPerSecond: 2, burst: 5 },
      auth: { requestsPerSecond: 0.2, burst: 2 },
    },
    shopee: {
      // Shopee publishes no numbers (every record says rate_limit [0, 0, 0]). UNCONFIRMED:
      // 10 requests per second per shop, burst 5; throttle answers slow the bucket further.
      shop: { requestsPerSecond: 10, burst: 5 },
      auth: { requestsPerSecond: 1, burst: 3 },
    },
  };

/** The limit for a bucket: an account override, else the table entry, else the marketplace default. */
export function limitFor(
  marketplace: Marketplace,
  bucket: string,
  overrides: Readonly<Record<string, RateLimit>> = {},
): RateLimit {
  const table = PUBLISHED_LIMITS[marketplace];
  const limit = overrides[bucket] ?? table[bucket] ?? table.default ?? table.shop;
  if (!limit) throw new RangeError(`No rate limit known for ${marketplace} bucket "${bucket}"`);
  return limit;
}
