/**
 * What every handler of the fake eBay gets: the account's state, the simulated clock (read once per
 * request), and the request with its path parameters. Also the small readers of eBay's
 * string-typed query parameters and JSON bodies, which answer malformed input as eBay does.
 */
import type { SimClock } from '../kit/clock.js';
import type { Random } from '../kit/random.js';
import type { SandboxRequest } from '../kit/server.js';
import { EbayApiError, type EbayErrorDetail } from './errors.js';
import type { ShopState } from './state.js';

export type OrderSort = 'lastmodified_asc' | 'lastmodified_desc' | 'creation_desc';

export interface FakeAccount {
  state: ShopState;
  clock: SimClock;
  random: Random;
  sellerId: string;
  username: string;
  baseUrl: () => string;
  /** How getOrders sorts its result set (eBay does not document it; UNCONFIRMED). */
  orderSort: () => OrderSort;
  /**
   * How many offers one bulkUpdatePriceQuantity call may carry: 25 across SKUs (the request
   * schema: "one or more inventory items (up to 25)"), or the offers of one SKU only (the method
   * description). The notes list the contradiction as open; the fake can play either.
   */
  bulkMode: () => 'offers' | 'one_sku';
}

export interface HandlerInput {
  account: FakeAccount;
  request: SandboxRequest;
  params: Record<string, string>;
  nowMs: number;
}

/** eBay's 2004 for a body that is not the JSON the call needs. */
export function invalidRequest(message: string): EbayApiError {
  const detail: EbayErrorDetail = {
    errorId: 2004,
    domain: 'ACCESS',
    category: 'REQUEST',
    message: 'Invalid request',
    longMessage: `The request has errors. ${message}`,
  };
  return new EbayApiError(400, detail);
}

/** The JSON object body, or 2004. */
export function jsonBody(request: SandboxRequest): Record<string, unknown> {
  const type = String(request.headers['content-type'] ?? '');
  if (!type.startsWith('application/json'))
    throw invalidRequest('Content-Type must be application/json.');
  if (
    request.bodyError !== null ||
    typeof request.body !== 'object' ||
    request.body === null ||
    Array.isArray(request.body)
  ) {
    throw invalidRequest('The body is not a JSON object.');
  }
  return request.body as Record<string, unknown>;
}

/**
 * An integer query parameter sent as a string (eBay types limit and offset as strings), or the
 * fallback when absent; `fail` builds the API's own error for a bad value.
 */
export function queryInteger(
  request: SandboxRequest,
  name: string,
  range: { min: number; max?: number; fallback: number },
  fail: (name: string) => EbayApiError,
): number {
  const text = request.query.get(name);
  if (text === null) return range.fallback;
  if (!/^\d+$/.test(text)) throw fail(name);
  const value = Number(text);
  if (value < range.min || (range.max !== undefined && value > range.max)) throw fail(name);
  return value;
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
