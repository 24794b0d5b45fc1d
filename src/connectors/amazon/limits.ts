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
  // Presigned S3 URLs have no published plan; these only keep a large upload orderly.
  'feeds.storage': { requestsPerSecond: 10, burst: 10 },
};

export function amazonLimit(
  bucket: string,
  overrides: Readonly<Record<string, RateLimit>> = {},
): RateLimit {
  const limit = limitFor('amazon', bucket, { ...AMAZON_EXTRA_LIMITS, ...overrides });
  return { ...limit, holdRateOnThrottle: true };
}
