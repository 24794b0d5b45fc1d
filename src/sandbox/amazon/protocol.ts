/**
 * The SP-API wire conventions the fake follows (../shared/marketplace-notes.md §1.6): errors are
 * `{"errors":[{"code","message","details"?}]}` with the HTTP status saying the class (400
 * InvalidInput, 403 Unauthorized, 404 NotFound, 429 QuotaExceeded, 500 InternalFailure); every
 * reply carries `x-amzn-RequestId` and, for an operation with a usage plan, `x-amzn-RateLimit-Limit`.
 * Query parameters are read the way the models declare them (arrays comma-separated).
 */
import type { SandboxResponse } from '../kit/server.js';

export class AmazonApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: string,
  ) {
    super(message);
  }
}

export function invalidInput(message: string, details?: string): AmazonApiError {
  return new AmazonApiError(400, 'InvalidInput', message, details);
}

export function notFound(message: string): AmazonApiError {
  return new AmazonApiError(404, 'NotFound', message);
}

export function errorBody(code: string, message: string, details?: string) {
  return { errors: [{ code, message, ...(details === undefined ? {} : { details }) }] };
}

export function errorAnswer(error: AmazonApiError): SandboxResponse {
  return { status: error.status, json: errorBody(error.code, error.message, error.details) };
}

export function requestId(hex: (length: number) => string): string {
  const text = hex(32);
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses an ISO 8601 date-time; `utcOnly` refuses offsets other than `Z`. */
export function parseDateTime(name: string, text: string, utcOnly: boolean): number {
  const match = ISO.exec(text);
  const ms = match ? Date.parse(text) : NaN;
  if (!match || Number.isNaN(ms))
    throw invalidInput(`Invalid Input: ${name} must be an ISO 8601 date-time.`, `${name}=${text}`);
  if (utcOnly && match[8] !== 'Z')
    throw invalidInput(
      `Invalid Input: ${name} must be in UTC, ending in 'Z'.`,
      `${name}=${text} carries the offset ${match[8]}`,
    );
  return ms;
}

export class Query {
  constructor(private readonly params: URLSearchParams) {}

  has(name: string): boolean {
    return this.params.has(name);
  }

  string(name: string, required = false): string | undefined {
    const values = this.params.getAll(name);
    if (values.length > 1)
      throw invalidInput(`Invalid Input: ${name} was given ${values.length} times.`);
    const value = values[0];
    if (value === undefined || value === '') {
      if (required) throw invalidInput(`Missing required parameter: ${name}.`);
      return undefined;
    }
    return value;
  }

  /** A comma-separated list (Swagger csv), checked against `allowed` when given. */
  list(
    name: string,
    options: { required?: boolean; allowed?: readonly string[]; max?: number } = {},
  ): string[] | undefined {
    const text = this.string(name, options.required);
    if (text === undefined) return undefined;
    const values = text.split(',').map((value) => value.trim());
    if (values.some((value) => value === ''))
      throw invalidInput(`Invalid Input: ${name} has an empty value.`);
    if (options.max !== undefined && values.length > options.max)
      throw invalidInput(`Invalid Input: ${name} accepts at most ${options.max} values.`);
    const { allowed } = options;
    if (allowed) {
      const wrong = values.filter((value) => !allowed.includes(value));
      if (wrong.length > 0)
        throw invalidInput(
          `Invalid Input: ${name} value ${wrong.join(', ')} is not one of ${allowed.join(', ')}.`,
        );
    }
    return values;
  }

  int(name: string, min: number, max: number): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max)
      throw invalidInput(`Invalid Input: ${name} must be an integer from ${min} to ${max}.`);
    return Number(text);
  }

  bool(name: string): boolean | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (text !== 'true' && text !== 'false')
      throw invalidInput(`Invalid Input: ${name} must be true or false.`);
    return text === 'true';
  }

  date(name: string, utcOnly: boolean): number | undefined {
    const text = this.string(name);
    return text === undefined ? undefined : parseDateTime(name, text, utcOnly);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(text))
      throw invalidInput(`Invalid Input: ${name} must be one of ${allowed.join(', ')}.`);
    return text as T;
  }
}

/** Opaque page tokens: base64url JSON, refused when garbled, expired or from another query. */
export function encodeToken(payload: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

export function decodeToken(
  name: string,
  token: string,
  fingerprint: string,
  now: number,
): Record<string, unknown> {
  let payload: Record<string, unknown> | null = null;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      payload = parsed as Record<string, unknown>;
  } catch {
    payload = null;
  }
  if (!payload || payload.f !== fingerprint)
    throw invalidInput(
      `Invalid Input: ${name} is not valid for this request.`,
      'The token is malformed or was issued for other parameters.',
    );
  if (typeof payload.x === 'number' && payload.x < now)
    throw invalidInput(`Invalid Input: ${name} has expired.`);
  return payload;
}
