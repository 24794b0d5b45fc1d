/**
 * The API-key provider for currencies the ECB does not publish (TWD, VND, AED, SAR, …). Its format
 * is Open Exchange Rates' (https://docs.openexchangerates.org/reference/latest-json and
 * /historical-json): `GET {base}/latest.json?symbols=TWD,VND` or `/historical/YYYY-MM-DD.json`,
 * authorised by `Authorization: Token <app id>`, answering
 * `{ "disclaimer", "license", "timestamp": <unix seconds>, "base": "USD", "rates": { "TWD": 32.51 } }`
 * and errors as `{ "error": true, "status": 401, "message": "invalid_app_id", "description" }`.
 *
 * Rates arrive as JSON numbers. They are read from the JSON source text (JSON.parse's reviver sees
 * each number's literal), so "32.512345" stays exactly that and never passes through a float.
 */
import { z } from 'zod';
import { CurrencyCode, isCurrencyCode } from '../../shared/money.js';
import { normalizeRateText } from './decimal.js';
import type { RateSnapshot } from './rate-store.js';

export const PROVIDER_SOURCE = 'openexchangerates';

export class ProviderFeedError extends Error {
  override readonly name = 'ProviderFeedError';
}

const LatestAnswer = z.object({
  timestamp: z.number().int().positive(),
  base: CurrencyCode,
  rates: z.record(z.string(), z.string()),
});

const ErrorAnswer = z.object({
  error: z.literal(true),
  status: z.number().int(),
  message: z.string(),
  description: z.string().optional(),
});

/** "1.2e-5" → "0.000012"; plain decimals pass through. The literal's digits are kept exactly. */
export function numberLiteralToDecimal(literal: string): string {
  const match = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(literal);
  if (!match) throw new RangeError(`"${literal}" is not a non-negative number`);
  const [, whole = '0', fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText);
  if (Math.abs(exponent) > 30) throw new RangeError(`"${literal}" is out of range`);
  const digits = whole + fraction;
  const point = whole.length + exponent;
  const padded =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return padded.replace(/^0+(?=\d)/, '');
}

export interface ProviderRates {
  base: string;
  /** UTC day of the provider's timestamp. */
  date: string;
  rates: { currency: string; rate: string }[];
  ignored: string[];
}

/** Parses a provider answer's text; throws ProviderFeedError with the provider's own message. */
export function parseProviderAnswer(text: string): ProviderRates {
  let raw: unknown;
  try {
    // Numbers become their source text, so no rate is ever a float.
    raw = JSON.parse(text, (_key, value: unknown, context?: { source?: string }) =>
      typeof value === 'number' && context?.source !== undefined ? context.source : value,
    );
  } catch (error) {
    throw new ProviderFeedError(`the answer is not JSON: ${(error as Error).message}`);
  }
  const failure = ErrorAnswer.safeParse(
    raw && typeof raw === 'object'
      ? { ...raw, status: Number((raw as { status?: unknown }).status) }
      : raw,
  );
  if (failure.success) {
    const { status, message, description } = failure.data;
    throw new ProviderFeedError(
      `provider refused (${status} ${message})${description ? `: ${description}` : ''}`,
    );
  }
  const withTimestamp =
    raw && typeof raw === 'object'
      ? { ...raw, timestamp: Number((raw as { timestamp?: unknown }).timestamp) }
      : raw;
  const parsed = LatestAnswer.safeParse(withTimestamp);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ProviderFeedError(`unexpected answer: ${issues.join('; ')}`);
  }
  const { base, timestamp, rates } = parsed.data;
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const kept: ProviderRates['rates'] = [];
  const ignored: string[] = [];
  for (const [currency, literal] of Object.entries(rates)) {
    if (currency === base) continue;
    if (!isCurrencyCode(currency)) {
      ignored.push(currency);
      continue;
    }
    try {
      kept.push({ currency, rate: normalizeRateText(numberLiteralToDecimal(literal)) });
    } catch (error) {
      throw new ProviderFeedError(`${currency}: ${(error as Error).message}`);
    }
  }
  kept.sort((a, b) => (a.currency < b.currency ? -1 : 1));
  return { base, date, rates: kept, ignored: ignored.sort() };
}

export function providerSnapshots(answer: ProviderRates): RateSnapshot[] {
  return answer.rates.map((entry) => ({
    base: answer.base,
    quote: entry.currency,
    date: answer.date,
    rate: entry.rate,
    source: PROVIDER_SOURCE,
  }));
}
