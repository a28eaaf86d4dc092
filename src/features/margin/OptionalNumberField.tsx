import { useState } from 'react';
import { parseUserNumber } from '../../lib/format.ts';

interface Props {
  /** null = no value (the field shows its placeholder). */
  readonly value: number | null;
  readonly onCommit: (value: number | null) => void;
  readonly ariaLabel: string;
  readonly testId?: string;
  readonly placeholder?: string;
  readonly title?: string;
  readonly className?: string;
}

/**
 * A number input that may be left blank (no limit, no PD, the beta rule…): blank commits null, a valid number
 * commits on every keystroke, a partial entry ("-", "1.") waits. While focused it shows what was typed.
 */
export function OptionalNumberField({ value, onCommit, ariaLabel, testId, placeholder, title, className }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      type="number"
      className={`num-input${className ? ` ${className}` : ''}`}
      aria-label={ariaLabel}
      data-testid={testId}
      placeholder={placeholder}
      title={title}
      step="any"
      value={draft ?? (value === null ? '' : String(value))}
      onChange={(e) => {
        setDraft(e.target.value);
        const text = e.target.value.trim();
        if (text === '') onCommit(null);
        else {
          const n = parseUserNumber(text);
          if (n !== null) onCommit(n);
        }
      }}
      onBlur={() => setDraft(null)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
      }}
    />
  );
}
