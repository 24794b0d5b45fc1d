/**
 * Typed Shopee calls on top of the HTTP kit: one function per shape of call (GET/POST, payload in
 * `response` or at the top level), each reply checked with its zod schema. A reply of the wrong
 * shape becomes an InvalidPayloadError carrying the request id and the issues.
 */
import type { z } from 'zod';
import type { HttpClient, QueryValue } from '../http/client.js';
import { InvalidPayloadError } from '../http/errors.js';
import { issueLines } from './schemas.js';

export interface ShopeeReply<T> {
  data: T;
  requestId: string | null;
  warning: unknown;
}

type Bucket = 'shop' | 'auth';

export class ShopeeApi {
  constructor(readonly client: HttpClient) {}

  private async send(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    input: { query?: Record<string, QueryValue>; body?: unknown },
    options: { idempotent: boolean; bucket: Bucket; authenticated: boolean },
  ): Promise<Record<string, unknown>> {
    return this.client.request<Record<string, unknown>>({
      operation,
      method,
      path,
      ...input,
      ...options,
    });
  }

  private check<T>(
    operation: string,
    schema: z.ZodType<T>,
    value: unknown,
    envelope: Record<string, unknown>,
  ): ShopeeReply<T> {
    const requestId = typeof envelope.request_id === 'string' ? envelope.request_id : null;
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw new InvalidPayloadError(
        `Shopee ${operation} answered with an unexpected payload`,
        issueLines(parsed.error),
        {
          marketplace: 'shopee',
          operation,
          requestId,
        },
      );
    }
    return { data: parsed.data, requestId, warning: envelope.warning };
  }

  /** A shop API whose payload is in `response`. */
  async shopGet<T>(
    operation: string,
    path: string,
    query: Record<string, QueryValue>,
    schema: z.ZodType<T>,
  ): Promise<ShopeeReply<T>> {
    const envelope = await this.send(
      operation,
      'GET',
      path,
      { query },
      { idempotent: true, bucket: 'shop', authenticated: true },
    );
    return this.check(operation, schema, envelope.response, envelope);
  }

  async shopPost<T>(
    operation: string,
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
    idempotent: boolean,
  ): Promise<ShopeeReply<T>> {
    const envelope = await this.send(
      operation,
      'POST',
      path,
      { body },
      { idempotent, bucket: 'shop', authenticated: true },
    );
    return this.check(operation, schema, envelope.response ?? {}, envelope);
  }

  /** A shop API whose payload is at the top level (get_shop_info). */
  async shopGetFlat<T>(
    operation: string,
    path: string,
    schema: z.ZodType<T>,
  ): Promise<ShopeeReply<T>> {
    const envelope = await this.send(
      operation,
      'GET',
      path,
      {},
      { idempotent: true, bucket: 'shop', authenticated: true },
    );
    return this.check(operation, schema, envelope, envelope);
  }

  /** A public (auth) API: top-level payload, no access token. */
  async publicPost<T>(
    operation: string,
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
    idempotent: boolean,
  ): Promise<ShopeeReply<T>> {
    const envelope = await this.send(
      operation,
      'POST',
      path,
      { body },
      { idempotent, bucket: 'auth', authenticated: false },
    );
    return this.check(operation, schema, envelope, envelope);
  }
}
