/**
 * The pieces every insights query shares: the period and channel filter as SQL over the summary
 * tables (parameters bound, never spliced), and raw compiled queries for tables that the Kysely
 * schema does not describe.
 */
import { CompiledQuery } from 'kysely';
import type { Marketplace } from '../../shared/domain.js';
import type { Reader } from '../store/connection.js';

export interface ChannelFilter {
  marketplaces?: Marketplace[] | undefined;
  accountIds?: number[] | undefined;
}

export interface PeriodFilter extends ChannelFilter {
  from: string;
  to: string;
}

export const raw = <Row>(text: string, parameters: readonly unknown[] = []) =>
  CompiledQuery.raw(text, [...parameters]) as CompiledQuery<Row>;

const marks = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/** `AND marketplace IN (…) AND account_id IN (…)` for the columns of `alias`. */
export function channelSql(
  filter: ChannelFilter,
  alias = '',
): { sql: string; parameters: unknown[] } {
  const prefix = alias ? `${alias}.` : '';
  let text = '';
  const parameters: unknown[] = [];
  if (filter.marketplaces?.length) {
    text += ` AND ${prefix}marketplace IN (${marks(filter.marketplaces.length)})`;
    parameters.push(...filter.marketplaces);
  }
  if (filter.accountIds?.length) {
    text += ` AND ${prefix}account_id IN (${marks(filter.accountIds.length)})`;
    parameters.push(...filter.accountIds);
  }
  return { sql: text, parameters };
}

/** `day BETWEEN ? AND ?` plus the channel filter. */
export function periodSql(
  filter: PeriodFilter,
  alias = '',
): { sql: string; parameters: unknown[] } {
  const prefix = alias ? `${alias}.` : '';
  const channel = channelSql(filter, alias);
  return {
    sql: `${prefix}day >= ? AND ${prefix}day <= ?${channel.sql}`,
    parameters: [filter.from, filter.to, ...channel.parameters],
  };
}

export const SOLD_SQL = `('to_ship', 'shipped', 'delivered')`;

/** The channel part of an orders link (absent keys when the filter is empty). */
export function channelLink(filter: ChannelFilter): ChannelFilter {
  return {
    ...(filter.marketplaces?.length ? { marketplaces: filter.marketplaces } : {}),
    ...(filter.accountIds?.length ? { accountIds: filter.accountIds } : {}),
  };
}

/**
 * The summary index a query over many days should walk. Over a short period the primary key's
 * day range reads few rows; over a long one, walking the SKU (or product) index in its group order
 * avoids sorting a hundred thousand rows — the planner, without statistics on fresh summaries,
 * does not see that, so the choice is made here. The walk reads every day summarised, not only
 * the period's, so it is chosen only when the period is a third or more of them (on the bench's
 * 100k orders the two ways cost the same at about a third); a month in a year of history reads
 * its days by range.
 */
export function summaryIndex(
  r: Reader,
  period: { from: string; to: string },
  by: 'sku' | 'product',
): string {
  return walksIndex(r, period) ? `INDEXED BY insights_sku_days_${by}` : '';
}

/** More than 14 days, and a third or more of the days summarised (see summaryIndex). */
export function walksIndex(r: Reader, period: { from: string; to: string }): boolean {
  const days = daysFromTo(period.from, period.to);
  if (days <= 14) return false;
  // Two lookups at the ends of the primary key (min and max together would read every row).
  const span = r.first(
    raw<{ first: string | null; last: string | null }>(
      `SELECT (SELECT min(day) FROM insights_sku_days) AS first,
         (SELECT max(day) FROM insights_sku_days) AS last`,
    ),
  );
  if (!span?.first || !span.last) return false;
  return days * 3 >= daysFromTo(span.first, span.last);
}

const daysFromTo = (from: string, to: string) =>
  (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
