/**
 * Bulk listing edits through a JSON_LISTINGS_FEED (Feeds API 2021-06-30, feed schema v2):
 * createFeedDocument → upload the document to the presigned URL (same content type) →
 * createFeed → poll getFeed until DONE/FATAL/CANCELLED → getFeedDocument → download the
 * processing report → each message's result back to its edit, by messageId.
 * Limits: at most 25,000 messages per feed; 5 JSON_LISTINGS_FEED submissions per 5 minutes per
 * region on top of createFeed's own plan (both buckets are drawn). A message with an ERROR issue
 * failed with Amazon's text; a message with none (or warnings only) in a DONE feed was accepted.
 * createFeed is not repeated after a lost reply (the feed may exist): those edits fail as
 * retryable with maybeApplied, for the caller to re-read before sending again.
 */
import {
  ConnectorError,
  InvalidPayloadError,
  PermanentError,
  RetryableError,
} from '../http/errors.js';
import type { AmazonApi } from './api.js';
import {
  CreateFeedDocumentResponse,
  CreateFeedResponse,
  Feed,
  FeedDocument,
  ProcessingReport,
  issueLines,
} from './schemas.js';

export const MAX_FEED_MESSAGES = 25_000;
const CONTENT_TYPE = 'application/json; charset=UTF-8';
/** Give up waiting for Amazon to process a feed after this long (simulated or real time). */
const MAX_WAIT_MS = 4 * 3_600_000;

export interface FeedPatch {
  op: 'add' | 'replace' | 'merge' | 'delete';
  path: string;
  value?: Record<string, unknown>[];
}

export interface FeedEdit {
  sku: string;
  productType: string;
  patches: FeedPatch[];
}

export type FeedOutcome =
  | { ok: true; warnings: string[] }
  | {
      ok: false;
      kind: 'permanent' | 'retryable';
      code: string | null;
      message: string;
      maybeApplied: boolean;
    };

export interface FeedOptions {
  /** First wait before polling, then the interval between polls (ms of the client's clock). */
  pollMs: number;
  issueLocale?: string;
}

/** The JSON_LISTINGS_FEED document for a batch of edits (messageId = position + 1). */
export function buildListingsFeed(
  sellerId: string,
  edits: readonly FeedEdit[],
  issueLocale?: string,
) {
  return {
    header: { sellerId, version: '2.0', ...(issueLocale ? { issueLocale } : {}) },
    messages: edits.map((edit, index) => ({
      messageId: index + 1,
      sku: edit.sku,
      operationType: 'PATCH',
      productType: edit.productType,
      patches: edit.patches,
    })),
  };
}

/** Each edit's result from a processing report; feed-level errors apply to every edit. */
export function outcomesFromReport(
  edits: readonly FeedEdit[],
  report: ProcessingReport,
  fatal: boolean,
): FeedOutcome[] {
  const byMessage = new Map<
    number,
    { errors: string[]; warnings: string[]; code: string | null }
  >();
  const general: string[] = [];
  const skuToMessage = new Map(edits.map((edit, index) => [edit.sku, index + 1]));
  for (const issue of report.issues) {
    const messageId = issue.messageId ?? (issue.sku ? skuToMessage.get(issue.sku) : undefined);
    const text = `${issue.code ? `${issue.code}: ` : ''}${issue.message}`;
    if (messageId === undefined) {
      if (issue.severity === 'ERROR') general.push(text);
      continue;
    }
    const entry = byMessage.get(messageId) ?? { errors: [], warnings: [], code: null };
    if (issue.severity === 'ERROR') {
      entry.errors.push(issue.message);
      entry.code ??= issue.code ?? null;
    } else entry.warnings.push(text);
    byMessage.set(messageId, entry);
  }
  return edits.map((_, index): FeedOutcome => {
    const entry = byMessage.get(index + 1);
    if (entry && entry.errors.length > 0)
      return {
        ok: false,
        kind: 'permanent',
        code: entry.code,
        message: entry.errors.join(' '),
        maybeApplied: false,
      };
    if (fatal || general.length > 0)
      return {
        ok: false,
        kind: 'permanent',
        code: null,
        message: general.join(' ') || 'Amazon could not process the feed',
        maybeApplied: false,
      };
    return { ok: true, warnings: entry?.warnings ?? [] };
  });
}

export class AmazonFeeds {
  constructor(
    private readonly api: AmazonApi,
    private readonly options: FeedOptions,
  ) {}

  private async upload(text: string): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const document = await this.api.call(
        'createFeedDocument',
        'feeds.createFeedDocument',
        {
          method: 'POST',
          path: '/feeds/2021-06-30/documents',
          body: { contentType: CONTENT_TYPE },
          idempotent: true,
        },
        CreateFeedDocumentResponse,
      );
      try {
        await this.api.client.request({
          operation: 'feeds.uploadDocument',
          bucket: 'feeds.storage',
          method: 'PUT',
          path: document.url,
          rawBody: { contentType: CONTENT_TYPE, text },
          idempotent: true,
          authenticated: false,
        });
        return document.feedDocumentId;
      } catch (error) {
        // The presigned URL lasts 5 minutes: a refused upload gets a fresh document once.
        if (!(error instanceof PermanentError) || error.httpStatus !== 403 || attempt >= 2)
          throw error;
      }
    }
  }

  private async waitFor(
    feedId: string,
  ): Promise<{ status: string; resultFeedDocumentId?: string }> {
    const clock = this.api.client.clock;
    const started = clock.now();
    for (;;) {
      await clock.sleep(this.options.pollMs);
      const feed = await this.api.call(
        'getFeed',
        'feeds.getFeed',
        {
          method: 'GET',
          path: `/feeds/2021-06-30/feeds/${encodeURIComponent(feedId)}`,
          idempotent: true,
        },
        Feed,
      );
      if (
        feed.processingStatus === 'DONE' ||
        feed.processingStatus === 'FATAL' ||
        feed.processingStatus === 'CANCELLED'
      )
        return { status: feed.processingStatus, resultFeedDocumentId: feed.resultFeedDocumentId };
      if (clock.now() - started > MAX_WAIT_MS)
        throw new RetryableError(
          `Amazon has not processed feed ${feedId} after ${MAX_WAIT_MS / 60_000} minutes`,
          { marketplace: 'amazon', operation: 'getFeed', maybeApplied: true },
        );
    }
  }

  private async report(documentId: string): Promise<ProcessingReport> {
    const document = await this.api.call(
      'getFeedDocument',
      'feeds.getFeedDocument',
      {
        method: 'GET',
        path: `/feeds/2021-06-30/documents/${encodeURIComponent(documentId)}`,
        idempotent: true,
      },
      FeedDocument,
    );
    if (document.compressionAlgorithm === 'GZIP')
      // The kit reads replies as UTF-8 text, which a gzip body does not survive.
      throw new PermanentError(
        'Amazon sent a GZIP-compressed processing report, which this connector cannot read yet',
        { marketplace: 'amazon', operation: 'getFeedDocument', marketplaceCode: 'GZIP' },
      );
    const body = await this.api.client.request<string>({
      operation: 'feeds.downloadDocument',
      bucket: 'feeds.storage',
      method: 'GET',
      path: document.url,
      idempotent: true,
      authenticated: false,
    });
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new RetryableError('The Amazon processing report was not readable JSON', {
        marketplace: 'amazon',
        operation: 'feeds.downloadDocument',
      });
    }
    const parsed = ProcessingReport.safeParse(json);
    if (!parsed.success)
      throw new InvalidPayloadError(
        'The Amazon processing report has an unexpected shape',
        issueLines(parsed.error),
        { marketplace: 'amazon', operation: 'feeds.downloadDocument' },
      );
    return parsed.data;
  }

  /** Sends up to 25,000 edits as one feed and resolves with one outcome per edit, in order. */
  async submit(edits: readonly FeedEdit[]): Promise<FeedOutcome[]> {
    if (edits.length === 0) return [];
    if (edits.length > MAX_FEED_MESSAGES)
      throw new RangeError(`a feed carries at most ${MAX_FEED_MESSAGES} messages`);
    const sellerId = this.api.identity.sellerId ?? '';
    const document = buildListingsFeed(sellerId, edits, this.options.issueLocale);
    let feedId: string;
    try {
      const documentId = await this.upload(JSON.stringify(document));
      await this.api.client.limiter.acquire('feeds.jsonListingsFeed');
      const created = await this.api.call(
        'createFeed',
        'feeds.createFeed',
        {
          method: 'POST',
          path: '/feeds/2021-06-30/feeds',
          body: {
            feedType: 'JSON_LISTINGS_FEED',
            marketplaceIds: [this.api.identity.marketplaceId],
            inputFeedDocumentId: documentId,
          },
          idempotent: false,
        },
        CreateFeedResponse,
      );
      feedId = created.feedId;
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      return edits.map(() => ({
        ok: false,
        kind: error.kind === 'permanent' ? 'permanent' : 'retryable',
        code: error.marketplaceCode,
        message: error.message,
        maybeApplied: error.maybeApplied,
      }));
    }
    const done = await this.waitFor(feedId);
    if (done.status === 'CANCELLED' || !done.resultFeedDocumentId)
      return edits.map(() => ({
        ok: false,
        kind: 'retryable',
        code: done.status,
        message: `Amazon feed ${feedId} ended ${done.status} without a processing report`,
        maybeApplied: false,
      }));
    return outcomesFromReport(
      edits,
      await this.report(done.resultFeedDocumentId),
      done.status === 'FATAL',
    );
  }
}
