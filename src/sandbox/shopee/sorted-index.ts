/**
 * A list kept sorted by a total order (ties broken by a unique id, so every value has exactly one
 * place). Lookups are binary searches; insert and remove shift the array natively, which at the
 * tens of thousands of entries a fake shop holds is far cheaper than re-sorting per request.
 *
 * Invariant for callers: remove a value BEFORE changing the fields it is sorted by, and insert it
 * again afterwards; otherwise its place cannot be found.
 */
export class SortedIndex<T> {
  private readonly values: T[] = [];

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get length(): number {
    return this.values.length;
  }

  at(index: number): T | undefined {
    return this.values[index];
  }

  /** Replaces the contents with `values` (sorted once here). */
  reset(values: readonly T[]): void {
    this.values.length = 0;
    // A loop, not push(...values): spreading tens of thousands of arguments can overflow the stack.
    for (const value of values) this.values.push(value);
    this.values.sort(this.compare);
  }

  insert(value: T): void {
    this.values.splice(
      this.firstIndex((other) => this.compare(other, value) < 0),
      0,
      value,
    );
  }

  remove(value: T): void {
    const index = this.firstIndex((other) => this.compare(other, value) < 0);
    if (this.values[index] !== value) {
      throw new Error('SortedIndex.remove: value not found (was its sort key changed first?)');
    }
    this.values.splice(index, 1);
  }

  /**
   * The index of the first value for which `before` is false, given that `before` is true for a
   * prefix of the list and false for the rest (a lower bound).
   */
  firstIndex(before: (value: T) => boolean): number {
    let low = 0;
    let high = this.values.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (before(this.values[middle]!)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  slice(start: number, end: number): T[] {
    return this.values.slice(start, end);
  }
}
