import { describe, expect, it } from 'vitest';
import type { ListingMargin } from '../../shared/api/index.js';
import { MarginBatcher } from './margin-batch.js';

const margin = (id: number): ListingMargin =>
  ({
    listingId: id,
    figure: null,
    refusal: { code: 'no_cost', message: `SKU ${id}` },
  }) as ListingMargin;

/** A batcher whose calls are recorded and whose flushes wait to be run by the test. */
function recordingBatcher() {
  const calls: number[][] = [];
  const pending: (() => void)[] = [];
  const batcher = new MarginBatcher(
    (ids) => {
      calls.push(ids);
      return Promise.resolve(ids.map(margin));
    },
    (run) => pending.push(run),
  );
  batcher.setVersion(1);
  return { batcher, calls, pending };
}

describe('MarginBatcher', () => {
  it('sends the asks of one frame as one call and tells each cell its answer', async () => {
    const { batcher, calls, pending } = recordingBatcher();
    let told = 0;
    batcher.subscribe(3, () => told++);
    batcher.subscribe(1, () => told++);
    batcher.subscribe(3, () => told++);
    expect(pending).toHaveLength(1);
    pending.shift()!();
    await Promise.resolve();
    expect(calls).toEqual([[3, 1]]);
    expect(batcher.get(1)?.refusal?.message).toBe('SKU 1');
    expect(told).toBe(3);
  });

  it('forgets answers when the data changes and asks again for the cells still shown', async () => {
    const calls: number[][] = [];
    const batcher = new MarginBatcher(
      (ids) => {
        calls.push(ids);
        return Promise.resolve(ids.map(margin));
      },
      (run) => run(),
    );
    batcher.setVersion(1);
    const stop = batcher.subscribe(7, () => undefined);
    batcher.subscribe(8, () => undefined);
    await Promise.resolve();
    stop();
    batcher.setVersion(2);
    expect(batcher.get(8)).toBeUndefined();
    await Promise.resolve();
    // The scheduler here runs at once, so each ask went alone; after the change only 8 is asked.
    expect(calls).toEqual([[7], [8], [8]]);
    expect(batcher.get(8)).toBeDefined();
  });

  it('asks for a page ahead in one call, so cells scrolling into view ask nothing', async () => {
    const { batcher, calls, pending } = recordingBatcher();
    const page = Array.from({ length: 100 }, (_, index) => index + 1);
    batcher.prefetch(page);
    // A cell shown before the flush rides along, first.
    batcher.subscribe(500, () => undefined);
    pending.shift()!();
    await Promise.resolve();
    expect(calls).toEqual([[500, ...page]]);
    let told = 0;
    for (const id of [40, 41, 42]) batcher.subscribe(id, () => told++);
    batcher.prefetch(page);
    expect(pending).toHaveLength(0);
    expect(calls).toHaveLength(1);
    expect(batcher.get(41)?.listingId).toBe(41);
    expect(told).toBe(0);
  });
});
