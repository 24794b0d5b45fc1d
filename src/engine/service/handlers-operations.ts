/**
 * Handlers of the operations methods (contract-operations.ts): shipping orders, stock and channel
 * rule edits, the sync view's live status and schedule preview, and shop connections. Registered
 * into the handler table by handlers.ts; reads and writes follow the same rules as there (one
 * transaction each, `data.changed` only after a commit).
 *
 * Shipment confirmations are sent right after they are recorded, in the background: directly
 * through the account's connector when the engine provides `link`, otherwise by starting a push
 * run for the accounts involved (the morning run's push step sends them). Either way they are
 * outbox jobs first, so a confirmation recorded offline or before a crash is sent later.
 */
import { createConnectorRegistry, type Connector } from '../../connectors/index.js';
import { ApiError } from '../../shared/api/errors.js';
import type { OperationsMethodName } from '../../shared/api/contract-operations.js';
import type { AccountSyncStatus, SyncStatus } from '../../shared/api/types-operations.js';
import type { AccountId } from '../../shared/ids.js';
import { createLogger } from '../../shared/log.js';
import {
  queueStockPushes,
  releaseAccountReservations,
  setChannelRule,
  setOnHand,
} from '../stock/index.js';
import { qb } from '../store/compiler.js';
import type { Reader } from '../store/connection.js';
import { disconnectAccount } from '../store/account-removal.js';
import { listAccounts } from '../store/queries/accounts.js';
import { readSettings } from '../store/queries/settings.js';
import { skuChannels } from '../store/queries/catalog.js';
import { queryOrdersShipping } from '../store/queries/orders.js';
import {
  listShipments,
  queueShipments,
  SHIP_JOB_KIND,
  validateShipmentRows,
} from '../store/shipments.js';
import type { AccountLink } from '../sync/morning.js';
import { parseSchedule, ScheduleError } from '../sync/schedule.js';
import { pushShipments } from '../sync/ship.js';
import { AccountConnections } from './account-connections.js';
import type { Handlers } from './dispatch.js';
import type { HandlerContext } from './handlers.js';
import { newJobKey } from '../store/job-keys.js';

const log = createLogger('engine.operations');

declare module './handlers.js' {
  interface HandlerContext {
    /**
     * The connector of an account this engine can reach now (engine.ts's `link`): shipment
     * confirmations are then sent at once, and sync.status shows the account's rate buckets.
     */
    link?: (accountId: AccountId) => AccountLink | null;
    /** Real-shop connections; the handlers make one (credentials from the environment) if absent. */
    connections?: AccountConnections;
  }
}

export type OperationsHandlers = Pick<Handlers, OperationsMethodName>;

function requireRow<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new ApiError('not_found', `${what} does not exist`);
  return value;
}

/** Sends shipment confirmations in the background, one sender per account at a time. */
class ShipmentSender {
  private readonly running = new Map<AccountId, Promise<void>>();
  private readonly again = new Set<AccountId>();

  constructor(
    private readonly context: HandlerContext,
    private readonly connectorOf: (accountId: AccountId) => Connector | null,
  ) {}

  sendSoon(accountIds: readonly AccountId[]): void {
    const unreachable: AccountId[] = [];
    for (const accountId of accountIds) {
      const connector = this.connectorOf(accountId);
      if (!connector) unreachable.push(accountId);
      else this.start(accountId, connector);
    }
    // With `link`, an account without a connector cannot be reached by a run either: its
    // confirmations wait for the morning run that finds it reachable. Without `link` this engine
    // cannot tell, so a push run is started and its push step sends them.
    if (unreachable.length > 0 && !this.context.link && this.context.startSync) {
      this.context.startSync({ accountIds: unreachable, steps: ['push'] }).then(
        (started) => {
          if (!started.started) log.info('shipments wait for the sync run under way', started);
        },
        (error: unknown) => log.warn('a push run for shipments could not start', { error }),
      );
    }
  }

  private start(accountId: AccountId, connector: Connector): void {
    if (this.running.has(accountId)) {
      this.again.add(accountId);
      return;
    }
    const work = (async () => {
      do {
        this.again.delete(accountId);
        const outcome = await pushShipments({ store: this.context.store, accountId, connector });
        if (outcome.sent > 0) this.context.emitChanged(['orders']);
      } while (this.again.has(accountId));
    })()
      .catch((error: unknown) =>
        log.warn('sending shipment confirmations failed', { accountId, error }),
      )
      .finally(() => this.running.delete(accountId));
    this.running.set(accountId, work);
  }
}

function syncStatus(
  r: Reader,
  connectorOf: (accountId: AccountId) => Connector | null,
): SyncStatus {
  const run = r.first(
    qb
      .selectFrom('sync_runs')
      .select(['id', 'started_at'])
      .where('state', '=', 'running')
      .orderBy('id', 'desc')
      .limit(1),
  );
  const counts = r.all(
    qb
      .selectFrom('outbox')
      .select((eb) => [
        'account_id',
        eb
          .case()
          .when('state', '=', 'held')
          .then('held')
          .when('kind', '=', SHIP_JOB_KIND)
          .then('shipments')
          .when('source', '=', 'stock')
          .then('stock')
          .else('listings')
          .end()
          .as('queue'),
        eb.fn.countAll<number>().as('n'),
      ])
      .where('state', 'in', ['held', 'pending', 'in_flight'])
      .groupBy(['account_id', 'queue']),
  );
  const accounts = listAccounts(r).map((account): AccountSyncStatus => {
    const connector = account.authState === 'disconnected' ? null : connectorOf(account.id);
    const queued = { listings: 0, stock: 0, shipments: 0, held: 0 };
    for (const row of counts) {
      if (row.account_id === account.id) queued[row.queue as keyof typeof queued] += row.n;
    }
    return {
      accountId: account.id,
      reachable: connector !== null,
      buckets: (connector?.rateStatus?.() ?? []).map((bucket) => ({ ...bucket })),
      queued,
    };
  });
  return { running: run ? { runId: run.id, startedAt: run.started_at } : null, accounts };
}

export function createOperationsHandlers(context: HandlerContext): OperationsHandlers {
  const { store } = context;
  const newKey = context.newKey ?? newJobKey;
  const connections =
    context.connections ?? new AccountConnections({ store, registry: createConnectorRegistry() });
  const connectorOf = (accountId: AccountId): Connector | null =>
    context.link?.(accountId)?.connector ?? connections.connector(accountId) ?? null;
  const sender = new ShipmentSender(context, connectorOf);

  return {
    'orders.queryShipping': (input) => store.read((r) => queryOrdersShipping(r, input)),
    'orders.ship': ({ rows, dryRun }) => {
      if (dryRun) {
        const { results } = store.read((r) => validateShipmentRows(r, rows));
        return { dryRun, results, queued: 0, accountIds: [] };
      }
      const { results, valid } = store.write((w) => {
        const validation = validateShipmentRows(w, rows);
        queueShipments(w, validation.valid, newKey);
        return validation;
      });
      const accountIds = [...new Set(valid.map((row) => row.accountId))];
      if (valid.length > 0) {
        context.emitChanged(['orders']);
        sender.sendSoon(accountIds);
      }
      return { dryRun, results, queued: valid.length, accountIds };
    },
    'orders.shipments': ({ orderId }) =>
      store.read((r) => {
        requireRow(
          r.first(qb.selectFrom('orders').select('id').where('id', '=', orderId)),
          `Order ${orderId}`,
        );
        return listShipments(r, orderId);
      }),
    'catalog.channels': ({ productId }) =>
      store.read((r) => {
        requireRow(
          r.first(qb.selectFrom('products').select('id').where('id', '=', productId)),
          `SKU ${productId}`,
        );
        return skuChannels(r, productId);
      }),
    'stock.setOnHand': ({ productId, warehouse, onHand }) => {
      const result = store.write((w) => setOnHand(w, productId, warehouse, onHand, { newKey }));
      if (result.changed) context.emitChanged(['catalog', 'listings']);
      return { changed: result.changed, queued: result.queued };
    },
    'stock.setRule': (rule) => {
      const result = store.write((w) => setChannelRule(w, rule, { newKey }));
      if (result.changed) context.emitChanged(['catalog', 'listings']);
      return { changed: result.changed, queued: result.queued };
    },
    'sync.status': () => store.read((r) => syncStatus(r, connectorOf)),
    'sync.previewSchedule': ({ schedule, count }) => {
      try {
        // Read in the seller's zone, as the scheduler reads it (schedule.ts).
        const cron = parseSchedule(schedule.trim(), store.read(readSettings).timeZone);
        const next = cron.nextRuns(count).map((time) => time.toISOString());
        cron.stop();
        return { valid: true, schedule: schedule.trim(), next };
      } catch (error) {
        if (!(error instanceof ScheduleError)) throw error;
        return { valid: false, schedule: schedule.trim(), message: error.message };
      }
    },
    'accounts.connectOptions': () => connections.list(),
    'accounts.beginConnect': (input) => connections.begin(input),
    'accounts.completeConnect': async (input) => {
      const accountId = await connections.complete(input);
      context.emitChanged(['accounts']);
      return requireRow(
        store.read(listAccounts).find((account) => account.id === accountId),
        `Account ${accountId}`,
      );
    },
    'accounts.disconnect': async ({ id }) => {
      const outcome = store.write((w) => {
        const account = w.first(
          qb
            .selectFrom('accounts')
            .select('sandbox')
            .where('id', '=', id as AccountId),
        );
        // A shop removed with its orders gives back what they reserve first (the cascade would
        // leave it reserved), and the other shops of those SKUs get the freed stock.
        const released =
          account?.sandbox === 1 ? releaseAccountReservations(w, id) : { productIds: [] };
        const result = disconnectAccount(w, id as AccountId);
        if (released.productIds.length > 0) {
          queueStockPushes(w, released.productIds, { newKey: context.newKey ?? newJobKey });
        }
        return result;
      });
      await connections.forget(id as AccountId);
      context.emitChanged(['accounts', 'catalog', 'listings', 'orders', 'changes', 'sync']);
      return outcome;
    },
  };
}
