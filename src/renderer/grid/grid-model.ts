/** The TanStack Table feature set and row shape shared by the grid's components. */
import { columnSizingFeature, rowSortingFeature, tableFeatures } from '@tanstack/react-table';

export const gridFeatures = tableFeatures({ rowSortingFeature, columnSizingFeature });
export type GridFeatures = typeof gridFeatures;

/** One row slot of the result: `record` is undefined until its page has arrived. */
export interface GridRow<T> {
  index: number;
  record: T | undefined;
}
