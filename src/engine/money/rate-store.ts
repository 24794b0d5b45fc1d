/**
 * Writing and listing stored rates. A snapshot replaces the stored rate of the same pair and day
 * (a re-fetch or a corrected manual rate), in the caller's transaction.
 */
import { isCurrencyCode } from '../../shared/money.js';
import { qb } from '../store/compiler.js';
import type { Reader, Writer } from '../store/connection.js';
import { InvalidStoreInput } from '../store/errors.js';
import { normalizeRateText } from './decimal.js';

export interface RateSnapshot {
  base: string;
  quote: string;
  /** YYYY-MM-DD: the day the rate is the reference rate for. */
  date: string;
  /** Plain decimal string > 0. */
  rate: string;
  /** 'ecb', 'openexchangerates', 'manual', … */
  source: string;
}

export interface StoredRate extends RateSnapshot {
  fetchedAt: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Throws InvalidStoreInput (the API's invalid_input) naming the pair and what is wrong. */
function checkSnapshot(snapshot: RateSnapshot): RateSnapshot {
  const where = `${snapshot.base}→${snapshot.quote} on ${snapshot.date}`;
  if (!isCurrencyCode(snapshot.base))
    throw new InvalidStoreInput(`${where}: unknown currency ${snapshot.base}`);
  if (!isCurrencyCode(snapshot.quote))
    throw new InvalidStoreInput(`${where}: unknown currency ${snapshot.quote}`);
  if (snapshot.base === snapshot.quote)
    throw new InvalidStoreInput(`${where}: a rate needs two currencies`);
  if (!DATE.test(snapshot.date) || Number.isNaN(Date.parse(`${snapshot.date}T00:00:00Z`))) {
    throw new InvalidStoreInput(`${where}: "${snapshot.date}" is not a YYYY-MM-DD date`);
  }
  if (!snapshot.source.trim()) throw new InvalidStoreInput(`${where}: a rate needs its source`);
  try {
    return { ...snapshot, rate: normalizeRateText(snapshot.rate) };
  } catch (error) {
    throw new InvalidStoreInput(`${where}: ${(error as Error).message}`);
  }
}

/**
 * Stores snapshots (all checked first, so a bad one writes nothing). Returns how many were written.
 */
export function saveRates(writer: Writer, snapshots: readonly RateSnapshot[]): number {
  const checked = snapshots.map(checkSnapshot);
  const fetchedAt = writer.now();
  for (const snapshot of checked) {
    writer.run(
      qb
        .insertInto('fx_rates')
        .values({ ...snapshot, fetched_at: fetchedAt })
        .onConflict((conflict) =>
          conflict.columns(['base', 'quote', 'date']).doUpdateSet((eb) => ({
            rate: eb.ref('excluded.rate'),
            source: eb.ref('excluded.source'),
            fetched_at: eb.ref('excluded.fetched_at'),
          })),
        ),
    );
  }
  return checked.length;
}

/** The latest stored rate of every pair (what the rates table shows). */
export function listLatestRates(reader: Reader): StoredRate[] {
  const rows = reader.all(
    qb
      .selectFrom('fx_rates as r')
      .select(['r.base', 'r.quote', 'r.date', 'r.rate', 'r.source', 'r.fetched_at'])
      .where((eb) =>
        eb(
          'r.date',
          '=',
          eb
            .selectFrom('fx_rates as n')
            .select((inner) => inner.fn.max('n.date').as('date'))
            .whereRef('n.base', '=', 'r.base')
            .whereRef('n.quote', '=', 'r.quote'),
        ),
      )
      .orderBy('r.base')
      .orderBy('r.quote'),
  );
  return rows.map((row) => ({
    base: row.base,
    quote: row.quote,
    date: row.date,
    rate: row.rate,
    source: row.source,
    fetchedAt: row.fetched_at,
  }));
}
