/**
 * Margins for the listings grid, fetched for the rows on screen only: each visible margin cell
 * asks for its listing, the asks of one frame are sent as one `margin.listings` call (up to 500
 * ids), and answers are kept until the data they depend on changes (a new data version).
 */
import type { ListingMargin } from '../../shared/api/index.js';

export type FetchMargins = (ids: number[]) => Promise<ListingMargin[]>;
type Listener = () => void;

const MAX_IDS = 500;

export class MarginBatcher {
  private cache = new Map<number, ListingMargin>();
  private wanted = new Set<number>();
  private ahead = new Set<number>();
  private inFlight = new Set<number>();
  private listeners = new Map<number, Set<Listener>>();
  private scheduled = false;
  private version = -1;

  constructor(
    private readonly fetchMargins: FetchMargins,
    private readonly schedule: (run: () => void) => void = (run) => queueMicrotask(run),
  ) {}

  /** Drops every answer when the data version moved on (listings, rules or rates changed). */
  setVersion(version: number): void {
    if (version === this.version) return;
    this.version = version;
    this.cache.clear();
    for (const id of this.listeners.keys()) this.wanted.add(id);
    this.flushSoon();
    for (const listeners of this.listeners.values()) for (const listener of listeners) listener();
  }

  /**
   * Asks now for listings about to be shown (a page of the grid as it arrives), so the cells that
   * scroll into view find their margin instead of asking a few at a time, frame after frame.
   */
  prefetch(ids: readonly number[]): void {
    for (const id of ids) {
      if (!this.cache.has(id) && !this.inFlight.has(id)) this.ahead.add(id);
    }
    this.flushSoon();
  }

  get(id: number): ListingMargin | undefined {
    return this.cache.get(id);
  }

  /** Watches one listing's margin; asks for it if not known. Returns the unsubscribe. */
  subscribe(id: number, listener: Listener): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    if (!this.cache.has(id) && !this.inFlight.has(id)) {
      this.wanted.add(id);
      this.flushSoon();
    }
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(id);
    };
  }

  private flushSoon(): void {
    if (this.scheduled || (this.wanted.size === 0 && this.ahead.size === 0)) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    // Cells still shown first, then the rows asked ahead; a cell gone before the flush is not.
    const shown = [...this.wanted].filter((id) => this.listeners.has(id));
    const ids = [...new Set([...shown, ...this.ahead])].slice(0, MAX_IDS);
    const taken = new Set(ids);
    this.wanted = new Set(shown.filter((id) => !taken.has(id)));
    for (const id of ids) {
      this.ahead.delete(id);
      this.inFlight.add(id);
    }
    if (this.wanted.size > 0 || this.ahead.size > 0) this.flushSoon();
    if (ids.length === 0) return;
    const version = this.version;
    this.fetchMargins(ids).then(
      (margins) => {
        for (const id of ids) this.inFlight.delete(id);
        if (version !== this.version) return;
        for (const margin of margins) {
          this.cache.set(margin.listingId, margin);
          for (const listener of this.listeners.get(margin.listingId) ?? []) listener();
        }
      },
      () => {
        // A failed page is asked again on the next data change; the cells stay empty meanwhile.
        for (const id of ids) this.inFlight.delete(id);
      },
    );
  }
}
