/**
 * Disconnecting an account (accounts.disconnect). A real shop's data is the seller's record of
 * what it sold and listed, so it stays; a sandbox shop's data is simulated, so it goes with it.
 */
import type { DisconnectOutcome } from '../../shared/api/types-operations.js';
import type { AccountId } from '../../shared/ids.js';
import { qb } from './compiler.js';
import type { Writer } from './connection.js';
import { RecordNotFound } from './errors.js';
import { inLists } from './values.js';

/**
 * Disconnects an account in the caller's transaction. A real shop keeps its listings, orders and
 * waiting changes (they go out again once it is connected anew) and stops syncing. A sandbox shop
 * is simulated data: it is removed with its listings, orders and the SKUs no other shop lists.
 */
export function disconnectAccount(w: Writer, accountId: AccountId): DisconnectOutcome {
  const account = w.first(
    qb.selectFrom('accounts').select(['id', 'sandbox']).where('id', '=', accountId),
  );
  if (!account) throw new RecordNotFound(`Account ${accountId} does not exist`);
  if (account.sandbox === 0) {
    w.expectOne(
      w.run(
        qb
          .updateTable('accounts')
          .set({ auth_state: 'disconnected', reauthorize_by: null, updated_at: w.now() })
          .where('id', '=', accountId),
      ),
      `account ${accountId}`,
    );
    return {
      accountId,
      result: 'disconnected',
      removed: { listings: 0, orders: 0, skus: 0 },
      cancelledJobs: 0,
    };
  }
  const count = (table: 'listings' | 'orders' | 'outbox') =>
    w.first(
      qb
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId),
    )?.n ?? 0;
  const listings = count('listings');
  const orders = count('orders');
  const waiting =
    w.first(
      qb
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('state', 'in', ['held', 'pending', 'in_flight', 'conflict']),
    )?.n ?? 0;
  // SKUs made from this shop's listings that no other shop lists (variants first: a master
  // cannot go while a variant points at it).
  const own = w.all(
    qb
      .selectFrom('products as p')
      .select(['p.id', 'p.parent_id'])
      .where((outer) =>
        outer.and([
          outer.exists(
            outer
              .selectFrom('listings as l')
              .select('l.id')
              .where('l.account_id', '=', accountId)
              .where((eb) =>
                eb.or([
                  eb('l.product_id', '=', eb.ref('p.id')),
                  eb(
                    'l.product_id',
                    'in',
                    eb
                      .selectFrom('products as c')
                      .select('c.id')
                      .whereRef('c.parent_id', '=', 'p.id'),
                  ),
                ]),
              ),
          ),
          outer.not(
            outer.exists(
              outer
                .selectFrom('listings as o')
                .select('o.id')
                .where('o.account_id', '<>', accountId)
                .where((eb) =>
                  eb.or([
                    eb('o.product_id', '=', eb.ref('p.id')),
                    eb(
                      'o.product_id',
                      'in',
                      eb
                        .selectFrom('products as c')
                        .select('c.id')
                        .whereRef('c.parent_id', '=', 'p.id'),
                    ),
                  ]),
                ),
            ),
          ),
        ]),
      ),
  );
  w.expectOne(w.run(qb.deleteFrom('accounts').where('id', '=', accountId)), `account ${accountId}`);
  const ids = new Set(own.map((row) => row.id));
  // A master whose variants are not all removable stays (its other variants need it).
  const blocked = (id: number) =>
    w.first(
      qb
        .selectFrom('products')
        .select('id')
        .where('parent_id', '=', id)
        .where('id', 'not in', [...ids, 0]),
    ) !== undefined;
  const variants = own.filter((row) => row.parent_id !== null).map((row) => row.id);
  const masters = own
    .filter((row) => row.parent_id === null && !blocked(row.id))
    .map((row) => row.id);
  let skus = 0;
  for (const batch of [variants, masters]) {
    for (const list of inLists(batch)) {
      skus += w.run(qb.deleteFrom('products').where('id', 'in', list)).changes;
    }
  }
  return {
    accountId,
    result: 'removed',
    removed: { listings, orders, skus },
    cancelledJobs: waiting,
  };
}
