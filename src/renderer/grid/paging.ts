/**
 * Window math for grids that page from the engine. The grid never holds the whole result: it asks
 * for the pages under the viewport (plus a margin, so scrolling rarely meets an empty row) and
 * forgets the pages farthest away once it holds more than a budget.
 */

/** The contract's ceiling for one call's `limit`. */
export const MAX_PAGE_SIZE = 500;

export function clampPageSize(size: number): number {
  if (!Number.isFinite(size)) return MAX_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(size)));
}

export function pageOf(rowIndex: number, pageSize: number): number {
  return Math.floor(Math.max(0, rowIndex) / pageSize);
}

/** How many pages a result of `total` rows has (0 for an empty result). */
export function pageCount(total: number, pageSize: number): number {
  return Math.ceil(Math.max(0, total) / pageSize);
}

/**
 * The pages that cover rows `first`…`last` widened by `margin` rows either way, clamped to the
 * result. Before the first answer the total is unknown (`null`): then only the pages the range
 * itself touches are asked for.
 */
export function pagesForRange(
  first: number,
  last: number,
  pageSize: number,
  total: number | null,
  margin = 0,
): number[] {
  if (total === 0 || last < first) return [];
  const from = pageOf(first - margin, pageSize);
  let to = pageOf(last + margin, pageSize);
  if (total !== null) to = Math.min(to, pageCount(total, pageSize) - 1);
  else to = pageOf(last, pageSize);
  const pages: number[] = [];
  for (let page = from; page <= to; page += 1) pages.push(page);
  return pages;
}

/**
 * Which cached pages to drop so that at most `maxPages` remain: never a wanted one, farthest from
 * the wanted window first.
 */
export function pagesToEvict(
  cached: Iterable<number>,
  wanted: readonly number[],
  maxPages: number,
): number[] {
  const all = [...cached];
  if (all.length <= maxPages) return [];
  const keep = new Set(wanted);
  const low = wanted.length ? Math.min(...wanted) : 0;
  const high = wanted.length ? Math.max(...wanted) : 0;
  const distance = (page: number) => (page < low ? low - page : page > high ? page - high : 0);
  const candidates = all
    .filter((page) => !keep.has(page))
    .sort((a, b) => distance(b) - distance(a) || b - a);
  return candidates.slice(0, Math.max(0, all.length - maxPages));
}
