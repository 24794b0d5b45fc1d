import { describe, expect, it } from 'vitest';
import {
  afterRedo,
  afterUndo,
  EMPTY_HISTORY,
  HISTORY_LIMIT,
  nextRedo,
  nextUndo,
  recordAction,
} from './undo-history.js';

describe('undo history', () => {
  it('undoes the last action and redoes it through the undo batch', () => {
    let history = recordAction(EMPTY_HISTORY, { batchId: 1, label: 'Prices +5 %' });
    history = recordAction(history, { batchId: 2, label: 'Quantity 3' });
    expect(nextUndo(history)).toEqual({ batchId: 2, label: 'Quantity 3' });
    history = afterUndo(history, 20);
    expect(nextUndo(history)?.batchId).toBe(1);
    expect(nextRedo(history)).toEqual({ batchId: 20, label: 'Quantity 3' });
    history = afterRedo(history, 21);
    expect(nextUndo(history)).toEqual({ batchId: 21, label: 'Quantity 3' });
    expect(nextRedo(history)).toBeUndefined();
  });

  it('forgets what could be redone once a new action is made', () => {
    let history = recordAction(EMPTY_HISTORY, { batchId: 1, label: 'a' });
    history = afterUndo(history, 10);
    history = recordAction(history, { batchId: 2, label: 'b' });
    expect(nextRedo(history)).toBeUndefined();
  });

  it('drops an entry the engine had nothing to undo for', () => {
    let history = recordAction(EMPTY_HISTORY, { batchId: 1, label: 'a' });
    history = afterUndo(history, null);
    expect(history).toEqual(EMPTY_HISTORY);
  });

  it('keeps a bounded history', () => {
    let history = EMPTY_HISTORY;
    for (let batchId = 1; batchId <= HISTORY_LIMIT + 5; batchId++) {
      history = recordAction(history, { batchId, label: String(batchId) });
    }
    expect(history.past).toHaveLength(HISTORY_LIMIT);
    expect(history.past[0]?.batchId).toBe(6);
  });
});
