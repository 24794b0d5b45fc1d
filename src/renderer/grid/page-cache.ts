/**
 * The rows a grid has fetched so far, by page. It asks the engine only for the pages under the
 * viewport (see paging.ts), keeps a bounded number of pages, and drops answers that arrive after
 * the query changed, so a slow response for an old filter never paints over the new one.
 *
 * `reset()` is for a new query (other filter or sort): old rows are wrong, so they go at once —
 * or, with `keep`, they stay (marked loading) until the new query's first answer replaces them
 * all, so typing a search never flashes an empty grid between two results.
 * `invalidate()` is for "the data changed": old rows stay on screen until fresh ones replace them.
 */
import type { Page } from '../../shared/api/index.js';
import { clampPageSize, pageOf, pagesForRange, pagesToEvict } from './paging.js';

export type FetchPage<T> = (offset: number, limit: number) => Promise<Page<T>>;

export interface PageCacheOptions {
  pageSize?: number;
  /** Rows beyond the visible ones to have ready either way. */
  margin?: number;
  /** Pages to hold at most; the ones farthest from the viewport go first. */
  maxPages?: number;
}

interface CachedPage<T> {
  rows: T[];
  generation: number;
}

export class PageCache<T> {
  readonly pageSize: number;
  private readonly margin: number;
  private readonly maxPages: number;
  private readonly pages = new Map<number, CachedPage<T>>();
  /** Page → the generation its request belongs to. */
  private readonly inflight = new Map<number, number>();
  private readonly listeners = new Set<() => void>();
  private generation = 0;
  /** Nothing is on screen until the grid says so; -1 makes the first setRange always load. */
  private range = { first: -1, last: -1 };
  private disposed = false;
  private totalRows: number | null = null;
  private lastError: unknown = null;
  /** The pages held belong to the query before a `reset({ keep: true })`. */
  private stale = false;
  /** Bumped on every visible change; React reads it through useSyncExternalStore. */
  version = 0;

  constructor(
    private fetchPage: FetchPage<T>,
    options: PageCacheOptions = {},
  ) {
    this.pageSize = clampPageSize(options.pageSize ?? 200);
    this.margin = options.margin ?? 60;
    this.maxPages = Math.max(2, options.maxPages ?? 10);
  }

  /** Null until the first answer. */
  get total(): number | null {
    return this.totalRows;
  }

  get error(): unknown {
    return this.lastError;
  }

  get loading(): boolean {
    for (const generation of this.inflight.values()) {
      if (generation === this.generation) return true;
    }
    return false;
  }

  rowAt(index: number): T | undefined {
    const page = pageOf(index, this.pageSize);
    return this.pages.get(page)?.rows[index - page * this.pageSize];
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The rows now on screen (inclusive); fetches whatever of them is missing. */
  setRange(first: number, last: number): void {
    if (first === this.range.first && last === this.range.last) return;
    this.range = { first, last };
    this.load();
  }

  /**
   * A different query: start again from the first page, forgetting the old rows at once, or
   * with `keep` showing them until the new query's first answer arrives.
   */
  reset(fetchPage: FetchPage<T> = this.fetchPage, options: { keep?: boolean } = {}): void {
    this.fetchPage = fetchPage;
    this.generation += 1;
    this.inflight.clear();
    this.lastError = null;
    if (options.keep && this.totalRows !== null) {
      this.stale = true;
    } else {
      this.pages.clear();
      this.totalRows = null;
      this.stale = false;
    }
    this.range = {
      first: 0,
      last: Math.max(0, Math.min(this.range.last - this.range.first, this.pageSize)),
    };
    this.notify();
    this.load();
  }

  /** Same query, changed data: refetch the visible pages, showing the old rows meanwhile. */
  invalidate(): void {
    this.generation += 1;
    this.lastError = null;
    this.load();
  }

  /** Tries again after an error. */
  retry(): void {
    this.lastError = null;
    this.notify();
    this.load();
  }

  /** Stops fetching and ignores answers still on their way (the grid unmounted). */
  dispose(): void {
    this.disposed = true;
  }

  /** Undoes dispose(): React's strict mode unmounts and remounts the same grid. */
  revive(): void {
    if (!this.disposed) return;
    this.disposed = false;
    this.load();
  }

  private load(): void {
    if (this.disposed || this.lastError !== null || this.range.first < 0) return;
    const { first, last } = this.range;
    // The total of a query being replaced says nothing of the new one's pages.
    const total = this.stale ? null : this.totalRows;
    const wanted = pagesForRange(first, last, this.pageSize, total, this.margin);
    for (const page of wanted) {
      if (this.pages.get(page)?.generation === this.generation) continue;
      if (this.inflight.get(page) === this.generation) continue;
      void this.fetch(page);
    }
    const evicted = pagesToEvict(this.pages.keys(), wanted, this.maxPages);
    for (const page of evicted) this.pages.delete(page);
    if (evicted.length) this.notify();
  }

  private async fetch(page: number): Promise<void> {
    const generation = this.generation;
    this.inflight.set(page, generation);
    this.notify();
    try {
      const result = await this.fetchPage(page * this.pageSize, this.pageSize);
      if (this.disposed || generation !== this.generation) return;
      if (this.stale) {
        this.pages.clear();
        this.stale = false;
      }
      this.pages.set(page, { rows: result.rows, generation });
      this.totalRows = result.total;
    } catch (error) {
      if (this.disposed || generation !== this.generation) return;
      this.lastError = error;
      if (this.stale) {
        // The old query's rows must not pass for the new one's beside its error.
        this.pages.clear();
        this.totalRows = null;
        this.stale = false;
      }
    } finally {
      if (this.inflight.get(page) === generation) this.inflight.delete(page);
    }
    this.notify();
    // The first answer tells the total, which may bring the margin pages into reach.
    this.load();
  }

  private notify(): void {
    if (this.disposed) return;
    this.version += 1;
    for (const listener of [...this.listeners]) listener();
  }
}
