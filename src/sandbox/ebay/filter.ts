/**
 * getOrders' `filter` parameter (contract sell_fulfillment_v1, FilterField): comma-separated
 * criteria `creationdate:[from..to]`, `lastmodifieddate:[from..to]` (the end optional),
 * `orderfulfillmentstatus:{NOT_STARTED|IN_PROGRESS}` or `{FULFILLED|IN_PROGRESS}`. The characters
 * [ ] { | } must arrive percent-encoded; a filter that carries them raw is refused. When both dates
 * are given, only creationdate is used, as the method description says.
 */
import { fulfillmentError } from './errors.js';
import type { FulfillmentStatus } from './state.js';

export interface OrderFilter {
  field: 'creation' | 'lastModified' | null;
  from: number;
  to: number | null;
  statuses: FulfillmentStatus[] | null;
}

const TWO_YEARS_MS = 2 * 365 * 86_400_000;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const STATUS_SETS = ['NOT_STARTED|IN_PROGRESS', 'FULFILLED|IN_PROGRESS'];

const invalidValue = (value: string, name: string) =>
  fulfillmentError(30800, `Invalid filter value ${value} for filter ${name}`, {
    fieldvalue: value,
    fieldname: name,
  });

/** The raw `filter=` value from the query string as received, before any decoding. */
export function rawFilter(search: string): string | null {
  for (const pair of search.replace(/^\?/, '').split('&')) {
    const [name, value = ''] = pair.split('=');
    if (name === 'filter') return value;
  }
  return null;
}

function parseDate(text: string, name: string): number {
  if (!ISO.test(text)) throw fulfillmentError(30810, 'Invalid date format', { fieldname: name });
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw fulfillmentError(30810, 'Invalid date format', { fieldname: name });
  return ms;
}

function parseRange(value: string, name: string, now: number): { from: number; to: number | null } {
  const match = /^\[(.*)\.\.(.*)\]$/.exec(value);
  if (!match) throw invalidValue(value, name);
  const [, fromText = '', toText = ''] = match;
  if (fromText === '') throw fulfillmentError(30820, 'Start date is missing', { fieldname: name });
  const from = parseDate(fromText, name);
  const to = toText === '' ? null : parseDate(toText, name);
  if (from > now || (to !== null && to > now))
    throw fulfillmentError(30850, "Start and end dates can't be in the future", {
      fieldname: name,
    });
  if (to !== null && to < from)
    throw fulfillmentError(30840, 'Start date should be before end date', { fieldname: name });
  if ((to ?? now) - from > TWO_YEARS_MS) {
    throw fulfillmentError(
      30830,
      "Time range between start date and end date must be within '2' years.",
      {
        allowedTime: '2',
      },
    );
  }
  return { from, to };
}

/**
 * Parses the decoded filter; `raw` is the same parameter as it arrived, to check its encoding.
 * No filter: orders created in the last 90 days.
 */
export function parseOrderFilter(
  decoded: string | null,
  raw: string | null,
  now: number,
): OrderFilter {
  const fallback: OrderFilter = {
    field: 'creation',
    from: now - 90 * 86_400_000,
    to: null,
    statuses: null,
  };
  if (decoded === null || decoded === '') return fallback;
  if (raw !== null && /[[\]{}|]/.test(raw))
    throw invalidValue(decoded, 'filter (reserved characters must be percent-encoded)');
  let creation: { from: number; to: number | null } | null = null;
  let modified: { from: number; to: number | null } | null = null;
  let statuses: FulfillmentStatus[] | null = null;
  for (const criterion of decoded.split(/,(?![^[]*\])/)) {
    const colon = criterion.indexOf(':');
    const name = colon < 0 ? criterion : criterion.slice(0, colon);
    const value = colon < 0 ? '' : criterion.slice(colon + 1);
    if (name === 'creationdate') creation = parseRange(value, name, now);
    else if (name === 'lastmodifieddate') modified = parseRange(value, name, now);
    else if (name === 'orderfulfillmentstatus') {
      const inner = /^\{(.*)\}$/.exec(value)?.[1] ?? '';
      if (!STATUS_SETS.includes(inner)) throw invalidValue(value, name);
      statuses = inner.split('|') as FulfillmentStatus[];
    } else {
      throw fulfillmentError(30700, `Invalid filter name: ${name}`, { fieldname: name });
    }
  }
  if (creation) return { field: 'creation', ...creation, statuses };
  if (modified) return { field: 'lastModified', ...modified, statuses };
  return { ...fallback, statuses };
}
