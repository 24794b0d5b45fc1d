/**
 * Undo and redo of the workbench's batches. Every bulk action and inline edit is a change batch in
 * the engine; undoing one asks the engine for a new held edit back to the batch's before values
 * (changes.undo), which is itself a batch — so redo is the undo of that undo batch. The history
 * lives for the session, in the order the seller acted.
 */
export interface HistoryEntry {
  batchId: number;
  /** What the seller did, as shown on the Undo/Redo buttons. */
  label: string;
}

export interface UndoHistory {
  past: readonly HistoryEntry[];
  future: readonly HistoryEntry[];
}

export const EMPTY_HISTORY: UndoHistory = { past: [], future: [] };

/** Keeps the history short enough to stay meaningful. */
export const HISTORY_LIMIT = 100;

/** A new action: it can be undone, and what was undone before can no longer be redone. */
export function recordAction(history: UndoHistory, entry: HistoryEntry): UndoHistory {
  return { past: [...history.past, entry].slice(-HISTORY_LIMIT), future: [] };
}

export const nextUndo = (history: UndoHistory): HistoryEntry | undefined => history.past.at(-1);
export const nextRedo = (history: UndoHistory): HistoryEntry | undefined => history.future.at(-1);

/** After the last action was undone by batch `undoBatchId`; null: nothing was left to undo. */
export function afterUndo(history: UndoHistory, undoBatchId: number | null): UndoHistory {
  const last = history.past.at(-1);
  if (!last) return history;
  const past = history.past.slice(0, -1);
  if (undoBatchId === null) return { past, future: history.future };
  return { past, future: [...history.future, { batchId: undoBatchId, label: last.label }] };
}

/** After the last undo was undone (redone) by batch `redoBatchId`. */
export function afterRedo(history: UndoHistory, redoBatchId: number | null): UndoHistory {
  const last = history.future.at(-1);
  if (!last) return history;
  const future = history.future.slice(0, -1);
  if (redoBatchId === null) return { past: history.past, future };
  return { past: [...history.past, { batchId: redoBatchId, label: last.label }], future };
}
