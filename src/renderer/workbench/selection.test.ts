import { describe, expect, it } from 'vitest';
import {
  allMatching,
  isPicked,
  NO_SELECTION,
  pickedCount,
  pickOnly,
  rangeFrom,
  toggle,
  topmostId,
  toSelectionInput,
  withRange,
} from './selection.js';

describe('the listings selection', () => {
  it('picks one row, toggles others in and out, and knows its topmost row', () => {
    let selection = pickOnly(10, 4);
    selection = toggle(selection, 11, 2);
    selection = toggle(selection, 12, 9);
    selection = toggle(selection, 10, 4);
    expect(pickedCount(selection, 1000)).toBe(2);
    expect(isPicked(selection, 10)).toBe(false);
    expect(topmostId(selection)).toBe(11);
    expect(toSelectionInput(selection, {}, 1000)).toEqual({ ids: [11, 12] });
  });

  it('turns a shift-click into the rows between the anchor and the click, either way', () => {
    expect(rangeFrom(7, 3)).toEqual({ offset: 3, limit: 5, anchor: 7 });
    expect(rangeFrom(3, 7)).toEqual({ offset: 3, limit: 5, anchor: 3 });
    expect(rangeFrom(null, 5)).toEqual({ offset: 5, limit: 1, anchor: 5 });
    const range = withRange([31, 32, 33], 3, 7);
    expect(topmostId(range)).toBe(31);
    expect(range.anchor).toBe(7);
  });

  it('sends "all matching" as the filter minus the unticked rows, never as ids', () => {
    let selection = allMatching();
    selection = toggle(selection, 5, 0);
    expect(pickedCount(selection, 100_000)).toBe(99_999);
    expect(isPicked(selection, 5)).toBe(false);
    expect(isPicked(selection, 6)).toBe(true);
    expect(toSelectionInput(selection, { marketplaces: ['ebay'] }, 100_000)).toEqual({
      filter: { marketplaces: ['ebay'] },
      exceptIds: [5],
    });
    expect(topmostId(selection)).toBeNull();
  });

  it('sends nothing for an empty selection', () => {
    expect(toSelectionInput(NO_SELECTION, {}, 10)).toBeNull();
    expect(toSelectionInput(allMatching(), {}, 0)).toBeNull();
  });
});
