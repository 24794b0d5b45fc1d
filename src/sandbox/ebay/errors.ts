/**
 * eBay's error answer, as the handling-error-messages guide and every contract's `Error` type
 * describe it: `{"errors":[{errorId, domain, category, message, longMessage?, parameters?}]}`. The
 * fake's handlers throw EbayApiError; the router turns it into that body with the HTTP status.
 */
import type { SandboxResponse } from '../kit/server.js';

export interface EbayErrorDetail {
  errorId: number;
  domain: string;
  subdomain?: string;
  category: 'REQUEST' | 'APPLICATION' | 'BUSINESS';
  message: string;
  longMessage?: string;
  parameters?: { name: string; value: string }[];
}

export class EbayApiError extends Error {
  override name = 'EbayApiError';
  constructor(
    readonly status: number,
    readonly detail: EbayErrorDetail,
  ) {
    super(detail.message);
  }
}

export function errorAnswer(
  status: number,
  details: EbayErrorDetail[],
  headers?: Record<string, string>,
): SandboxResponse {
  return { status, json: { errors: details }, ...(headers ? { headers } : {}) };
}

const parameters = (values: Record<string, string>) =>
  Object.entries(values).map(([name, value]) => ({ name, value }));

/** An Inventory API request error (400 unless said otherwise). */
export function inventoryError(
  errorId: number,
  message: string,
  values: Record<string, string> = {},
  status = 400,
): EbayApiError {
  return new EbayApiError(status, {
    errorId,
    domain: 'API_INVENTORY',
    subdomain: 'Selling',
    category: 'REQUEST',
    message,
    ...(Object.keys(values).length > 0 ? { parameters: parameters(values) } : {}),
  });
}

/** 25709 "Invalid value for {fieldName}." — eBay's answer to most malformed inventory input. */
export function invalidInventoryValue(field: string, detail = ''): EbayApiError {
  return inventoryError(25709, `Invalid value for ${field}. ${detail}`.trim(), {
    fieldName: field,
  });
}

export function fulfillmentError(
  errorId: number,
  message: string,
  values: Record<string, string> = {},
  status = 400,
): EbayApiError {
  return new EbayApiError(status, {
    errorId,
    domain: 'API_FULFILLMENT',
    subdomain: 'Selling',
    category: 'REQUEST',
    message,
    ...(Object.keys(values).length > 0 ? { parameters: parameters(values) } : {}),
  });
}

/** Access errors shared by every API (authentication, permissions, throttling). */
export const accessErrors = {
  invalidToken: () =>
    new EbayApiError(401, {
      errorId: 1001,
      domain: 'OAuth',
      category: 'REQUEST',
      message: 'Invalid access token',
      longMessage:
        'Invalid access token. Check the value of the Authorization HTTP request header.',
    }),
  missingToken: () =>
    new EbayApiError(401, {
      errorId: 1002,
      domain: 'OAuth',
      category: 'REQUEST',
      message: 'Missing access token',
      longMessage: 'Access token is missing in the Authorization HTTP request header.',
    }),
  insufficientPermissions: () =>
    new EbayApiError(403, {
      errorId: 1100,
      domain: 'ACCESS',
      category: 'REQUEST',
      message: 'Access denied',
      longMessage: 'Insufficient permissions to fulfill the request.',
    }),
  tooManyRequests: () =>
    new EbayApiError(429, {
      errorId: 2001,
      domain: 'ACCESS',
      category: 'REQUEST',
      message: 'Too many requests.',
      longMessage: 'The request limit has been reached for the resource.',
    }),
  notFound: (path: string) =>
    new EbayApiError(404, {
      errorId: 2002,
      domain: 'ACCESS',
      category: 'REQUEST',
      message: 'Resource not found',
      longMessage: `No resource matches ${path}.`,
    }),
};

/** What the fake answers for an injected 5xx: the API's own "system error". */
export function systemErrorAnswer(path: string, status: number): SandboxResponse {
  const fulfillment = path.startsWith('/sell/fulfillment/');
  return errorAnswer(status, [
    {
      errorId: fulfillment ? 30500 : 25001,
      domain: fulfillment
        ? 'API_FULFILLMENT'
        : path.startsWith('/sell/')
          ? 'API_INVENTORY'
          : 'ACCESS',
      category: 'APPLICATION',
      message: fulfillment ? 'System error' : 'A system error has occurred.',
    },
  ]);
}
