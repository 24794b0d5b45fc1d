/** A whole-number input for stock figures: empty may mean "none" where the caller allows it. */
export function NumberInput(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  testId?: string;
  max?: number;
}) {
  return (
    <input
      className="input op-number"
      inputMode="numeric"
      aria-label={props.label}
      title={props.label}
      value={props.value}
      placeholder={props.placeholder}
      data-testid={props.testId}
      onChange={(event) => props.onChange(event.target.value)}
    />
  );
}

/** A whole number from 0 to max, or undefined when the text is not one. */
export function wholeNumber(text: string, max = 1_000_000_000): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value <= max ? value : undefined;
}
