/**
 * Typed eBay calls on top of the HTTP kit: the daily quota is checked before a call is queued,
 * every attempt is counted (protocol.ts), the reply body is checked with its zod schema (a wrong
 * shape becomes an InvalidPayloadError with the issues), and a 403/1100 that survived the kit's
 * one token refresh is reported as what it then is: a permission the seller has not given.
 */
import type { z } from 'zod';
import type { HttpClient, QueryValue } from '../http/client.js';
import { AuthExpiredError, InvalidPayloadError, NeedsUserError } from '../http/errors.js';
import type { EbayReply } from './protocol.js';
import { issueLines } from './schemas.js';
import type { EbayApiBucket, EbayUsage } from './usage.js';

export interface EbayCall<T> {
  operation: string;
  bucket: EbayApiBucket;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Content-Language, for the calls that write listing text. */
  language?: string;
  idempotent: boolean;
  /** Checks the body; omit for calls whose success has no body worth reading. */
  schema?: z.ZodType<T>;
  /** Replaces the user token (an application token for the Analytics API). */
  bearer?: string;
}

export interface EbayResult<T> {
  data: T;
  status: number;
  headers: Record<string, string>;
  requestId: string | null;
}

export class EbayApi {
  constructor(
    readonly client: HttpClient,
    readonly usage: EbayUsage,
    /** A second client for hosts other than the API host (identity on apiz). */
    private readonly clients: Partial<Record<EbayApiBucket, HttpClient>> = {},
  ) {}

  async call<T = undefined>(call: EbayCall<T>): Promise<EbayResult<T>> {
    await this.usage.ready();
    this.usage.assertAvailable(call.bucket, call.operation);
    const headers: Record<string, string> = {};
    if (call.language) headers['content-language'] = call.language;
    if (call.bearer) headers.authorization = `Bearer ${call.bearer}`;
    let reply: EbayReply;
    try {
      reply = await (this.clients[call.bucket] ?? this.client).request<EbayReply>({
        operation: call.operation,
        bucket: call.bucket,
        method: call.method,
        path: call.path,
        query: call.query,
        body: call.body,
        headers,
        idempotent: call.idempotent,
        authenticated: call.bearer === undefined,
      });
    } catch (error) {
      if (error instanceof AuthExpiredError && error.marketplaceCode === '1100') {
        throw new NeedsUserError(
          `eBay refused ${call.operation} for lack of permission even with a fresh token; authorise the account again with the needed scopes`,
          'permission',
          {
            marketplace: 'ebay',
            operation: call.operation,
            requestId: error.requestId,
            marketplaceCode: error.marketplaceCode,
            marketplaceMessage: error.marketplaceMessage,
            httpStatus: error.httpStatus,
          },
        );
      }
      throw error;
    }
    if (!call.schema) return { ...reply, data: undefined as T };
    const parsed = call.schema.safeParse(reply.body ?? {});
    if (!parsed.success) {
      throw new InvalidPayloadError(
        `eBay ${call.operation} answered with an unexpected payload`,
        issueLines(parsed.error),
        { marketplace: 'ebay', operation: call.operation, requestId: reply.requestId },
      );
    }
    return { ...reply, data: parsed.data };
  }
}
