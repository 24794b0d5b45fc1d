/**
 * The listings grid's selection, as a spreadsheet keeps it: picked rows (click, Ctrl/⌘+click,
 * Shift+click ranges) or "all N matching the filter" minus the rows unticked since. It crosses
 * the bridge as ids (bounded) or as the filter itself: a selection of every row of a 100k result
 * never becomes 100k ids.
 */
import {
  MAX_SELECTED_IDS,
  type ListingFilter,
  type ListingSelection,
} from '../../shared/api/contract-workbench.js';

export type Selection =
  | {
      mode: 'ids';
      /** Picked id → its row index when picked (the topmost is the fill-down source). */
      picked: ReadonlyMap<number, number>;
      anchor: number | null;
    }
  | { mode: 'all'; except: ReadonlySet<number>; anchor: number | null };

export const NO_SELECTION: Selection = { mode: 'ids', picked: new Map(), anchor: null };

export function pickOnly(id: number, index: number): Selection {
  return { mode: 'ids', picked: new Map([[id, index]]), anchor: index };
}

export function toggle(selection: Selection, id: number, index: number): Selection {
  if (selection.mode === 'all') {
    const except = new Set(selection.except);
    if (except.has(id)) except.delete(id);
    else except.add(id);
    return { mode: 'all', except, anchor: index };
  }
  const picked = new Map(selection.picked);
  if (picked.has(id)) picked.delete(id);
  else picked.set(id, index);
  return { mode: 'ids', picked, anchor: index };
}

/** The rows from the anchor to `index` (inclusive), either way: what a Shift+click selects. */
export function rangeFrom(
  anchor: number | null,
  index: number,
): { offset: number; limit: number; anchor: number } {
  const from = anchor ?? index;
  const offset = Math.min(from, index);
  return { offset, limit: Math.abs(index - from) + 1, anchor: from };
}

/** The selection after a range's ids arrived (`ids[i]` is the row at `offset + i`). */
export function withRange(ids: readonly number[], offset: number, anchor: number): Selection {
  return {
    mode: 'ids',
    picked: new Map(ids.map((id, position) => [id, offset + position])),
    anchor,
  };
}

export function allMatching(): Selection {
  return { mode: 'all', except: new Set(), anchor: null };
}

export function isPicked(selection: Selection, id: number): boolean {
  return selection.mode === 'all' ? !selection.except.has(id) : selection.picked.has(id);
}

/** How many rows are selected, given the result's total. */
export function pickedCount(selection: Selection, total: number): number {
  return selection.mode === 'all'
    ? Math.max(0, total - selection.except.size)
    : selection.picked.size;
}

export function isEmpty(selection: Selection, total: number): boolean {
  return pickedCount(selection, total) === 0;
}

/** The topmost picked row's id (the value a fill-down copies), when known here. */
export function topmostId(selection: Selection): number | null {
  if (selection.mode === 'all') return null;
  let best: [number, number] | null = null;
  for (const entry of selection.picked) {
    if (best === null || entry[1] < best[1]) best = entry;
  }
  return best?.[0] ?? null;
}

/** The selection as the contract carries it; null when nothing is selected. */
export function toSelectionInput(
  selection: Selection,
  filter: ListingFilter,
  total: number,
): ListingSelection | null {
  if (isEmpty(selection, total)) return null;
  if (selection.mode === 'all') return { filter, exceptIds: [...selection.except] };
  return { ids: [...selection.picked.keys()] };
}

/** Whether a range this long can be picked row by row (longer: "select all matching"). */
export function rangeFits(limit: number): boolean {
  return limit <= MAX_SELECTED_IDS;
}
