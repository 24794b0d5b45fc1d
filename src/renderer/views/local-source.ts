/**
 * Short lists the engine returns whole (accounts, sync runs) shown in the same grid as the paged
 * ones: the grid still asks page by page; the pages are cut from the array in memory.
 */
import type { Page } from '../../shared/api/index.js';

export function pageOfArray<T>(rows: readonly T[], offset: number, limit: number): Page<T> {
  return { rows: rows.slice(offset, offset + limit), total: rows.length, offset, limit };
}
