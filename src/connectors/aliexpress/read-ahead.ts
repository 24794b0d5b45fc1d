/**
 * One request read ahead. A page of products or orders is a chain: the list call, then one detail
 * call per entry. Done strictly page by page, the limiter idles for a round trip at every page
 * boundary while the next list call is under way. So when a page is returned, the list call for
 * the page its cursor points to is already started, and the next page request with that cursor
 * takes its answer. A failed read-ahead is handed to whoever takes it (the engine asks again with
 * the same cursor, which then loads afresh); one nobody takes is dropped silently.
 */
export class ReadAhead<T> {
  private entry: { key: string; promise: Promise<T> } | null = null;

  /** The answer read ahead for `key`, else a fresh load. */
  take(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entry;
    if (entry?.key === key) {
      this.entry = null;
      return entry.promise;
    }
    return load();
  }

  /** Starts loading `key` now, replacing any earlier read-ahead. */
  start(key: string, load: () => Promise<T>): void {
    const promise = load();
    // Handled here so an answer nobody takes never becomes an unhandled rejection.
    promise.catch(() => undefined);
    this.entry = { key, promise };
  }
}
