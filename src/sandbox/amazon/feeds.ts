/**
 * Feeds API 2021-06-30 (feeds_2021-06-30.json) with JSON_LISTINGS_FEED v2
 * (listings-feed-schema-v2.json) and its processing report
 * (listings-feed-processing-report-schema-v2.json):
 * createFeedDocument answers a presigned upload URL (here a path on the fake itself, signed and
 * valid 5 minutes, bound to the declared content type as S3 binds it); the document is PUT there;
 * createFeed queues it (JSON_LISTINGS_FEED: 5 submissions per 5 minutes per region, 25,000
 * messages); the feed goes IN_QUEUE → IN_PROGRESS → DONE on the simulated clock; the messages are
 * applied then, and the processing report (issues per messageId, summary) becomes the result
 * document. Legacy listing feed types are refused with FATAL since 2025-07-31.
 */
import type { SandboxRequest, SandboxResponse } from '../kit/server.js';
import type { FakeContext, OperationCall } from './context.js';
import { applyPatches, issue, type PatchOperation } from './listing-patch.js';
import { AmazonApiError, invalidInput, notFound } from './protocol.js';
import { isoSeconds } from './sites.js';
import type { FakeIssue } from './state.js';

const URL_LIFETIME_MS = 5 * 60_000;
const MAX_MESSAGES = 25_000;
const LEGACY_LISTING_FEEDS = [
  'POST_PRODUCT_DATA',
  'POST_PRODUCT_PRICING_DATA',
  'POST_INVENTORY_AVAILABILITY_DATA',
  'POST_FLAT_FILE_LISTINGS_DATA',
];

interface FakeDocument {
  id: string;
  contentType: string;
  signature: string;
  expiresAt: number;
  content: string | null;
}

interface FakeFeed {
  feedId: string;
  feedType: string;
  createdAt: number;
  documentId: string;
  startsAt: number;
  endsAt: number;
  status: 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'FATAL' | 'CANCELLED';
  resultDocumentId: string | null;
  fatal: string | null;
}

export interface FeedTiming {
  /** Simulated milliseconds a feed waits in the queue. */
  queueMs: number;
  /** Processing time: a fixed part plus a part per message. */
  processingMs: number;
  perMessageMs: number;
}

export const DEFAULT_FEED_TIMING: FeedTiming = {
  queueMs: 30_000,
  processingMs: 30_000,
  perMessageMs: 2,
};

export class FeedDesk {
  private readonly documents = new Map<string, FakeDocument>();
  private readonly feeds = new Map<string, FakeFeed>();
  readonly reports: unknown[] = [];

  constructor(
    private readonly context: FakeContext,
    private readonly timing: FeedTiming,
  ) {}

  private newDocument(contentType: string, content: string | null): FakeDocument {
    const id = `amzn1.tortuga.4.na.sbx${this.context.random.hex(24)}`;
    const document = {
      id,
      contentType,
      signature: this.context.random.hex(40),
      expiresAt: this.context.clock.now() + URL_LIFETIME_MS,
      content,
    };
    this.documents.set(id, document);
    return document;
  }

  private url(document: FakeDocument): string {
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Expires': '300',
      'X-Amz-Signature': document.signature,
    });
    return `${this.context.baseUrl()}/sandbox-s3/${encodeURIComponent(document.id)}?${query.toString()}`;
  }

  /** POST /feeds/2021-06-30/documents */
  createFeedDocument(call: OperationCall): SandboxResponse {
    const body = call.request.body as { contentType?: unknown } | undefined;
    if (!body || typeof body.contentType !== 'string' || body.contentType === '')
      throw invalidInput('Invalid Input: contentType is required.');
    const document = this.newDocument(body.contentType, null);
    return { status: 201, json: { feedDocumentId: document.id, url: this.url(document) } };
  }

  /** The presigned URL: PUT uploads, GET downloads (S3 answers XML errors). */
  storage(request: SandboxRequest, documentId: string): SandboxResponse {
    const document = this.documents.get(documentId);
    const denied = (code: string, message: string): SandboxResponse => ({
      status: 403,
      headers: { 'content-type': 'application/xml' },
      text: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    });
    if (!document || request.query.get('X-Amz-Signature') !== document.signature)
      return denied(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    if (document.expiresAt < this.context.clock.now())
      return denied('AccessDenied', 'Request has expired');
    if (request.method === 'PUT') {
      if ((request.headers['content-type'] ?? '') !== document.contentType)
        return denied(
          'SignatureDoesNotMatch',
          'The Content-Type does not match the one the URL was signed for.',
        );
      document.content = request.bodyText;
      return { status: 200, text: '' };
    }
    if (request.method === 'GET' && document.content !== null)
      return {
        status: 200,
        headers: { 'content-type': document.contentType },
        text: document.content,
      };
    return {
      status: 404,
      headers: { 'content-type': 'application/xml' },
      text: '<Error><Code>NoSuchKey</Code></Error>',
    };
  }

  /** POST /feeds/2021-06-30/feeds (the caller has already drawn the usage-plan tokens). */
  createFeed(call: OperationCall, takeListingsFeedToken: () => boolean): SandboxResponse {
    const body = call.request.body as Record<string, unknown> | undefined;
    const { feedType, marketplaceIds, inputFeedDocumentId } = body ?? {};
    if (
      typeof feedType !== 'string' ||
      !Array.isArray(marketplaceIds) ||
      marketplaceIds.length === 0 ||
      typeof inputFeedDocumentId !== 'string'
    )
      throw invalidInput(
        'Invalid Input: feedType, marketplaceIds and inputFeedDocumentId are required.',
      );
    if (!marketplaceIds.every((id) => id === this.context.state.site.marketplaceId))
      throw invalidInput(
        'Invalid Input: the seller does not participate in every marketplace given.',
      );
    const document = this.documents.get(inputFeedDocumentId);
    if (!document)
      throw invalidInput(`Invalid Input: feed document ${inputFeedDocumentId} does not exist.`);
    const legacy = LEGACY_LISTING_FEEDS.includes(feedType);
    if (feedType !== 'JSON_LISTINGS_FEED' && !legacy)
      throw invalidInput(`Invalid Input: feed type ${feedType} is not available in this sandbox.`);
    if (feedType === 'JSON_LISTINGS_FEED' && !takeListingsFeedToken())
      throw new AmazonApiError(
        429,
        'QuotaExceeded',
        'You exceeded your quota for the requested resource.',
        'JSON_LISTINGS_FEED allows 5 feed submissions per 5 minutes per region.',
      );
    const now = this.context.clock.now();
    const feedId = String(
      50_000_000_000 + this.feeds.size * 7919 + this.context.random.int(0, 7000),
    );
    const feed: FakeFeed = {
      feedId,
      feedType,
      createdAt: now,
      documentId: document.id,
      startsAt: now + this.timing.queueMs,
      endsAt: now + this.timing.queueMs + this.timing.processingMs,
      status: 'IN_QUEUE',
      resultDocumentId: null,
      fatal: legacy
        ? 'Legacy listing feeds are no longer supported; use JSON_LISTINGS_FEED.'
        : null,
    };
    this.feeds.set(feedId, feed);
    return { status: 202, json: { feedId } };
  }

  /** Moves every feed along the simulated clock; applies those whose processing ended. */
  settle(): void {
    const now = this.context.clock.now();
    for (const feed of this.feeds.values()) {
      if (feed.status === 'IN_QUEUE' && now >= feed.startsAt) {
        feed.status = 'IN_PROGRESS';
        const messages = this.messageCount(feed);
        feed.endsAt =
          feed.startsAt + this.timing.processingMs + messages * this.timing.perMessageMs;
      }
      if (feed.status === 'IN_PROGRESS' && now >= feed.endsAt) this.finish(feed);
    }
  }

  private messageCount(feed: FakeFeed): number {
    const content = this.documents.get(feed.documentId)?.content;
    const count = content ? content.split('"messageId"').length - 1 : 0;
    return Math.min(count, MAX_MESSAGES);
  }

  private finish(feed: FakeFeed): void {
    const content = this.documents.get(feed.documentId)?.content ?? null;
    const report =
      feed.fatal !== null || content === null
        ? this.fatalReport(feed, feed.fatal ?? 'The feed document was never uploaded.')
        : this.process(feed, content);
    feed.status = report.fatal ? 'FATAL' : 'DONE';
    const result = this.newDocument('application/json', JSON.stringify(report.body));
    feed.resultDocumentId = result.id;
    this.reports.push(report.body);
  }

  private fatalReport(feed: FakeFeed, message: string) {
    return {
      fatal: true,
      body: {
        header: { sellerId: this.context.state.sellerId, version: '2.0', feedId: feed.feedId },
        issues: [{ code: '100001', severity: 'ERROR', message }],
        summary: {
          errors: 1,
          warnings: 0,
          messagesProcessed: 0,
          messagesAccepted: 0,
          messagesInvalid: 0,
        },
      },
    };
  }

  private process(
    feed: FakeFeed,
    content: string,
  ): { fatal: boolean; body: Record<string, unknown> } {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      return this.fatalReport(feed, 'The feed document is not valid JSON.');
    }
    const document = parsed as { header?: Record<string, unknown>; messages?: unknown };
    const header = document.header;
    if (
      !header ||
      header.sellerId !== this.context.state.sellerId ||
      header.version !== '2.0' ||
      !Array.isArray(document.messages)
    )
      return this.fatalReport(
        feed,
        'The feed header must name this seller (sellerId) and version "2.0", and messages must be an array.',
      );
    if (document.messages.length === 0 || document.messages.length > MAX_MESSAGES)
      return this.fatalReport(feed, `A feed carries 1 to ${MAX_MESSAGES} messages.`);
    const issues: Record<string, unknown>[] = [];
    let accepted = 0;
    let invalid = 0;
    const seen = new Set<number>();
    for (const raw of document.messages) {
      const message = raw as Record<string, unknown>;
      const messageId = message.messageId;
      const sku = typeof message.sku === 'string' ? message.sku : '';
      const found: FakeIssue[] = [];
      if (
        typeof messageId !== 'number' ||
        !Number.isInteger(messageId) ||
        messageId < 1 ||
        seen.has(messageId)
      )
        found.push(
          issue('4000006', 'messageId must be a unique positive integer within the feed.'),
        );
      else seen.add(messageId);
      if (found.length === 0) found.push(...this.apply(message, sku));
      const errors = found.filter((entry) => entry.severity === 'ERROR');
      if (errors.length > 0) invalid += 1;
      else accepted += 1;
      for (const entry of found)
        issues.push({
          ...(typeof messageId === 'number' && messageId >= 1 ? { messageId } : {}),
          ...(sku ? { sku } : {}),
          code: entry.code,
          severity: entry.severity,
          message: entry.message,
          ...(entry.attributeNames?.[0] ? { attributeName: entry.attributeNames[0] } : {}),
        });
    }
    const errors = issues.filter((entry) => entry.severity === 'ERROR').length;
    return {
      fatal: false,
      body: {
        header: { sellerId: this.context.state.sellerId, version: '2.0', feedId: feed.feedId },
        issues,
        summary: {
          errors,
          warnings: issues.length - errors,
          messagesProcessed: accepted + invalid,
          messagesAccepted: accepted,
          messagesInvalid: invalid,
        },
      },
    };
  }

  private apply(message: Record<string, unknown>, sku: string): FakeIssue[] {
    const listing = this.context.state.listingBySku.get(sku);
    if (!listing)
      return [
        issue(
          '4000001',
          `The SKU '${sku}' does not exist for this seller; send an UPDATE message to create it.`,
        ),
      ];
    const productType = typeof message.productType === 'string' ? message.productType : '';
    switch (message.operationType) {
      case 'PATCH': {
        const patches = message.patches;
        if (!Array.isArray(patches) || patches.length === 0)
          return [issue('4000007', 'A PATCH message needs productType and patches.')];
        return applyPatches(
          this.context,
          listing,
          productType,
          patches as PatchOperation[],
          'feed',
        );
      }
      case 'PARTIAL_UPDATE': {
        const attributes = message.attributes;
        if (!attributes || typeof attributes !== 'object')
          return [issue('4000007', 'A PARTIAL_UPDATE message needs productType and attributes.')];
        const patches = Object.entries(attributes as Record<string, unknown>).map(
          ([name, value]) => ({
            op: 'merge',
            path: `/attributes/${name}`,
            value,
          }),
        );
        return applyPatches(this.context, listing, productType, patches, 'feed');
      }
      default:
        return [
          issue(
            '4000008',
            `The sandbox processes PATCH and PARTIAL_UPDATE messages only, not ${String(message.operationType)}.`,
          ),
        ];
    }
  }

  private feed(feedId: string): FakeFeed {
    this.settle();
    const feed = this.feeds.get(feedId);
    if (!feed) throw notFound(`Feed ${feedId} was not found.`);
    return feed;
  }

  /** GET /feeds/2021-06-30/feeds/{feedId} */
  getFeed(call: OperationCall): SandboxResponse {
    const feed = this.feed(call.params.feedId ?? '');
    return {
      status: 200,
      json: {
        feedId: feed.feedId,
        feedType: feed.feedType,
        marketplaceIds: [this.context.state.site.marketplaceId],
        createdTime: isoSeconds(feed.createdAt),
        processingStatus: feed.status,
        ...(feed.status !== 'IN_QUEUE' ? { processingStartTime: isoSeconds(feed.startsAt) } : {}),
        ...(feed.status === 'DONE' || feed.status === 'FATAL'
          ? { processingEndTime: isoSeconds(feed.endsAt) }
          : {}),
        ...(feed.resultDocumentId ? { resultFeedDocumentId: feed.resultDocumentId } : {}),
      },
    };
  }

  /** GET /feeds/2021-06-30/documents/{feedDocumentId} */
  getFeedDocument(call: OperationCall): SandboxResponse {
    this.settle();
    const document = this.documents.get(call.params.feedDocumentId ?? '');
    if (!document || document.content === null)
      throw notFound(`Feed document ${call.params.feedDocumentId ?? ''} was not found.`);
    document.expiresAt = this.context.clock.now() + URL_LIFETIME_MS;
    return { status: 200, json: { feedDocumentId: document.id, url: this.url(document) } };
  }

  /** DELETE /feeds/2021-06-30/feeds/{feedId}: only a feed still IN_QUEUE can be cancelled. */
  cancelFeed(call: OperationCall): SandboxResponse {
    const feed = this.feed(call.params.feedId ?? '');
    if (feed.status !== 'IN_QUEUE')
      throw invalidInput(
        `Invalid Input: feed ${feed.feedId} is ${feed.status} and can no longer be cancelled.`,
      );
    feed.status = 'CANCELLED';
    return { status: 200, text: '' };
  }
}
