/**
 * Window walking for Wish list endpoints, which have no cursor: the client asks for objects with
 * `updated_at` in [min, max] (both ends inclusive, ms precision), sorted by updated_at ascending,
 * and moves `min` to the last object's updated_at for the next page.
 *
 * Two traps and how they are handled:
 * - inclusive bounds: the next page starts AT the last timestamp, so objects seen there come back;
 *   the ids returned at the current `min` are remembered and skipped (only at that exact time: an
 *   object that changed since has a later updated_at and is rightly returned again);
 * - a full page whose objects all share the `min` timestamp (more objects at one updated_at than a
 *   page holds, e.g. after a bulk job): moving `min` cannot make progress and the same page would
 *   come back forever. The walker then pins the window to that one millisecond ([t, t]) and walks
 *   it by a second key (created_at for products, released_at for orders) the same way, remembering
 *   every id returned at t; once that is exhausted it resumes at t + 1 ms. Should even the second key
 *   tie beyond a page, no API parameter can split the set: the walk stops with a clear error rather
 *   than loop or skip.
 *
 * The state is plain JSON so it can be stored as the engine's cursor/checkpoint after every page.
 */
import { z } from 'zod';

export interface WindowEntry {
  id: string;
  /** updated_at, epoch ms. */
  primary: number;
  /** The second key (created_at or released_at), epoch ms. */
  secondary: number;
}

export const WalkState = z.object({
  v: z.literal(1),
  kind: z.string(),
  from: z.number().int().nullable(),
  to: z.number().int(),
  cursor: z.number().int().nullable(),
  /** Ids returned whose updated_at equals `cursor`. */
  seen: z.array(z.string()),
  tie: z
    .object({
      at: z.number().int(),
      secondary: z.number().int().nullable(),
      /** Every id returned with updated_at equal to `at`. */
      done: z.array(z.string()),
    })
    .nullable(),
});
export type WalkState = z.infer<typeof WalkState>;

export interface WalkQuery {
  primaryMin: number | null;
  primaryMax: number;
  secondaryMin: number | null;
  /** Which key the page is sorted by, ascending. */
  sortBy: 'primary' | 'secondary';
}

export class WindowStuckError extends Error {
  override name = 'WindowStuckError';
}

export function startWalk(kind: string, from: number | null, to: number): WalkState {
  return { v: 1, kind, from, to, cursor: from, seen: [], tie: null };
}

export function queryOf(state: WalkState): WalkQuery {
  if (state.tie) {
    return {
      primaryMin: state.tie.at,
      primaryMax: state.tie.at,
      secondaryMin: state.tie.secondary,
      sortBy: 'secondary',
    };
  }
  return { primaryMin: state.cursor, primaryMax: state.to, secondaryMin: null, sortBy: 'primary' };
}

export interface WalkStep {
  /** Ids of this page to hand out (new ones, in page order). */
  fresh: string[];
  /** Null when the window is done. */
  next: WalkState | null;
}

/**
 * Takes one page (`entries` in the order received; `received` counts every object on the page,
 * readable or not, to tell a full page from the last one) and decides what to hand out and where
 * to go next.
 */
export function advance(
  state: WalkState,
  entries: WindowEntry[],
  received: number,
  limit: number,
): WalkStep {
  return state.tie
    ? advanceTie(state, state.tie, entries, received, limit)
    : advanceNormal(state, entries, received, limit);
}

function advanceNormal(
  state: WalkState,
  entries: WindowEntry[],
  received: number,
  limit: number,
): WalkStep {
  const seen = new Set(state.seen);
  const fresh: string[] = [];
  const handed = new Set<string>();
  for (const entry of entries) {
    if (handed.has(entry.id)) continue;
    if (state.cursor !== null && entry.primary === state.cursor && seen.has(entry.id)) continue;
    handed.add(entry.id);
    fresh.push(entry.id);
  }
  if (received < limit || entries.length === 0) return { fresh, next: null };
  const last = Math.max(...entries.map((entry) => entry.primary));
  if (state.cursor === null || last > state.cursor) {
    const atLast = entries.filter((entry) => entry.primary === last).map((entry) => entry.id);
    return { fresh, next: { ...state, cursor: last, seen: [...new Set(atLast)], tie: null } };
  }
  // A full page at the cursor's own millisecond: walk that millisecond by the second key.
  const done = [...new Set([...state.seen, ...fresh])];
  return { fresh, next: { ...state, seen: [], tie: { at: state.cursor, secondary: null, done } } };
}

function advanceTie(
  state: WalkState,
  tie: NonNullable<WalkState['tie']>,
  entries: WindowEntry[],
  received: number,
  limit: number,
): WalkStep {
  const done = new Set(tie.done);
  const fresh: string[] = [];
  for (const entry of entries) {
    if (done.has(entry.id)) continue;
    done.add(entry.id);
    fresh.push(entry.id);
  }
  if (received < limit || entries.length === 0) {
    // Everything at `at` has been handed out: resume just after it.
    const cursor = tie.at + 1;
    return { fresh, next: cursor > state.to ? null : { ...state, cursor, seen: [], tie: null } };
  }
  const last = Math.max(...entries.map((entry) => entry.secondary));
  if (tie.secondary !== null && last <= tie.secondary) {
    throw new WindowStuckError(
      `More than ${limit} objects share updated_at ${new Date(tie.at).toISOString()} and the same second key ${new Date(last).toISOString()}; the list API cannot page through them`,
    );
  }
  return { fresh, next: { ...state, tie: { at: tie.at, secondary: last, done: [...done] } } };
}

/** Reads a stored walk state; null when it is not one of `kind`. */
export function decodeWalk(text: string, kind: string): WalkState | null {
  try {
    const parsed = WalkState.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.kind === kind ? parsed.data : null;
  } catch {
    return null;
  }
}
