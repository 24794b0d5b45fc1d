/**
 * The handler table: one function per contract method, each reading or writing the store. Inputs
 * arrive validated by the dispatcher (dispatch.ts). Reads run in one read transaction, so a page
 * and its total come from the same snapshot; each write is one `store.write`, and `data.changed`
 * is announced only after it committed.
 */
import { Cron } from 'croner';
import {
  ApiError,
  type AccountSummary,
  type DataEntity,
  type MethodName,
  type ParsedInputOf,
  type SyncStartResult,
} from '../../shared/api/index.js';
import type { ChangeBatchId, ListingId } from '../../shared/ids.js';
import type { Marketplace } from '../../shared/domain.js';
import { oversellDanger } from '../stock/index.js';
import { resolveConflict } from '../store/conflicts.js';
import type { Store } from '../store/connection.js';
import { applyListingEdit } from '../store/edits.js';
import { countEverything, listAccounts } from '../store/queries/accounts.js';
import { getSku, listSkus } from '../store/queries/catalog.js';
import { listConflicts } from '../store/queries/conflicts.js';
import { listChangeBatches, listSyncRuns } from '../store/queries/history.js';
import { getListing, queryListings } from '../store/queries/listings.js';
import { getOrder, queryOrders } from '../store/queries/orders.js';
import { readSettings, writeSettings } from '../store/queries/settings.js';
import { queryTranslations } from '../store/queries/translations.js';
import { revertBatch } from '../store/revert.js';
import type { Handlers } from './dispatch.js';
import { createWorkbenchHandlers } from './handlers-workbench.js';
import { createMoneyHandlers } from './handlers-money.js';
import { createOperationsHandlers } from './handlers-operations.js';
import { createBackupHandlers } from './handlers-backup.js';
import { createInsightsHandlers } from './handlers-insights.js';
import { createSheetsHandlers } from './handlers-sheets.js';
import { createTranslateHandlers } from './handlers-translate.js';
import { toApiError } from './store-errors.js';
import { newJobKey } from '../store/job-keys.js';

export interface HandlerContext {
  store: Store;
  dataDir: string;
  version: string;
  /** Announces committed changes to every connected window. */
  emitChanged(entities: DataEntity[]): void;
  /** Idempotency keys of outbox jobs; tests may fix them. */
  newKey?: () => string;
  /** Adds the marketplace's built-in sandbox shop; absent when the engine has no sandbox shops. */
  addSandbox?: (marketplace: Marketplace) => Promise<AccountSummary>;
  /** Starts a sync run in the background (the engine's morning run). */
  startSync?: (input: ParsedInputOf<'sync.run'>) => Promise<SyncStartResult>;
  /** Cancels this engine's run under way; false when none is. */
  cancelSync?: () => boolean;
  /** Told after settings were written (the scheduler re-reads its schedule). */
  onSettingsChanged?: () => void;
}

function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new ApiError('not_found', `${what} does not exist`);
  return value;
}

function checkSchedule(pattern: string): void {
  try {
    new Cron(pattern, { paused: true }).stop();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ApiError('invalid_input', `Invalid input for settings.update: syncSchedule`, [
      { path: 'syncSchedule', message: `not a valid cron schedule: ${message}` },
    ]);
  }
}

export function createHandlers(context: HandlerContext): Handlers {
  const { store } = context;
  const newKey = context.newKey ?? newJobKey;

  const handlers: Handlers = {
    'app.info': () =>
      store.read((r) => {
        const counts = countEverything(r);
        return {
          version: context.version,
          dataDir: context.dataDir,
          schemaVersion: store.schemaVersion,
          sandboxOnly: counts.accounts === counts.sandboxAccounts,
          counts: {
            accounts: counts.accounts,
            skus: counts.skus,
            listings: counts.listings,
            orders: counts.orders,
          },
        };
      }),
    'accounts.list': () => store.read(listAccounts),
    'accounts.addSandbox': ({ marketplace }) => {
      if (!context.addSandbox)
        throw new ApiError('unavailable', 'This engine was started without the sandbox shops');
      return context.addSandbox(marketplace);
    },
    'catalog.listSkus': (input) => store.read((r) => listSkus(r, input)),
    'catalog.getSku': ({ id }) => store.read((r) => found(getSku(r, id), `SKU ${id}`)),
    'listings.query': (input) => store.read((r) => queryListings(r, input)),
    'listings.get': ({ id }) => store.read((r) => found(getListing(r, id), `Listing ${id}`)),
    'listings.update': (input) => {
      const detail = store.write((w) => {
        const result = applyListingEdit(w, input, newKey);
        return {
          changed: result.changed,
          detail: found(getListing(w, input.id), `Listing ${input.id}`),
        };
      });
      if (detail.changed) context.emitChanged(['listings', 'changes']);
      return detail.detail;
    },
    'orders.query': (input) => store.read((r) => queryOrders(r, input)),
    'orders.get': ({ id }) => store.read((r) => found(getOrder(r, id), `Order ${id}`)),
    'translations.query': (input) => store.read((r) => queryTranslations(r, input)),
    'changes.listBatches': ({ limit }) => store.read((r) => listChangeBatches(r, limit)),
    'changes.revert': ({ batchId }) => {
      const result = store.write((w) => revertBatch(w, batchId, newKey));
      // An inventory import's batch puts stock, rules and customs back too.
      context.emitChanged(['listings', 'changes', 'catalog']);
      return {
        batchId: result.batchId as ChangeBatchId | null,
        reverted: result.reverted,
        skipped: result.skipped.map((entry) => ({
          ...entry,
          listingId: entry.listingId as ListingId,
        })),
      };
    },
    'sync.runs': ({ limit }) => store.read((r) => listSyncRuns(r, limit)),
    'sync.run': (input) => {
      if (!context.startSync) throw new ApiError('unavailable', 'This engine cannot sync');
      return context.startSync(input);
    },
    'sync.cancel': () => ({ cancelled: context.cancelSync?.() ?? false }),
    'conflicts.list': (input) => store.read((r) => listConflicts(r, input)),
    'conflicts.resolve': (input) => {
      const result = store.write((w) => resolveConflict(w, input, newKey));
      context.emitChanged(['listings', 'changes']);
      return { listingId: result.listingId as ListingId, queuedJobs: result.queuedJobs };
    },
    'stock.danger': ({ limit }) => store.read((r) => oversellDanger(r, { limit })),
    'settings.get': () => store.read(readSettings),
    'settings.update': (patch) => {
      if (patch.syncSchedule !== undefined) checkSchedule(patch.syncSchedule);
      const settings = store.write((w) => {
        writeSettings(w, patch);
        return readSettings(w);
      });
      context.emitChanged(['settings']);
      context.onSettingsChanged?.();
      return settings;
    },
    ...createWorkbenchHandlers(context, newKey),
    ...createMoneyHandlers(context, newKey),
    ...createOperationsHandlers(context),
    ...createInsightsHandlers(context),
    ...createSheetsHandlers(context, newKey),
    ...createTranslateHandlers(context),
    ...createBackupHandlers(context),
  };
  return withStoreErrors(handlers);
}

/** Wraps every handler so store errors leave as the matching ApiError, thrown or rejected. */
function withStoreErrors(handlers: Handlers): Handlers {
  const wrapped: Partial<Record<MethodName, (input: never) => unknown>> = {};
  for (const method of Object.keys(handlers) as MethodName[]) {
    const handler = handlers[method] as (input: never) => unknown;
    wrapped[method] = (input: never) => {
      try {
        const value = handler(input);
        return value instanceof Promise
          ? value.catch((error: unknown) => {
              throw toApiError(error);
            })
          : value;
      } catch (error) {
        throw toApiError(error);
      }
    };
  }
  return wrapped as Handlers;
}
