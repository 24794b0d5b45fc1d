/**
 * Rate lookup. Rates are dated snapshots in `fx_rates` (base, quote, date, decimal string, source):
 * ECB publishes EUR→X, an API-key provider USD→X, and the seller may type any pair by hand. To
 * convert A→B on a day we take, per stored pair, its latest rate on or before that day, and walk
 * the fewest legs from A to B (direct, inverse, or across EUR/USD: CNY→EUR→USD→TWD). The chain's
 * age is that of its oldest leg.
 *
 * A rate older than the caller's `maxAgeDays` is never used silently: the lookup answers 'stale'
 * with the rate it would have used, and callers refuse the price or show the staleness. No chain
 * at all answers 'missing'.
 */
import { qb } from '../store/compiler.js';
import type { Reader } from '../store/connection.js';
import {
  invertRatio,
  multiplyRatios,
  parseRate,
  ratioToDecimalString,
  type Ratio,
} from './decimal.js';

/** One stored rate as used in a chain (possibly inverted). */
export interface RateLeg {
  base: string;
  quote: string;
  /** The stored decimal string, as published. */
  rate: string;
  date: string;
  source: string;
  inverted: boolean;
}

export interface FoundRate {
  kind: 'found';
  from: string;
  to: string;
  /** Exact value of the whole chain (major units of `to` per major unit of `from`). */
  ratio: Ratio;
  /** The chain's value for display, 8 decimals at most. */
  rate: string;
  /** Date of the chain's oldest leg. */
  date: string;
  /** Sources of the legs joined with '+', e.g. "ecb" or "ecb+openexchangerates". */
  source: string;
  ageDays: number;
  legs: RateLeg[];
}

export interface StaleRate extends Omit<FoundRate, 'kind'> {
  kind: 'stale';
  maxAgeDays: number;
}

export interface MissingRate {
  kind: 'missing';
  from: string;
  to: string;
  onDate: string;
}

export type RateLookup = FoundRate | StaleRate | MissingRate;

export interface FindRateOptions {
  /** Rates older than this many days (counted from `onDate`) answer 'stale'. */
  maxAgeDays: number;
}

/** How far back a lookup reads; anything older is reported missing rather than stale. */
const LOOKBACK_DAYS = 366;
const MAX_LEGS = 3;
const DAY_MS = 86_400_000;

export function daysBetween(earlier: string, later: string): number {
  return Math.round(
    (Date.parse(`${later}T00:00:00Z`) - Date.parse(`${earlier}T00:00:00Z`)) / DAY_MS,
  );
}

function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Edge {
  to: string;
  ratio: Ratio;
  leg: RateLeg;
}

/**
 * The latest rate per pair on or before one date, loaded once and asked many times (a page of
 * listings or an order's lines costs one query).
 */
export class RateBook {
  private readonly edges = new Map<string, Edge[]>();
  /** Answers already worked out: a page of listings asks the same few pairs many times. */
  private readonly answers = new Map<string, RateLookup>();

  constructor(
    readonly onDate: string,
    rows: readonly { base: string; quote: string; date: string; rate: string; source: string }[],
  ) {
    if (!DATE.test(onDate)) throw new RangeError(`"${onDate}" is not a YYYY-MM-DD date`);
    const latest = new Map<string, (typeof rows)[number]>();
    for (const row of rows) {
      if (row.date > onDate) continue;
      const key = `${row.base}/${row.quote}`;
      const seen = latest.get(key);
      if (!seen || seen.date < row.date) latest.set(key, row);
    }
    for (const row of latest.values()) {
      const ratio = parseRate(row.rate);
      const leg = {
        base: row.base,
        quote: row.quote,
        rate: row.rate,
        date: row.date,
        source: row.source,
      };
      this.addEdge(row.base, { to: row.quote, ratio, leg: { ...leg, inverted: false } });
      this.addEdge(row.quote, {
        to: row.base,
        ratio: invertRatio(ratio),
        leg: { ...leg, inverted: true },
      });
    }
  }

  private addEdge(from: string, edge: Edge): void {
    const list = this.edges.get(from);
    if (list) list.push(edge);
    else this.edges.set(from, [edge]);
  }

  /** The rate from→to on this book's date: found, stale (older than maxAgeDays) or missing. */
  find(from: string, to: string, options: FindRateOptions): RateLookup {
    const key = `${from}/${to}/${options.maxAgeDays}`;
    let answer = this.answers.get(key);
    if (!answer) {
      answer = this.lookUp(from, to, options);
      this.answers.set(key, answer);
    }
    return answer;
  }

  private lookUp(from: string, to: string, options: FindRateOptions): RateLookup {
    if (from === to) {
      return {
        kind: 'found',
        from,
        to,
        ratio: { numerator: 1n, denominator: 1n },
        rate: '1',
        date: this.onDate,
        source: 'identity',
        ageDays: 0,
        legs: [],
      };
    }
    const oldestAllowed = shiftDate(this.onDate, -options.maxAgeDays);
    const fresh = this.shortestChain(from, to, oldestAllowed);
    const chain = fresh ?? this.shortestChain(from, to, '0000-00-00');
    if (!chain) return { kind: 'missing', from, to, onDate: this.onDate };
    let ratio: Ratio = { numerator: 1n, denominator: 1n };
    for (const edge of chain) ratio = multiplyRatios(ratio, edge.ratio);
    const legs = chain.map((edge) => edge.leg);
    const date = legs.reduce((oldest, leg) => (leg.date < oldest ? leg.date : oldest), this.onDate);
    const sources = [...new Set(legs.map((leg) => leg.source))].join('+');
    const result = {
      from,
      to,
      ratio,
      rate: ratioToDecimalString(ratio),
      date,
      source: sources,
      ageDays: daysBetween(date, this.onDate),
      legs,
    };
    return fresh
      ? { kind: 'found', ...result }
      : { kind: 'stale', ...result, maxAgeDays: options.maxAgeDays };
  }

  /**
   * Breadth-first: the fewest legs wins; among chains of equal length the one whose oldest leg is
   * newest. Legs dated before `oldestAllowed` are not walked.
   */
  private shortestChain(from: string, to: string, oldestAllowed: string): Edge[] | undefined {
    let frontier: { at: string; path: Edge[]; oldest: string }[] = [
      { at: from, path: [], oldest: this.onDate },
    ];
    const visited = new Set([from]);
    for (let depth = 0; depth < MAX_LEGS; depth += 1) {
      const next: typeof frontier = [];
      let best: { path: Edge[]; oldest: string } | undefined;
      for (const node of frontier) {
        for (const edge of this.edges.get(node.at) ?? []) {
          if (edge.leg.date < oldestAllowed || visited.has(edge.to)) continue;
          const path = [...node.path, edge];
          const oldest = edge.leg.date < node.oldest ? edge.leg.date : node.oldest;
          if (edge.to === to) {
            if (!best || oldest > best.oldest) best = { path, oldest };
          } else {
            next.push({ at: edge.to, path, oldest });
          }
        }
      }
      if (best) return best.path;
      for (const node of next) visited.add(node.at);
      frontier = next;
    }
    return undefined;
  }
}

/** Reads the rates a lookup on `onDate` may use into a RateBook (one query). */
export function loadRateBook(reader: Reader, onDate: string): RateBook {
  if (!DATE.test(onDate)) throw new RangeError(`"${onDate}" is not a YYYY-MM-DD date`);
  const rows = reader.all(
    qb
      .selectFrom('fx_rates')
      .select(['base', 'quote', 'date', 'rate', 'source'])
      .where('date', '<=', onDate)
      .where('date', '>=', shiftDate(onDate, -LOOKBACK_DAYS)),
  );
  return new RateBook(onDate, rows);
}

/** The rate from→to on `onDate` (see the module comment); one query per call. */
export function findRate(
  reader: Reader,
  from: string,
  to: string,
  onDate: string,
  options: FindRateOptions,
): RateLookup {
  return loadRateBook(reader, onDate).find(from, to, options);
}
