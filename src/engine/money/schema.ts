/**
 * Kysely types of the money tables (migration price_rules) and a compile-only query builder over
 * the store's tables plus these. Kept here rather than in store/schema.ts so that the money module
 * owns its tables; the builder compiles SQL only and never touches a database.
 */
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Generated,
} from 'kysely';
import type { Database } from '../store/schema.js';

export interface PriceRulesTable {
  id: Generated<number>;
  name: string;
  scope: 'account' | 'site';
  account_id: number | null;
  marketplace: string | null;
  site: string | null;
  base_source: 'cost' | 'sku_price';
  markup_bp: number;
  addons_currency: string;
  shipping_minor: number;
  packaging_minor: number;
  fee_bp: number;
  fixed_fee_minor: number;
  fixed_fee_currency: string;
  ending: 'none' | 'charm' | 'half' | 'whole';
  min_margin_bp: number | null;
  created_at: string;
  updated_at: string;
}

export interface SkuPricesTable {
  product_id: number;
  price_minor: number;
  currency: string;
  updated_at: string;
}

export interface MoneyDatabase extends Database {
  price_rules: PriceRulesTable;
  sku_prices: SkuPricesTable;
}

export const moneyQb = new Kysely<MoneyDatabase>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});
