import { describe, expect, it } from 'vitest';
import { editorKeyAction, nextPosition, typesCharacter } from './keyboard.js';

describe('nextPosition', () => {
  const extent = { rowCount: 1000, colCount: 6, pageRows: 20 };

  it('moves one cell with the arrows and stops at the edges', () => {
    expect(nextPosition('ArrowDown', false, { row: 0, col: 0 }, extent)).toEqual({
      row: 1,
      col: 0,
    });
    expect(nextPosition('ArrowUp', false, { row: 0, col: 0 }, extent)).toEqual({ row: 0, col: 0 });
    expect(nextPosition('ArrowRight', false, { row: 3, col: 5 }, extent)).toEqual({
      row: 3,
      col: 5,
    });
    expect(nextPosition('ArrowLeft', false, { row: 3, col: 2 }, extent)).toEqual({
      row: 3,
      col: 1,
    });
  });

  it('pages by one screen of rows', () => {
    expect(nextPosition('PageDown', false, { row: 10, col: 2 }, extent)).toEqual({
      row: 30,
      col: 2,
    });
    expect(nextPosition('PageUp', false, { row: 10, col: 2 }, extent)).toEqual({ row: 0, col: 2 });
    expect(nextPosition('PageDown', false, { row: 990, col: 2 }, extent)).toEqual({
      row: 999,
      col: 2,
    });
  });

  it('goes to the row ends with Home/End and to the grid ends with Ctrl', () => {
    expect(nextPosition('Home', false, { row: 7, col: 4 }, extent)).toEqual({ row: 7, col: 0 });
    expect(nextPosition('End', false, { row: 7, col: 1 }, extent)).toEqual({ row: 7, col: 5 });
    expect(nextPosition('Home', true, { row: 7, col: 4 }, extent)).toEqual({ row: 0, col: 4 });
    expect(nextPosition('End', true, { row: 7, col: 4 }, extent)).toEqual({ row: 999, col: 4 });
  });

  it('ignores other keys and empty grids', () => {
    expect(nextPosition('a', false, { row: 0, col: 0 }, extent)).toBeNull();
    expect(
      nextPosition('ArrowDown', false, { row: 0, col: 0 }, { ...extent, rowCount: 0 }),
    ).toBeNull();
  });
});

describe('cell editor keys', () => {
  it('saves and moves like a spreadsheet', () => {
    expect(editorKeyAction('Enter', false)).toEqual({ save: true, move: 'down' });
    expect(editorKeyAction('Enter', true)).toEqual({ save: true, move: 'up' });
    expect(editorKeyAction('Tab', false)).toEqual({ save: true, move: 'right' });
    expect(editorKeyAction('Tab', true)).toEqual({ save: true, move: 'left' });
    expect(editorKeyAction('ArrowUp', false)).toEqual({ save: true, move: 'up' });
    expect(editorKeyAction('Escape', false)).toEqual({ save: false, move: null });
    expect(editorKeyAction('ArrowLeft', false)).toBeNull();
    expect(editorKeyAction('a', false)).toBeNull();
  });

  it('starts typing over a cell only with a plain printable character', () => {
    const plain = { ctrlKey: false, metaKey: false, altKey: false };
    expect(typesCharacter({ key: '7', ...plain })).toBe(true);
    expect(typesCharacter({ key: '价', ...plain })).toBe(true);
    expect(typesCharacter({ key: ' ', ...plain })).toBe(false);
    expect(typesCharacter({ key: 'Enter', ...plain })).toBe(false);
    expect(typesCharacter({ key: 'd', ...plain, ctrlKey: true })).toBe(false);
  });
});
