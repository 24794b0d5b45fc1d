/**
 * The IOP gateway's request rules as the fake enforces them (notes §3.1, §3.2, §3.6):
 * - parameters come in the query string and/or a form body; each name once;
 * - system parameters `app_key`, `timestamp` (epoch ms, or UTC text; within 7200 s of the
 *   gateway's clock), `sign_method` (`sha256`; `hmac` = HMAC-MD5 of the older SDKs), `sign`;
 * - the signature: every parameter but `sign`, sorted by name in byte order, name+value
 *   concatenated, prefixed with the API path only for system APIs (whose name contains `/`),
 *   HMAC with the app secret, upper-case hex;
 * - every failure is `{"error_response": {type, code, msg, sub_code?, request_id}}`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Random } from '../kit/random.js';
import type { SandboxRequest, SandboxResponse } from '../kit/server.js';

export const TIMESTAMP_WINDOW_MS = 7_200_000;

export type ErrorType = 'ISV' | 'ISP' | 'SYSTEM';

/** Thrown by handlers; the router turns it into an error_response body. */
export class IopError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly type: ErrorType = 'ISV',
    readonly subCode: string | null = null,
    readonly status = 200,
  ) {
    super(message);
  }
}

export const invalidParameter = (message: string, subCode = 'isv.invalid-parameter') =>
  new IopError('InvalidParameter', message, 'ISV', subCode);

export function requestId(random: Random): string {
  return `${random.hex(13)}${random.int(1000, 9999)}`;
}

export function errorAnswer(random: Random, error: IopError): SandboxResponse {
  return {
    status: error.status,
    json: {
      error_response: {
        type: error.type,
        code: error.code,
        msg: error.message,
        ...(error.subCode ? { sub_code: error.subCode } : {}),
        request_id: requestId(random),
      },
    },
  };
}

/** All parameters of a request, query and form body together; a name given twice is refused. */
export function collectParams(request: SandboxRequest): Map<string, string> {
  const params = new Map<string, string>();
  const add = (source: URLSearchParams) => {
    for (const [name, value] of source) {
      if (params.has(name)) throw new IopError('InvalidParameter', `Duplicate parameter: ${name}`);
      params.set(name, value);
    }
  };
  add(request.query);
  const type = String(request.headers['content-type'] ?? '');
  if (request.method === 'POST' && request.bodyText.length > 0) {
    if (!type.startsWith('application/x-www-form-urlencoded')) {
      throw new IopError(
        'InvalidParameter',
        'The body must be application/x-www-form-urlencoded parameters',
      );
    }
    add(new URLSearchParams(request.bodyText));
  }
  return params;
}

/** The fake's own reading of the signing rule (compare: Buffer order is byte order). */
export function expectedSignature(
  secret: string,
  apiName: string,
  params: Map<string, string>,
  algorithm: 'sha256' | 'md5',
): string {
  const names = [...params.keys()]
    .filter((name) => name !== 'sign')
    .sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  const parts = apiName.includes('/') ? [apiName] : [];
  for (const name of names) parts.push(name, params.get(name)!);
  return createHmac(algorithm, Buffer.from(secret, 'utf8'))
    .update(parts.join(''), 'utf8')
    .digest('hex')
    .toUpperCase();
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function parseTimestamp(text: string): number | null {
  if (/^\d{10,16}$/.test(text)) return Number(text);
  // UTC text as the docs show it: 2017-11-11T12:00:00Z (also with a space instead of T).
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})Z?$/.exec(text);
  if (!match) return null;
  const value = Date.parse(`${match[1]}T${match[2]}Z`);
  return Number.isNaN(value) ? null : value;
}

export interface VerifyCounters {
  rejectedSignatures: number;
  rejectedTimestamps: number;
}

/** Checks the system parameters and the signature; throws IopError when anything is wrong. */
export function verifySystemParams(
  params: Map<string, string>,
  apiName: string,
  app: { appKey: string; appSecret: string },
  now: number,
  counters: VerifyCounters,
): void {
  for (const name of ['app_key', 'timestamp', 'sign_method', 'sign']) {
    if (!params.get(name)) {
      throw new IopError('MissingParameter', `Missing required system parameter: ${name}`);
    }
  }
  if (params.get('app_key') !== app.appKey) {
    throw new IopError('InvalidAppKey', 'The specified app key is invalid');
  }
  const method = params.get('sign_method');
  if (method !== 'sha256' && method !== 'hmac') {
    throw new IopError('InvalidSignMethod', `Unsupported sign_method: ${method}`);
  }
  const timestamp = parseTimestamp(params.get('timestamp')!);
  if (timestamp === null || Math.abs(now - timestamp) > TIMESTAMP_WINDOW_MS) {
    counters.rejectedTimestamps += 1;
    throw new IopError(
      'InvalidTimestamp',
      'The timestamp is invalid or more than 7200 seconds away from the server time',
    );
  }
  const expected = expectedSignature(
    app.appSecret,
    apiName,
    params,
    method === 'sha256' ? 'sha256' : 'md5',
  );
  if (!sameText(expected, params.get('sign')!)) {
    counters.rejectedSignatures += 1;
    throw new IopError(
      'IncompleteSignature',
      'The request signature does not conform to platform standards',
    );
  }
}

/** Typed reading of business parameters: each failure is the gateway's InvalidParameter. */
export function jsonParam(params: Map<string, string>, name: string): unknown {
  const text = params.get(name);
  if (text === undefined || text === '') throw invalidParameter(`Missing parameter: ${name}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidParameter(`Parameter ${name} is not valid JSON`);
  }
}

export function record(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidParameter(`${name} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** An integer given as a JSON number or numeric string (SDKs send both). */
export function integer(
  value: unknown,
  name: string,
  options: { min?: number; max?: number } = {},
): number {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^-?\d+$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(number)) throw invalidParameter(`${name} must be an integer`);
  if (options.min !== undefined && number < options.min) {
    throw invalidParameter(`${name} must be at least ${options.min}`);
  }
  if (options.max !== undefined && number > options.max) {
    throw invalidParameter(`${name} must be at most ${options.max}`);
  }
  return number;
}

/** Cents as AliExpress's decimal text ("12.30"). */
export function amountText(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A price as sent by a seller: decimal text or number with at most 2 decimals, above 0. */
export function priceCents(value: unknown, name: string): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) throw invalidParameter(`${name} must be a price with at most 2 decimals`);
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (cents <= 0) throw invalidParameter(`${name} must be above 0`);
  return cents;
}
