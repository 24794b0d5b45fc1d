/** Small measuring helpers shared by the benchmarks: timers, percentiles, the printed table. */

/** Milliseconds taken by `fn`, with its result. */
export function timed<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

/** Nearest-rank percentile (p in 0..100) of a sample; the sample is not modified. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('percentile of an empty sample');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export interface ResultRow {
  measure: string;
  value: string;
  target: string;
  /** null when the figure has no target (context only). */
  met: boolean | null;
  note?: string;
}

export function formatMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`;
}

/** A fixed-width table for the terminal and, unchanged, for RESULTS.md (it is Markdown). */
export function renderTable(rows: readonly ResultRow[]): string {
  const header = ['measure', 'value', 'target', 'met', 'note'];
  const cells = rows.map((row) => [
    row.measure,
    row.value,
    row.target,
    row.met === null ? '—' : row.met ? 'yes' : 'NO',
    row.note ?? '',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column]!.length)),
  );
  const line = (values: string[]) =>
    `| ${values.map((value, column) => value.padEnd(widths[column]!)).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...cells.map(line),
  ].join('\n');
}
