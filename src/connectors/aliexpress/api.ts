/**
 * Typed AliExpress calls on top of the HTTP kit. A business API answers
 * `{"<method with _ for .>_response": {...payload, request_id}}`; a system API answers its payload
 * at the top level. Each payload is checked with its zod schema; a reply of the wrong shape becomes
 * an InvalidPayloadError with the request id and the issues. While the account's daily ban lasts,
 * calls fail at once without a request.
 */
import type { z } from 'zod';
import type { HttpClient } from '../http/client.js';
import { InvalidPayloadError } from '../http/errors.js';
import type { DailyBan } from './protocol.js';
import { issueLines } from './schemas.js';

export interface AliExpressReply<T> {
  data: T;
  requestId: string | null;
}

const FORM = 'application/x-www-form-urlencoded;charset=utf-8';

function formOf(params: Record<string, string | number | object>): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    form.set(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return form.toString();
}

export class AliExpressApi {
  constructor(
    readonly client: HttpClient,
    private readonly ban: DailyBan,
  ) {}

  now(): number {
    return this.client.clock.now();
  }

  private check<T>(
    operation: string,
    schema: z.ZodType<T>,
    value: unknown,
    requestId: string | null,
  ): AliExpressReply<T> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw new InvalidPayloadError(
        `AliExpress ${operation} answered with an unexpected payload`,
        issueLines(parsed.error),
        { marketplace: 'aliexpress', operation, requestId },
      );
    }
    return { data: parsed.data, requestId };
  }

  /** A business API on /sync; object parameters are sent as JSON text. */
  async business<T>(
    method: string,
    params: Record<string, string | number | object>,
    schema: z.ZodType<T>,
    idempotent: boolean,
  ): Promise<AliExpressReply<T>> {
    this.ban.check(this.now());
    const envelope = await this.client.request<Record<string, unknown>>({
      operation: method,
      bucket: 'default',
      method: 'POST',
      path: '/sync',
      query: { method },
      rawBody: { contentType: FORM, text: formOf(params) },
      idempotent,
      authenticated: true,
    });
    const key = `${method.replaceAll('.', '_')}_response`;
    const payload = envelope[key] as Record<string, unknown> | undefined;
    const requestIdValue = payload?.request_id ?? envelope.request_id;
    const requestId = typeof requestIdValue === 'string' ? requestIdValue : null;
    if (typeof payload !== 'object' || payload === null) {
      throw new InvalidPayloadError(`AliExpress ${method} answered without ${key}`, [], {
        marketplace: 'aliexpress',
        operation: method,
        requestId,
      });
    }
    return this.check(method, schema, payload, requestId);
  }

  /** A system API on /rest (token create/refresh): no access token, payload at the top level. */
  async system<T>(
    operation: string,
    path: string,
    params: Record<string, string>,
    schema: z.ZodType<T>,
    idempotent: boolean,
  ): Promise<AliExpressReply<T>> {
    this.ban.check(this.now());
    const envelope = await this.client.request<Record<string, unknown>>({
      operation,
      bucket: 'auth',
      method: 'POST',
      path: `/rest${path}`,
      rawBody: { contentType: FORM, text: formOf(params) },
      idempotent,
      authenticated: false,
    });
    const requestId = typeof envelope.request_id === 'string' ? envelope.request_id : null;
    return this.check(operation, schema, envelope, requestId);
  }
}

/** An id as a JSON number when that is exact, else as its digits (numbers past 2^53 would round). */
export function idParam(id: string): number | string {
  const value = Number(id);
  return Number.isSafeInteger(value) ? value : id;
}
