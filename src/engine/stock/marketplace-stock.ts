/**
 * Stock the marketplace holds and ships itself (Amazon FBA), read from the connector after the
 * listings pull and kept in marketplace_stock, beside the seller's own stock and apart from it:
 * nothing here changes on hand, reservations or what is pushed.
 *
 * The first read of an account asks for everything and replaces what was kept; later reads ask
 * only for what changed since the last one started (with a margin for the marketplace's clock),
 * and keep the rest. When each read started is kept in connector_state, so a failed read simply
 * asks again from the same point next time.
 */
import type { Connector } from '../../connectors/connector.js';
import type { SkuHeldStock } from '../../shared/api/types.js';
import type { MarketplaceHeldStock } from '../../shared/marketplace.js';
import type { AccountId, ProductId } from '../../shared/ids.js';
import { createLogger } from '../../shared/log.js';
import { defineStatement, qb } from '../store/compiler.js';
import type { Reader, Store } from '../store/connection.js';
import { SqliteConnectorStateStore } from '../store/connector-state.js';

const log = createLogger('engine.stock.marketplace');
const STATE_SCOPE = 'engine.marketplace-stock';
/** Summaries changed just before a read started may carry an older time on the marketplace. */
const CLOCK_MARGIN_MS = 5 * 60_000;

export interface MarketplaceStockRead {
  /** Rows received and kept. */
  received: number;
  /** Rows the marketplace sent with impossible counts (negative, fractional), not kept. */
  rejected: string[];
  /** True when this read asked for everything and replaced the account's rows. */
  full: boolean;
}

const upsertRow = defineStatement<{
  accountId: number;
  sku: string;
  fulfillable: number;
  inbound: number;
  reserved: number;
  unfulfillable: number;
  updatedAt: string | null;
  now: string;
}>((argument) =>
  qb
    .insertInto('marketplace_stock')
    .values({
      account_id: argument('accountId'),
      sku: argument('sku'),
      fulfillable: argument('fulfillable'),
      inbound: argument('inbound'),
      reserved: argument('reserved'),
      unfulfillable: argument('unfulfillable'),
      remote_updated_at: argument('updatedAt'),
      fetched_at: argument('now'),
    })
    .onConflict((conflict) =>
      conflict.columns(['account_id', 'sku']).doUpdateSet((expression) => ({
        fulfillable: expression.ref('excluded.fulfillable'),
        inbound: expression.ref('excluded.inbound'),
        reserved: expression.ref('excluded.reserved'),
        unfulfillable: expression.ref('excluded.unfulfillable'),
        remote_updated_at: expression.ref('excluded.remote_updated_at'),
        fetched_at: expression.ref('excluded.fetched_at'),
      })),
    ),
);

const isCount = (value: number) => Number.isSafeInteger(value) && value >= 0;

function sound(row: MarketplaceHeldStock): boolean {
  return (
    row.sku.length >= 1 &&
    row.sku.length <= 200 &&
    isCount(row.fulfillable) &&
    isCount(row.inbound) &&
    isCount(row.reserved) &&
    isCount(row.unfulfillable)
  );
}

/**
 * Reads the account's marketplace-held stock and keeps it. Resolves null when the connector has
 * none; throws what the connector threw (nothing is written then).
 */
export async function pullMarketplaceStock(options: {
  store: Store;
  accountId: AccountId;
  connector: Connector;
  /** The marketplace's clock, epoch ms. */
  remoteNow: () => number;
}): Promise<MarketplaceStockRead | null> {
  const { store, accountId, connector } = options;
  if (!connector.marketplaceStock) return null;
  const state = new SqliteConnectorStateStore(store);
  const key = String(accountId);
  const previous = (await state.load(STATE_SCOPE, key)) as { startedAt?: unknown } | null;
  const since = typeof previous?.startedAt === 'string' ? previous.startedAt : null;
  const startedAt = new Date(options.remoteNow() - CLOCK_MARGIN_MS).toISOString();
  const rows = await connector.marketplaceStock(since);
  const kept = rows.filter(sound);
  const rejected = rows.filter((row) => !sound(row)).map((row) => row.sku.slice(0, 200));
  if (rejected.length > 0)
    log.warn('marketplace stock rows with impossible counts were not kept', {
      accountId,
      count: rejected.length,
    });
  // One transaction: a full read replaces the account's rows all at once (a SKU the marketplace
  // no longer reports holds nothing there), so no reader ever sees half of it.
  store.write((w) => {
    if (since === null)
      w.run(qb.deleteFrom('marketplace_stock').where('account_id', '=', accountId));
    const now = w.now();
    for (const row of kept)
      w.exec(upsertRow, {
        accountId,
        sku: row.sku,
        fulfillable: row.fulfillable,
        inbound: row.inbound,
        reserved: row.reserved,
        unfulfillable: row.unfulfillable,
        updatedAt: row.updatedAt,
        now,
      });
  });
  await state.save(STATE_SCOPE, key, { startedAt });
  return { received: kept.length, rejected, full: since === null };
}

/** Marketplace-held stock of a master SKU, through its linked listings, per account and SKU. */
export function heldStockOfProduct(reader: Reader, productId: ProductId): SkuHeldStock[] {
  const rows = reader.all(
    qb
      .selectFrom('listings as l')
      .innerJoin('marketplace_stock as m', (join) =>
        join.onRef('m.account_id', '=', 'l.account_id').onRef('m.sku', '=', 'l.sku'),
      )
      .innerJoin('accounts as a', 'a.id', 'l.account_id')
      .where('l.product_id', '=', productId)
      .select([
        'm.account_id as accountId',
        'a.display_name as accountName',
        'a.marketplace as marketplace',
        'm.sku as sku',
        'm.fulfillable as fulfillable',
        'm.inbound as inbound',
        'm.reserved as reserved',
        'm.unfulfillable as unfulfillable',
        'm.remote_updated_at as updatedAt',
      ])
      .distinct()
      .orderBy('a.display_name')
      .orderBy('m.sku'),
  );
  return rows.map((row) => ({
    ...row,
    accountId: row.accountId as AccountId,
    marketplace: row.marketplace,
  }));
}

/**
 * The morning run's step: reads and keeps the account's marketplace-held stock, and says what
 * needs the seller (a failed read, rows that could not be kept). Never throws.
 */
export async function marketplaceStockStep(options: {
  store: Store;
  accountId: AccountId;
  connector: Connector;
  remoteNow: () => number;
}): Promise<{ error: string | null; attention: { kind: string; message: string }[] }> {
  try {
    const read = await pullMarketplaceStock(options);
    const attention =
      read && read.rejected.length > 0
        ? [
            {
              kind: 'invalid_payload',
              message: `marketplace stock: ${read.rejected.length} row(s) with impossible counts were not kept (${read.rejected.slice(0, 5).join(', ')})`,
            },
          ]
        : [];
    return { error: null, attention };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { error: `marketplace stock: ${message}`, attention: [] };
  }
}
