/**
 * Typed Wish calls on top of the HTTP kit: merchant calls (bearer, the merchant's one limiter
 * bucket) and OAuth calls (no bearer), each reply's `data` checked with its zod schema. A reply of
 * the wrong shape becomes an InvalidPayloadError carrying the request id and the issues.
 */
import type { z } from 'zod';
import type { HttpClient, QueryValue } from '../http/client.js';
import { InvalidPayloadError, NeedsUserError } from '../http/errors.js';
import { AUTH_BUCKET, MERCHANT_BUCKET } from './protocol.js';
import { issueLines } from './schemas.js';

interface Envelope {
  data?: unknown;
}

export class WishApi {
  constructor(
    readonly client: HttpClient,
    /** Told when Wish refuses the authorization itself (revoked, account disabled). */
    private readonly onReauthorize: (error: NeedsUserError) => void = () => {},
  ) {}

  private async request(spec: Parameters<HttpClient['request']>[0]): Promise<Envelope> {
    try {
      return await this.client.request<Envelope>(spec);
    } catch (error) {
      if (error instanceof NeedsUserError && error.reason === 'reauthorize')
        this.onReauthorize(error);
      throw error;
    }
  }

  private check<T>(operation: string, schema: z.ZodType<T>, envelope: Envelope): T {
    const parsed = schema.safeParse(envelope.data);
    if (!parsed.success) {
      throw new InvalidPayloadError(
        `Wish ${operation} answered with an unexpected payload`,
        issueLines(parsed.error),
        {
          marketplace: 'wish',
          operation,
        },
      );
    }
    return parsed.data;
  }

  async get<T>(
    operation: string,
    path: string,
    query: Record<string, QueryValue>,
    schema: z.ZodType<T>,
  ): Promise<T> {
    const envelope = await this.request({
      operation,
      bucket: MERCHANT_BUCKET,
      method: 'GET',
      path,
      query,
      idempotent: true,
      authenticated: true,
    });
    return this.check(operation, schema, envelope);
  }

  async send<T>(
    operation: string,
    method: 'POST' | 'PUT',
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
    idempotent: boolean,
  ): Promise<T> {
    const envelope = await this.request({
      operation,
      bucket: MERCHANT_BUCKET,
      method,
      path,
      body,
      idempotent,
      authenticated: true,
    });
    return this.check(operation, schema, envelope);
  }

  /** An OAuth call: parameters in the query string, as Wish documents them, no bearer. */
  async oauth<T>(
    operation: string,
    request: { method: string; url: string },
    schema: z.ZodType<T>,
    idempotent: boolean,
  ): Promise<T> {
    const url = new URL(request.url);
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) query[key] = value;
    const envelope = await this.request({
      operation,
      bucket: AUTH_BUCKET,
      method: request.method === 'POST' ? 'POST' : 'GET',
      path: url.pathname,
      query,
      idempotent,
      authenticated: false,
    });
    return this.check(operation, schema, envelope);
  }
}
