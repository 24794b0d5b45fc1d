/** Account upsert, and the account check every per-account write path starts with. */
import type { Marketplace } from '../../shared/domain.js';
import type { AccountId } from '../../shared/ids.js';
import { defineStatement, qb } from './compiler.js';
import type { Reader, Writer } from './connection.js';
import { InvalidStoreInput } from './errors.js';
import type { AccountInput } from './inputs.js';
import { flag, requireCurrency, toUtcIsoOrNull } from './values.js';

interface AccountArgs {
  marketplace: Marketplace;
  site: string;
  shop_id: string;
  display_name: string;
  currency: string;
  locale: string;
  auth_state: AccountInput['authState'];
  reauthorize_by: string | null;
  sandbox: 0 | 1;
  now: string;
}

const upsertAccountStatement = defineStatement<AccountArgs, { id: number }>((a) =>
  qb
    .insertInto('accounts')
    .values({
      marketplace: a('marketplace'),
      site: a('site'),
      shop_id: a('shop_id'),
      display_name: a('display_name'),
      currency: a('currency'),
      locale: a('locale'),
      auth_state: a('auth_state'),
      reauthorize_by: a('reauthorize_by'),
      sandbox: a('sandbox'),
      created_at: a('now'),
      updated_at: a('now'),
    })
    .onConflict((conflict) =>
      conflict.columns(['marketplace', 'site', 'shop_id']).doUpdateSet((eb) => ({
        display_name: eb.ref('excluded.display_name'),
        currency: eb.ref('excluded.currency'),
        locale: eb.ref('excluded.locale'),
        auth_state: eb.ref('excluded.auth_state'),
        reauthorize_by: eb.ref('excluded.reauthorize_by'),
        sandbox: eb.ref('excluded.sandbox'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .returning('id'),
);

/** Inserts or updates the account identified by (marketplace, site, shopId); returns its id. */
export function upsertAccount(w: Writer, input: AccountInput): AccountId {
  const row = w.row(upsertAccountStatement, {
    marketplace: input.marketplace,
    site: input.site,
    shop_id: input.shopId,
    display_name: input.displayName,
    currency: requireCurrency(input.currency, 'account currency'),
    locale: input.locale,
    auth_state: input.authState,
    reauthorize_by: toUtcIsoOrNull(input.reauthorizeBy, 'account reauthorizeBy'),
    sandbox: flag(input.sandbox),
    now: w.now(),
  });
  return row!.id as AccountId;
}

const findAccount = defineStatement<
  { id: number },
  { id: number; marketplace: Marketplace; locale: string }
>((a) =>
  qb.selectFrom('accounts').select(['id', 'marketplace', 'locale']).where('id', '=', a('id')),
);

/** The account row, or a clear error naming the id (a foreign-key failure would not). */
export function requireAccount(
  r: Reader,
  accountId: AccountId,
): { id: number; marketplace: Marketplace; locale: string } {
  const account = r.row(findAccount, { id: accountId });
  if (!account) throw new InvalidStoreInput(`Account ${accountId} does not exist`);
  return account;
}
