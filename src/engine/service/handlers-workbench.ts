/**
 * Handlers of the listings workbench's methods (contract-workbench.ts), registered in the handler
 * table by handlers.ts. Reads run in one read transaction; each write is one `store.write`, and
 * `data.changed` is announced after it committed. A push releases the held jobs first, then starts
 * a push-only run of the engine's own sync for the accounts involved.
 */
import type { SyncStartResult } from '../../shared/api/index.js';
import type { AccountId, ChangeBatchId } from '../../shared/ids.js';
import { bulkEditListings, previewBulkEdit } from '../store/bulk-edit.js';
import { discardHeld, releaseHeld } from '../store/pending.js';
import { reviewConflicts } from '../store/queries/conflict-review.js';
import { listingIdsInOrder, queryGridListings } from '../store/queries/listings.js';
import { changesSummary, listPendingChanges } from '../store/queries/pending.js';
import { deleteView, listSavedViews, saveView } from '../store/queries/saved-views.js';
import { undoBatch } from '../store/undo.js';
import type { Handlers } from './dispatch.js';
import type { HandlerContext } from './handlers.js';

export type WorkbenchMethod =
  | 'listings.grid'
  | 'listings.ids'
  | 'listings.bulkPreview'
  | 'listings.bulkEdit'
  | 'changes.pending'
  | 'changes.summary'
  | 'changes.push'
  | 'changes.discard'
  | 'changes.undo'
  | 'conflicts.review'
  | 'views.list'
  | 'views.save'
  | 'views.delete';

export function createWorkbenchHandlers(
  context: HandlerContext,
  newKey: () => string,
): Pick<Handlers, WorkbenchMethod> {
  const { store } = context;
  const changed = () => context.emitChanged(['listings', 'changes']);
  return {
    'listings.grid': ({ filter, sort, offset, limit }) =>
      store.read((r) => queryGridListings(r, { ...filter, sort, offset, limit })),
    'listings.ids': ({ filter, sort, offset, limit }) =>
      store.read((r) => listingIdsInOrder(r, { ...filter, sort, offset, limit })),
    'listings.bulkPreview': (input) => store.read((r) => previewBulkEdit(r, input)),
    'listings.bulkEdit': (input) =>
      bulkEditListings(store, input, newKey, (entities) => context.emitChanged(entities)),
    'changes.pending': (input) => store.read((r) => listPendingChanges(r, input)),
    'changes.summary': ({ limit }) => store.read((r) => changesSummary(r, limit)),
    'changes.push': async (scope) => {
      const released = store.write((w) => releaseHeld(w, scope));
      if (released.released > 0) changed();
      const accountIds = released.accountIds as AccountId[];
      let run: SyncStartResult | null = null;
      if (accountIds.length > 0 && context.startSync) {
        run = await context.startSync({ accountIds, steps: ['push'] });
      }
      return { released: released.released, queued: released.queued, accountIds, run };
    },
    'changes.discard': (scope) => {
      const result = store.write((w) => discardHeld(w, scope, newKey));
      if (result.discarded > 0) context.emitChanged(['listings', 'changes', 'catalog']);
      return { ...result, batchId: result.batchId as ChangeBatchId | null };
    },
    'changes.undo': ({ batchId }) => {
      const result = store.write((w) => undoBatch(w, batchId, newKey));
      if (result.batchId !== null) context.emitChanged(['listings', 'changes', 'catalog']);
      return {
        batchId: result.batchId as ChangeBatchId | null,
        restored: result.restored,
        skipped: result.skipped,
      };
    },
    'conflicts.review': (input) => store.read((r) => reviewConflicts(r, input)),
    'views.list': ({ view }) => store.read((r) => listSavedViews(r, view)),
    'views.save': ({ view, name, state }) => {
      const views = store.write((w) => saveView(w, view, name, state));
      context.emitChanged(['settings']);
      return views;
    },
    'views.delete': ({ view, name }) => {
      const views = store.write((w) => deleteView(w, view, name));
      context.emitChanged(['settings']);
      return views;
    },
  };
}
