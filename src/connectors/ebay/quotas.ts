/**
 * The day's call quotas as eBay itself counts them: the Developer Analytics API's getRateLimits
 * (GET /developer/analytics/v1_beta/rate_limit/, an application token from the client-credentials
 * grant) returns per API and resource the limit, what remains and when it resets. The connector's
 * own counts (usage.ts) then start from eBay's, which also sees the seller's other tools.
 */
import type { EbayApi } from './api.js';
import type { EbayAuth } from './auth.js';
import { RateLimitsReply } from './schemas.js';
import type { EbayApiBucket } from './usage.js';

export interface QuotaReport {
  bucket: EbayApiBucket;
  limit: number;
  remaining: number;
  /** ISO-8601 UTC, when eBay said. */
  reset: string | null;
}

const BUCKET_OF: Readonly<Record<string, EbayApiBucket>> = {
  'sell.inventory': 'inventory',
  'sell.fulfillment': 'fulfillment',
  'commerce.identity': 'identity',
  'developer.analytics': 'analytics',
};

export class EbayQuotaReader {
  private appToken: { token: string; expiresAt: number } | null = null;

  constructor(
    private readonly api: EbayApi,
    private readonly auth: EbayAuth,
  ) {}

  private async token(): Promise<string> {
    const now = this.api.client.clock.now();
    if (!this.appToken || this.appToken.expiresAt - now < 5 * 60_000)
      this.appToken = await this.auth.applicationToken();
    return this.appToken.token;
  }

  async read(): Promise<QuotaReport[]> {
    const reply = await this.api.call({
      operation: 'analytics.getRateLimits',
      bucket: 'analytics',
      method: 'GET',
      path: '/developer/analytics/v1_beta/rate_limit/',
      idempotent: true,
      bearer: await this.token(),
      schema: RateLimitsReply,
    });
    const reports: QuotaReport[] = [];
    for (const entry of reply.data.rateLimits) {
      const bucket = BUCKET_OF[`${entry.apiContext ?? ''}.${entry.apiName ?? ''}`];
      if (!bucket) continue;
      // The tightest daily rate of the API's resources is what can run out first.
      const rates = (entry.resources ?? []).flatMap((resource) => resource.rates ?? []);
      const daily = rates.filter(
        (rate) => rate.timeWindow === undefined || rate.timeWindow >= 86_400,
      );
      const tightest = daily
        .filter((rate) => rate.limit !== undefined && rate.remaining !== undefined)
        .sort((a, b) => a.remaining! - b.remaining!)[0];
      if (!tightest) continue;
      const report = {
        bucket,
        limit: tightest.limit!,
        remaining: tightest.remaining!,
        reset: tightest.reset ?? null,
      };
      this.api.usage.adopt(bucket, report);
      reports.push(report);
    }
    await this.api.usage.flush();
    return reports;
  }
}
