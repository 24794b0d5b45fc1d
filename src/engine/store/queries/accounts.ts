/** Accounts and the app-wide counts. */
import type { AccountSummary } from '../../../shared/api/types.js';
import type { AccountId } from '../../../shared/ids.js';
import type { Marketplace } from '../../../shared/domain.js';
import { qb } from '../compiler.js';
import type { Reader } from '../connection.js';

export function listAccounts(r: Reader): AccountSummary[] {
  const rows = r.all(
    qb
      .selectFrom('accounts as a')
      .select((eb) => [
        'a.id',
        'a.marketplace',
        'a.site',
        'a.shop_id',
        'a.display_name',
        'a.auth_state',
        'a.reauthorize_by',
        'a.sandbox',
        'a.last_sync_at',
        eb
          .selectFrom('listings as l')
          .select((inner) => inner.fn.countAll<number>().as('count'))
          .whereRef('l.account_id', '=', 'a.id')
          .as('listing_count'),
        eb
          .selectFrom('orders as o')
          .select((inner) => inner.fn.countAll<number>().as('count'))
          .whereRef('o.account_id', '=', 'a.id')
          .as('order_count'),
      ])
      .orderBy('a.marketplace')
      .orderBy('a.display_name')
      .orderBy('a.id'),
  );
  return rows.map((row) => ({
    id: row.id as AccountId,
    marketplace: row.marketplace,
    site: row.site,
    shopId: row.shop_id,
    displayName: row.display_name,
    authState: row.auth_state,
    reauthorizeBy: row.reauthorize_by,
    sandbox: row.sandbox === 1,
    listingCount: row.listing_count ?? 0,
    orderCount: row.order_count ?? 0,
    lastSyncAt: row.last_sync_at,
  }));
}

/** Display facts of every account by id: a handful of rows, read once per page query. */
export interface AccountFacts {
  name: string;
  marketplace: Marketplace;
  site: string;
  locale: string;
}

export function accountFacts(r: Reader): Map<number, AccountFacts> {
  const rows = r.all(
    qb.selectFrom('accounts').select(['id', 'display_name', 'marketplace', 'site', 'locale']),
  );
  return new Map(
    rows.map((row) => [
      row.id,
      { name: row.display_name, marketplace: row.marketplace, site: row.site, locale: row.locale },
    ]),
  );
}

export interface StoreCounts {
  accounts: number;
  sandboxAccounts: number;
  skus: number;
  listings: number;
  orders: number;
}

export function countEverything(r: Reader): StoreCounts {
  const row = r.first(
    qb.selectNoFrom((eb) => [
      eb
        .selectFrom('accounts')
        .select((inner) => inner.fn.countAll<number>().as('c'))
        .as('accounts'),
      eb
        .selectFrom('accounts')
        .select((inner) => inner.fn.countAll<number>().as('c'))
        .where('sandbox', '=', 1)
        .as('sandbox_accounts'),
      eb
        .selectFrom('products')
        .select((inner) => inner.fn.countAll<number>().as('c'))
        .as('skus'),
      eb
        .selectFrom('listings')
        .select((inner) => inner.fn.countAll<number>().as('c'))
        .as('listings'),
      eb
        .selectFrom('orders')
        .select((inner) => inner.fn.countAll<number>().as('c'))
        .as('orders'),
    ]),
  );
  return {
    accounts: row?.accounts ?? 0,
    sandboxAccounts: row?.sandbox_accounts ?? 0,
    skus: row?.skus ?? 0,
    listings: row?.listings ?? 0,
    orders: row?.orders ?? 0,
  };
}
