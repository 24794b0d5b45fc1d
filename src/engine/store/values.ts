/**
 * Conversions at the store's edge: times become canonical ISO-8601 UTC (`…T…:…:….sssZ`, always
 * with milliseconds) so that string comparison is time comparison — the ingest path relies on it
 * to never replace newer data with older. Money codes are checked against ISO 4217.
 */
import { isCurrencyCode } from '../../shared/money.js';
import { InvalidStoreInput } from './errors.js';

const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Canonical UTC text for an ISO-8601 time that carries a zone; refuses zone-less or bad input. */
export function toUtcIso(value: string, field: string): string {
  if (typeof value !== 'string' || !HAS_ZONE.test(value)) {
    throw new InvalidStoreInput(
      `${field} must be an ISO-8601 time with a zone (e.g. …Z), got ${JSON.stringify(value)}`,
    );
  }
  const time = Date.parse(value);
  if (Number.isNaN(time))
    throw new InvalidStoreInput(`${field} is not a valid time: ${JSON.stringify(value)}`);
  return new Date(time).toISOString();
}

export function toUtcIsoOrNull(value: string | null | undefined, field: string): string | null {
  return value === null || value === undefined ? null : toUtcIso(value, field);
}

export function requireCurrency(code: string, field: string): string {
  if (!isCurrencyCode(code))
    throw new InvalidStoreInput(
      `${field} is not a known ISO 4217 currency: ${JSON.stringify(code)}`,
    );
  return code;
}

/** JSON text for a column; `undefined` (no payload) is stored as NULL. */
export function jsonOrNull(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/** Parses a JSON column that the store itself wrote; a corrupt value falls back rather than throws. */
export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export const flag = (value: boolean): 0 | 1 => (value ? 1 : 0);

/** Values bound per `IN (…)` list: well under SQLite's parameter limit, short statements. */
export const IN_LIST_SIZE = 500;

/** Splits ids for `IN (…)` lists of at most `size` values each. */
export function inLists<T>(ids: readonly T[], size = IN_LIST_SIZE): T[][] {
  const lists: T[][] = [];
  for (let start = 0; start < ids.length; start += size) lists.push(ids.slice(start, start + size));
  return lists;
}
