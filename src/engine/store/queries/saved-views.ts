/**
 * Saved views of the listings grid (filters, sort, visible columns), kept as one settings row per
 * grid: a handful of small records needs no table of its own. Read back through the contract's
 * schema, so a view written by another version that no longer fits is dropped, not trusted.
 */
import { z } from 'zod';
import { SavedViewState } from '../../../shared/api/contract-workbench.js';
import type { SavedView } from '../../../shared/api/types-workbench.js';
import { qb } from '../compiler.js';
import type { Reader, Writer } from '../connection.js';
import { InvalidStoreInput, RecordNotFound } from '../errors.js';

export type GridName = 'listings';

/** More than a seller keeps track of in one menu. */
export const MAX_SAVED_VIEWS = 50;

const StoredView = z.object({
  name: z.string().min(1).max(80),
  state: SavedViewState,
  updatedAt: z.string(),
});

const keyOf = (grid: GridName) => `workbench.views.${grid}`;

export function listSavedViews(r: Reader, grid: GridName): SavedView[] {
  const row = r.first(qb.selectFrom('settings').select('value').where('key', '=', keyOf(grid)));
  if (!row) return [];
  let stored: unknown;
  try {
    stored = JSON.parse(row.value);
  } catch {
    return [];
  }
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((entry) => {
    const parsed = StoredView.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

function writeViews(w: Writer, grid: GridName, views: SavedView[]): void {
  const now = w.now();
  w.run(
    qb
      .insertInto('settings')
      .values({ key: keyOf(grid), value: JSON.stringify(views), updated_at: now })
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      ),
  );
}

/** Saves `state` under `name` (replacing a view of that name); views stay sorted by name. */
export function saveView(
  w: Writer,
  grid: GridName,
  name: string,
  state: SavedViewState,
): SavedView[] {
  const views = listSavedViews(w, grid).filter((view) => view.name !== name);
  if (views.length >= MAX_SAVED_VIEWS) {
    throw new InvalidStoreInput(
      `At most ${MAX_SAVED_VIEWS} views can be saved; delete one before saving another`,
    );
  }
  views.push({ name, state, updatedAt: w.now() });
  views.sort((a, b) => a.name.localeCompare(b.name));
  writeViews(w, grid, views);
  return views;
}

export function deleteView(w: Writer, grid: GridName, name: string): SavedView[] {
  const views = listSavedViews(w, grid);
  const kept = views.filter((view) => view.name !== name);
  if (kept.length === views.length) {
    throw new RecordNotFound(`There is no saved view named "${name}"`);
  }
  writeViews(w, grid, kept);
  return kept;
}
