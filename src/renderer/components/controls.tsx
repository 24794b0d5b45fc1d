/** Toolbar controls: a debounced search box, a labelled select and a labelled checkbox. */
import { useEffect, useId, useState } from 'react';

export function SearchBox(props: {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  /** Milliseconds of quiet typing before the search runs. */
  delayMs?: number;
}) {
  const id = useId();
  const { value, onChange, delayMs = 250 } = props;
  const [text, setText] = useState(value);
  useEffect(() => {
    if (text === value) return undefined;
    const timer = setTimeout(() => onChange(text), delayMs);
    return () => clearTimeout(timer);
  }, [text, value, onChange, delayMs]);
  return (
    <div className="field search-field">
      <label className="visually-hidden" htmlFor={id}>
        {props.label}
      </label>
      <input
        id={id}
        className="input search-input"
        type="search"
        placeholder={props.placeholder}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') onChange(text);
        }}
      />
    </div>
  );
}

export interface SelectOption<V extends string> {
  value: V;
  label: string;
}

export function SelectField<V extends string>(props: {
  label: string;
  value: V;
  options: readonly SelectOption<V>[];
  onChange: (value: NoInfer<V>) => void;
  testId?: string;
  inline?: boolean;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className={`field${props.inline === false ? '' : ' field-inline'}`}>
      <label className="field-label" htmlFor={id}>
        {props.label}
      </label>
      <select
        id={id}
        className="select"
        value={props.value}
        data-testid={props.testId}
        disabled={props.disabled}
        onChange={(event) => {
          const chosen = props.options.find((option) => option.value === event.target.value);
          if (chosen) props.onChange(chosen.value);
        }}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CheckboxField(props: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="field field-inline">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
    </div>
  );
}
