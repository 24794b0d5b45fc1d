/**
 * What pricing and margins read about a listing (its shop's site, its SKU's cost and SKU price),
 * and the day's converter, shared by the rule planner and the margin readers.
 */
import type { Money } from '../../shared/money.js';
import type { Reader } from '../store/connection.js';
import { inLists } from '../store/values.js';
import { readFxConfig } from './fx-config.js';
import { Converter } from './pricing.js';
import { loadRateBook } from './rates.js';
import { moneyQb } from './schema.js';

export interface ListingContext {
  id: number;
  account_id: number;
  marketplace: string;
  site: string;
  sku: string;
  title: string;
  price_minor: number;
  currency: string;
  local_version: number;
  product_id: number | null;
  cost_minor: number | null;
  cost_currency: string | null;
  sku_price_minor: number | null;
  sku_price_currency: string | null;
}

export function contextQuery() {
  return moneyQb
    .selectFrom('listings as l')
    .innerJoin('accounts as a', 'a.id', 'l.account_id')
    .leftJoin('products as p', 'p.id', 'l.product_id')
    .leftJoin('sku_prices as s', 's.product_id', 'l.product_id')
    .select([
      'l.id',
      'l.account_id',
      'l.marketplace',
      'a.site',
      'l.sku',
      'l.title',
      'l.price_minor',
      'l.currency',
      'l.local_version',
      'l.product_id',
      'p.cost_minor',
      'p.cost_currency',
      's.price_minor as sku_price_minor',
      's.currency as sku_price_currency',
    ])
    .where('l.status', '<>', 'deleted');
}

export function readContexts(reader: Reader, ids: readonly number[]): ListingContext[] {
  const rows: ListingContext[] = [];
  for (const list of inLists([...ids])) {
    rows.push(...reader.all(contextQuery().where('l.id', 'in', list)));
  }
  return rows.sort((a, b) => a.id - b.id);
}

export function today(reader: Reader): string {
  return reader.now().slice(0, 10);
}

export function converterFor(reader: Reader, onDate: string): Converter {
  return new Converter(loadRateBook(reader, onDate), readFxConfig(reader).maxAgeDays);
}

export function costOf(row: ListingContext): Money | null {
  return row.cost_minor !== null && row.cost_currency !== null
    ? { amountMinor: row.cost_minor, currency: row.cost_currency }
    : null;
}
