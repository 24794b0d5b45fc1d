/** The text field that replaces a cell while it is edited (keys: see editorKeyAction). */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { editorKeyAction } from './keyboard.js';

export interface EditorExit {
  save: boolean;
  move: 'up' | 'down' | 'left' | 'right' | null;
  /** Left by a key (the grid takes focus back) rather than by a click elsewhere. */
  byKey: boolean;
}

export function GridCellEditor(props: {
  label: string;
  text: string;
  align: 'start' | 'end';
  onText: (text: string) => void;
  onExit: (exit: EditorExit) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const exited = useRef(false);
  useEffect(() => {
    const element = input.current;
    if (!element) return;
    element.focus();
    // Typing over a cell starts with the typed character: put the caret after it.
    element.setSelectionRange(element.value.length, element.value.length);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    event.stopPropagation();
    const action = editorKeyAction(event.key, event.shiftKey);
    if (!action) return;
    event.preventDefault();
    exited.current = true;
    props.onExit({ ...action, byKey: true });
  };

  return (
    <input
      ref={input}
      className={`grid-editor${props.align === 'end' ? ' is-end' : ''}`}
      aria-label={props.label}
      value={props.text}
      onChange={(event) => props.onText(event.target.value)}
      onKeyDown={onKeyDown}
      onBlur={() => {
        // Leaving the field by clicking elsewhere saves, as a spreadsheet does.
        if (!exited.current) props.onExit({ save: true, move: null, byKey: false });
      }}
      onClick={(event) => event.stopPropagation()}
      onDoubleClick={(event) => event.stopPropagation()}
    />
  );
}
