/**
 * The ECB euro foreign exchange reference rates feed
 * (https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml, and the -hist-90d / -hist files
 * of the same shape): a gesmes:Envelope holding one outer <Cube>, inside it one <Cube time='…'>
 * per TARGET business day (newest first), inside each one <Cube currency='USD' rate='1.0745'/>
 * per currency, every rate being EUR→currency.
 *
 * Days the TARGET system is closed (1 January, Good Friday, Easter Monday, 1 May, 25 and 26
 * December) and weekends have no <Cube time> at all; a lookup on such a day uses the last business
 * day before it. A day element with no rates inside is kept as a day without rates, not an error.
 *
 * The feed is small and regular, so it is read with a tag scanner rather than an XML library;
 * anything that does not look like the feed is refused with the reason.
 */
import { z } from 'zod';
import { isCurrencyCode } from '../../shared/money.js';
import { normalizeRateText } from './decimal.js';
import type { RateSnapshot } from './rate-store.js';

export const ECB_DAILY_URL = 'https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml';
export const ECB_SOURCE = 'ecb';

export interface EcbDay {
  date: string;
  rates: { currency: string; rate: string }[];
}

export interface EcbFeed {
  days: EcbDay[];
  /** Currency codes in the feed that Silkroute does not know (left out, named here). */
  ignored: string[];
}

export class EcbFeedError extends Error {
  override readonly name = 'EcbFeedError';
}

const DayAttributes = z.object({
  time: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'time must be YYYY-MM-DD')
    .refine((date) => !Number.isNaN(Date.parse(`${date}T00:00:00Z`)), 'not a calendar date'),
});
const RateAttributes = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, 'currency must be three capital letters'),
  rate: z.string().regex(/^\d+(\.\d+)?$/, 'rate must be a plain decimal'),
});

const TAG = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTRIBUTE = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributesOf(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of text.matchAll(ATTRIBUTE)) {
    const [, name = '', double, single] = match;
    attributes[name] = double ?? single ?? '';
  }
  return attributes;
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
}

/** Parses the feed's XML text; throws EcbFeedError saying what is wrong. */
export function parseEcbFeed(xml: string): EcbFeed {
  if (!/<gesmes:Envelope[\s>]/.test(xml)) {
    throw new EcbFeedError('not an ECB reference rates feed (no gesmes:Envelope)');
  }
  const days: EcbDay[] = [];
  const ignored = new Set<string>();
  const seenDates = new Set<string>();
  let depth = 0;
  let day: EcbDay | undefined;
  for (const match of xml.matchAll(TAG)) {
    const [, closing, name, attributeText = '', selfClosing] = match;
    if (name !== 'Cube') continue;
    if (closing) {
      if (depth === 2) day = undefined;
      depth -= 1;
      if (depth < 0) throw new EcbFeedError('unbalanced </Cube>');
      continue;
    }
    const attributes = attributesOf(attributeText);
    const level = depth + 1;
    if (level === 2) {
      const parsed = DayAttributes.safeParse(attributes);
      if (!parsed.success) throw new EcbFeedError(`day Cube: ${describe(parsed.error)}`);
      if (seenDates.has(parsed.data.time)) {
        throw new EcbFeedError(`day ${parsed.data.time} appears twice`);
      }
      seenDates.add(parsed.data.time);
      day = { date: parsed.data.time, rates: [] };
      days.push(day);
    } else if (level === 3) {
      if (!day) throw new EcbFeedError('a rate Cube outside a day Cube');
      const parsed = RateAttributes.safeParse(attributes);
      if (!parsed.success) {
        throw new EcbFeedError(`rate Cube on ${day.date}: ${describe(parsed.error)}`);
      }
      const { currency, rate } = parsed.data;
      if (!isCurrencyCode(currency)) {
        ignored.add(currency);
        continue;
      }
      try {
        day.rates.push({ currency, rate: normalizeRateText(rate) });
      } catch (error) {
        throw new EcbFeedError(`${currency} on ${day.date}: ${(error as Error).message}`);
      }
    } else if (level > 3) {
      throw new EcbFeedError('Cube nested deeper than the feed nests it');
    }
    if (!selfClosing) depth = level;
  }
  if (depth !== 0) throw new EcbFeedError('the feed ends inside a Cube (truncated?)');
  if (days.length === 0) throw new EcbFeedError('the feed holds no day');
  days.sort((a, b) => (a.date < b.date ? 1 : -1));
  return { days, ignored: [...ignored].sort() };
}

/** The feed's rates as snapshots to store: EUR→currency per day. */
export function ecbSnapshots(feed: EcbFeed): RateSnapshot[] {
  return feed.days.flatMap((day) =>
    day.rates.map((entry) => ({
      base: 'EUR',
      quote: entry.currency,
      date: day.date,
      rate: entry.rate,
      source: ECB_SOURCE,
    })),
  );
}
