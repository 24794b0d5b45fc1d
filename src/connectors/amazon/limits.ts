/**
 * Amazon's usage plans per operation as the connector's limiter buckets. The kit's table
 * (http/limits.ts) has most of them; the few it lacks are added here from the models
 * (getFeedDocument, deleteListingsItem) and the JSON_LISTINGS_FEED changelog (5 submissions per
 * 5 minutes per region). Every Amazon bucket is an exact, published token bucket whose applied
 * rate each reply names in x-amzn-RateLimit-Limit, so a throttle pauses it without lowering its
 * rate (RateLimit.holdRateOnThrottle).
 */
import { limitFor } from '../http/limits.js';
import type { RateLimit } from '../http/limiter.js';

export const AMAZON_EXTRA_LIMITS: Readonly<Record<string, RateLimit>> = {
  'listings.delete': { requestsPerSecond: 5, burst: 5 },
  'feeds.getFeedDocument': { requestsPerSecond: 0.0222, burst: 10 },
  'feeds.jsonListingsFeed': { requestsPerSecond: 5 / 300, burst: 5 },
  // definitionsProductTypes_2020-09-01, getDefinitionsProductType.
  'definitions.getDefinitionsProductType': { requestsPerSecond: 5, burst: 10 },
  // Presigned S3 URLs have no published plan; these only keep a large upload orderly.
  'feeds.storage': { requestsPerSecond: 10, burst: 10 },
  'definitions.schema': { requestsPerSecond: 10, burst: 10 },
};

/**
 * The share of a published rate the connector uses. A request sent the moment our bucket refills
 * can reach Amazon a little sooner after the previous one than it left ours (latency varies), and
 * Amazon's bucket is then a fraction of a token short: a 429 on searchOrders (0.0056/s) costs a
 * whole three-minute interval, while 2 % slower costs 3.6 seconds per interval.
 */
export const RATE_MARGIN = 0.98;

export function amazonLimit(
  bucket: string,
  overrides: Readonly<Record<string, RateLimit>> = {},
): RateLimit {
  const limit = limitFor('amazon', bucket, { ...AMAZON_EXTRA_LIMITS, ...overrides });
  return {
    ...limit,
    requestsPerSecond: limit.requestsPerSecond * RATE_MARGIN,
    holdRateOnThrottle: true,
  };
}
