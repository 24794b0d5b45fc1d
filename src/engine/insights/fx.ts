/**
 * Conversion of summed amounts into the home currency at the rate of their day. SQL sums exact
 * integers per (day, currency); each sum is converted once here with the money module's exact
 * conversion (half-even in the home currency's minor units) — never per order, never in floats.
 * The rates a period may use are read in one query; a day's RateBook is built on first use.
 *
 * An amount with no rate at all is left out of the converted totals and reported; one converted
 * with a rate older than MAX_RATE_AGE_DAYS is counted as stale so the view can say so.
 */
import type { ConversionNote } from '../../shared/api/types-insights.js';
import { convertMinor, RateBook } from '../money/index.js';
import type { Reader } from '../store/connection.js';
import { addDays } from './calendar.js';
import { raw } from './filters.js';

/** A rate older than this (weekends and holidays included) is used but reported as stale. */
export const MAX_RATE_AGE_DAYS = 7;
const LOOKBACK_DAYS = 366;

interface RateRow {
  base: string;
  quote: string;
  date: string;
  rate: string;
  source: string;
}

/**
 * Books by their day and the exact rows they hold, shared by every converter: a book is a pure
 * function of those, and building one (parsing rates, chaining pairs in exact ratios) for each
 * day of every query was most of a long period's conversion time.
 */
const books = new Map<string, RateBook>();
const MAX_SHARED_BOOKS = 4_000;

function sharedBook(day: string, rows: readonly RateRow[]): RateBook {
  let key = day;
  for (const row of rows) key += `|${row.base}/${row.quote}/${row.date}/${row.rate}/${row.source}`;
  let book = books.get(key);
  if (!book) {
    if (books.size >= MAX_SHARED_BOOKS) books.clear();
    book = new RateBook(day, rows);
    books.set(key, book);
  }
  return book;
}

export class DayConverter {
  private readonly books = new Map<string, RateBook>();
  /** Lookups per 'day currency': a period asks the same few pairs many times. */
  private readonly lookups = new Map<string, ReturnType<RateBook['find']>>();
  private readonly rows: RateRow[];
  private readonly missing = new Map<string, { amountMinor: number; days: Set<string> }>();
  private staleGroups = 0;

  constructor(
    reader: Reader,
    readonly home: string,
    firstDay: string,
    lastDay: string,
  ) {
    // Only the rows a day of the period can use: those inside it, and each pair's latest one
    // before it within the look-back (SQLite gives the bare columns of the max(date) row).
    this.rows = reader.all(
      raw<RateRow>(
        `SELECT base, quote, date, rate, source FROM fx_rates WHERE date >= ? AND date <= ?
         UNION ALL
         SELECT base, quote, max(date) AS date, rate, source FROM fx_rates
         WHERE date >= ? AND date < ? GROUP BY base, quote
         ORDER BY date, base, quote`,
        [firstDay, lastDay, addDays(firstDay, -LOOKBACK_DAYS), firstDay],
      ),
    );
  }

  /** Each stored pair's rows, oldest first: a day's book takes the latest row on or before it. */
  private readonly byPair = new Map<string, RateRow[]>();

  private book(day: string): RateBook {
    let book = this.books.get(day);
    if (!book) {
      if (this.byPair.size === 0) {
        for (const row of this.rows) {
          const key = `${row.base}/${row.quote}`;
          const list = this.byPair.get(key);
          if (list) list.push(row);
          else this.byPair.set(key, [row]);
        }
      }
      const latest: RateRow[] = [];
      for (const list of this.byPair.values()) {
        // Binary search for the last row dated on or before the day.
        let low = 0;
        let high = list.length;
        while (low < high) {
          const middle = (low + high) >>> 1;
          if (list[middle]!.date <= day) low = middle + 1;
          else high = middle;
        }
        if (low > 0) latest.push(list[low - 1]!);
      }
      book = sharedBook(day, latest);
      this.books.set(day, book);
    }
    return book;
  }

  /** `amountMinor` of `currency` on `day` in home minor units, or null when no rate exists. */
  convert(amountMinor: number, currency: string, day: string): number | null {
    return this.convertNoting(amountMinor, currency, day, true);
  }

  /**
   * As convert, but a missing rate is not added to the note: for a second figure drawn from
   * amounts another call already converted (a shop's share of a marketplace's sum, the fees of a
   * revenue), which must not be reported twice.
   */
  convertAgain(amountMinor: number, currency: string, day: string): number | null {
    return this.convertNoting(amountMinor, currency, day, false);
  }

  private convertNoting(
    amountMinor: number,
    currency: string,
    day: string,
    noteMissing: boolean,
  ): number | null {
    if (currency === this.home || amountMinor === 0)
      return currency === this.home ? amountMinor : 0;
    const key = `${day} ${currency}`;
    let found = this.lookups.get(key);
    if (!found) {
      found = this.book(day).find(currency, this.home, { maxAgeDays: MAX_RATE_AGE_DAYS });
      this.lookups.set(key, found);
    }
    if (found.kind === 'missing') {
      if (!noteMissing) return null;
      const entry = this.missing.get(currency) ?? { amountMinor: 0, days: new Set<string>() };
      entry.amountMinor += amountMinor;
      entry.days.add(day);
      this.missing.set(currency, entry);
      return null;
    }
    if (found.kind === 'stale' && noteMissing) this.staleGroups++;
    return convertMinor({ amountMinor, currency }, found.ratio, this.home).amountMinor;
  }

  /** What could not be converted, and how many sums used a stale rate. */
  note(): ConversionNote {
    return {
      homeCurrency: this.home,
      unconverted: [...this.missing]
        .map(([currency, entry]) => ({
          currency,
          amountMinor: entry.amountMinor,
          days: entry.days.size,
        }))
        .sort((a, b) => a.currency.localeCompare(b.currency)),
      staleRateSums: this.staleGroups,
    };
  }
}
