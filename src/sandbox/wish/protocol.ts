/**
 * Wish v3 wire conventions for the fake: every reply is the envelope `{code, message, data}` with
 * code 0 on success; errors are `APIError {code, message}` with `data` empty; times are ISO 8601
 * (`YYYY-MM-DDTHH:mm:ss.sss±XX:ZZ` or `…Z`; milliseconds optional on input); money is
 * `{amount, currency_code}` with the amount as a decimal JSON number.
 */
import type { SandboxResponse } from '../kit/server.js';

/** Generic invalid parameter (the code every 400 example in the spec carries). */
export const INVALID_PARAMETER = 90001;
/** The throttle code is not published; the HTTP 429 and the reset header are what clients read. */
export const RATE_LIMITED_CODE = 1015;

export class WishApiError extends Error {
  override name = 'WishApiError';
  constructor(
    readonly code: number,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function invalid(message: string): WishApiError {
  return new WishApiError(INVALID_PARAMETER, message, 400);
}

export function success(data: unknown, headers: Record<string, string> = {}): SandboxResponse {
  return { status: 200, headers, json: { code: 0, message: '', data } };
}

export function failure(
  error: WishApiError,
  headers: Record<string, string> = {},
): SandboxResponse {
  return {
    status: error.status,
    headers,
    json: { code: error.code, message: error.message, data: {} },
  };
}

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO 8601 time as epoch ms. More precision than milliseconds is cut to milliseconds, as the
 * spec says for updated_at; `unit: 'second'` cuts to the second (created_at filters).
 */
export function parseTime(name: string, text: string, unit: 'ms' | 'second' = 'ms'): number {
  const match = ISO_TIME.exec(text);
  if (!match) throw invalid(`${name} must be an ISO 8601 date-time, got "${text}"`);
  const fraction = (match[7] ?? '').padEnd(3, '0').slice(0, 3);
  const base = `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}.${fraction}${match[8]}`;
  const value = Date.parse(base);
  if (Number.isNaN(value)) throw invalid(`${name} is not a valid date-time: "${text}"`);
  return unit === 'second' ? Math.floor(value / 1000) * 1000 : value;
}

/** Epoch ms as Wish writes times: UTC with milliseconds. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Cents as Wish's decimal money object (`{amount: 12.3, currency_code: 'USD'}`). */
export function money(cents: number, currency: string): { amount: number; currency_code: string } {
  return { amount: Number((cents / 100).toFixed(2)), currency_code: currency };
}

/**
 * A decimal money amount from a request, as cents. JSON numbers are read through their decimal
 * text so 19.99 is 1999 exactly; more than two decimals is refused.
 */
export function centsOf(name: string, value: unknown, currency: string): number {
  if (typeof value !== 'object' || value === null)
    throw invalid(`${name} must be {amount, currency_code}`);
  const { amount, currency_code: code } = value as { amount?: unknown; currency_code?: unknown };
  if (code !== currency)
    throw invalid(`${name}.currency_code must be the merchant currency ${currency}`);
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
    throw invalid(`${name}.amount must be a non-negative number`);
  }
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(String(amount));
  if (!match) throw invalid(`${name}.amount has more than two decimals: ${amount}`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Reads an integer query parameter within bounds (absent → fallback). */
export function intParam(
  query: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = query.get(name);
  if (text === null || text === '') return fallback;
  if (!/^\d+$/.test(text)) throw invalid(`${name} must be an integer`);
  const value = Number(text);
  if (value < min || value > max) throw invalid(`${name} must be between ${min} and ${max}`);
  return value;
}

/** `sort_by=field[.asc|.desc]` among the allowed fields. */
export function sortParam(
  query: URLSearchParams,
  fields: readonly string[],
  fallback: string,
): { field: string; descending: boolean } {
  const text = query.get('sort_by') ?? fallback;
  const [field = '', direction = 'asc', extra] = text.split('.');
  if (
    extra !== undefined ||
    !fields.includes(field) ||
    (direction !== 'asc' && direction !== 'desc')
  ) {
    throw invalid(`sort_by must be one of ${fields.map((name) => `${name}.asc|desc`).join(', ')}`);
  }
  return { field, descending: direction === 'desc' };
}

/**
 * Orders ties arbitrarily but reproducibly, as a database would: objects sharing a sort key come
 * back in an order unrelated to their ids, so a client cannot lean on it.
 */
export function tieRank(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
