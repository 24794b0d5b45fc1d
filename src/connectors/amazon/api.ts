/**
 * Typed SP-API calls on top of the HTTP kit: each reply checked with its zod schema; a reply of
 * the wrong shape becomes an InvalidPayloadError with the issues. Operation names are the models'
 * operationIds; buckets are the usage plans (limits.ts).
 */
import type { z } from 'zod';
import type { HttpClient, QueryValue, RequestSpec } from '../http/client.js';
import { InvalidPayloadError } from '../http/errors.js';
import { issueLines } from './schemas.js';

export interface AmazonIdentity {
  sellerId: string | null;
  marketplaceId: string;
  currency: string;
  locale: string;
  fbaChannel: string;
}

export interface CallOptions {
  method: RequestSpec['method'];
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  idempotent: boolean;
}

export class AmazonApi {
  constructor(
    readonly client: HttpClient,
    readonly identity: AmazonIdentity,
  ) {}

  async call<T>(
    operation: string,
    bucket: string,
    options: CallOptions,
    schema: z.ZodType<T>,
  ): Promise<T> {
    const reply = await this.client.request({
      operation,
      bucket,
      method: options.method,
      path: options.path,
      query: options.query,
      body: options.body,
      idempotent: options.idempotent,
      authenticated: true,
    });
    return this.check(operation, schema, reply);
  }

  check<T>(operation: string, schema: z.ZodType<T>, value: unknown): T {
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      throw new InvalidPayloadError(
        `Amazon ${operation} answered with an unexpected payload`,
        issueLines(parsed.error),
        {
          marketplace: 'amazon',
          operation,
        },
      );
    return parsed.data;
  }

  /** Percent-encodes a path segment (SKUs may hold '/', spaces and other reserved characters). */
  static segment(value: string): string {
    return encodeURIComponent(value);
  }
}
