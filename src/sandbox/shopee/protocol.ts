/**
 * Shopee's wire conventions as the Open Platform guide states them: answers are JSON with
 * `request_id`, `error` (empty on success) and `message`, business errors come with HTTP 200, and
 * every call carries `partner_id`, `timestamp` (Unix seconds, valid 5 minutes) and `sign`
 * (lower-case hex HMAC-SHA256 with the partner key over partner_id + path + timestamp, then
 * access_token + shop_id for shop APIs). Parameter helpers throw `ShopeeApiError`, which the router
 * turns into the error envelope.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from '../kit/server.js';
import type { Random } from '../kit/random.js';

export class ShopeeApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Some APIs return a partial `response` beside the error (update_stock's failure_list). */
    readonly response?: unknown,
  ) {
    super(message);
  }
}

export const TIMESTAMP_WINDOW_SECONDS = 300;

export function requestId(random: Random): string {
  return random.hex(32);
}

export function success(
  random: Random,
  response: unknown,
  extra: Record<string, unknown> = {},
): SandboxResponse {
  return {
    status: 200,
    json: { request_id: requestId(random), error: '', message: '', ...extra, response },
  };
}

/** Auth and shop-info APIs answer with top-level fields, not inside `response`. */
export function flatSuccess(random: Random, fields: Record<string, unknown>): SandboxResponse {
  return {
    status: 200,
    json: { ...fields, request_id: requestId(random), error: '', message: '' },
  };
}

export function failure(random: Random, error: ShopeeApiError, httpStatus = 200): SandboxResponse {
  const json: Record<string, unknown> = {
    request_id: requestId(random),
    error: error.code,
    message: error.message,
  };
  if (error.response !== undefined) json.response = error.response;
  return { status: httpStatus, json };
}

export function sign(partnerKey: string, base: string): string {
  return createHmac('sha256', Buffer.from(partnerKey, 'utf8')).update(base, 'utf8').digest('hex');
}

export function signatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

const wrong = (detail: string) =>
  new ShopeeApiError('error_param', `Wrong parameters, detail: ${detail}.`);

/** Where a call's business parameters are: the query for GET, the JSON body for POST. */
export class Params {
  private constructor(
    private readonly source: 'query' | 'body',
    private readonly query: URLSearchParams,
    private readonly body: Record<string, unknown>,
  ) {}

  static of(request: SandboxRequest): Params {
    if (request.method === 'GET') return new Params('query', request.query, {});
    if (request.bodyError !== null) throw new ShopeeApiError('error_data', 'parse data failed');
    const body = request.body;
    if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
      throw new ShopeeApiError('error_data', 'parse data failed');
    }
    return new Params('body', request.query, (body ?? {}) as Record<string, unknown>);
  }

  has(name: string): boolean {
    return this.source === 'query' ? this.query.has(name) : this.body[name] !== undefined;
  }

  raw(name: string): unknown {
    return this.source === 'query' ? (this.query.get(name) ?? undefined) : this.body[name];
  }

  /** An integer; query values must be decimal digits, body values JSON integers. */
  int(
    name: string,
    options: { required: boolean; min?: number; max?: number },
  ): number | undefined {
    const value = this.raw(name);
    if (value === undefined || value === '') {
      if (options.required) throw wrong(`${name} is required`);
      return undefined;
    }
    let number: number;
    if (typeof value === 'number') number = value;
    else if (typeof value === 'string' && /^-?\d+$/.test(value)) number = Number(value);
    else throw wrong(`${name} must be an integer`);
    if (!Number.isSafeInteger(number)) throw wrong(`${name} must be an integer`);
    if (options.min !== undefined && number < options.min)
      throw wrong(`${name} must be at least ${options.min}`);
    if (options.max !== undefined && number > options.max)
      throw wrong(`${name} must be at most ${options.max}`);
    return number;
  }

  string(name: string, options: { required: boolean; maxLength?: number }): string | undefined {
    const value = this.raw(name);
    if (value === undefined) {
      if (options.required) throw wrong(`${name} is required`);
      return undefined;
    }
    if (typeof value !== 'string') throw wrong(`${name} must be a string`);
    if (options.required && value === '') throw wrong(`${name} is required`);
    if (options.maxLength !== undefined && value.length > options.maxLength) {
      throw wrong(`${name} is longer than ${options.maxLength}`);
    }
    return value;
  }

  /** Every value of a repeated query parameter (item_status=NORMAL&item_status=BANNED). */
  all(name: string): string[] {
    return this.query.getAll(name);
  }

  boolean(name: string): boolean | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    throw wrong(`${name} must be true or false`);
  }

  /** A list of integers in a GET query: "1,2,3" or the "[1,2,3]" form of the reference's sample. */
  intList(name: string, options: { min: number; max: number }): number[] {
    const value = this.raw(name);
    if (typeof value !== 'string' || value.trim() === '') throw wrong(`${name} is required`);
    const inner = value.trim().replace(/^\[(.*)\]$/, '$1');
    const parts = inner.split(',').map((part) => part.trim());
    if (parts.some((part) => !/^\d+$/.test(part)))
      throw wrong(`${name} must be a list of integers`);
    if (parts.length < options.min || parts.length > options.max) {
      throw wrong(`${name} must have between ${options.min} and ${options.max} entries`);
    }
    return parts.map(Number);
  }

  object(name: string, required: boolean): Record<string, unknown> | undefined {
    const value = this.raw(name);
    if (value === undefined || value === null) {
      if (required) throw wrong(`${name} is required`);
      return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value)) throw wrong(`${name} must be an object`);
    return value as Record<string, unknown>;
  }

  array(name: string, options: { min: number; max: number }): unknown[] {
    const value = this.raw(name);
    if (!Array.isArray(value)) throw wrong(`${name} is required`);
    if (value.length < options.min || value.length > options.max) {
      throw wrong(`Length of ${name} should be between ${options.min} to ${options.max}`);
    }
    return value;
  }
}

/** A price as Shopee reads it from JSON: a positive number with at most `decimals` decimals. */
export function centsFromJsonPrice(value: unknown, decimals: number): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return null;
  const text = String(value);
  if (text.includes('e')) return null;
  const fraction = text.split('.')[1] ?? '';
  if (fraction.length > decimals) return null;
  return Math.round(value * 10 ** decimals);
}

/** Cents back to the JSON number Shopee sends (built from the decimal text, not by division). */
export function jsonPrice(cents: number, decimals: number): number {
  if (decimals === 0) return cents;
  const digits = String(cents).padStart(decimals + 1, '0');
  return Number(`${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`);
}
