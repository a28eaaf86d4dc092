import { useState } from 'react';
import { formatNumber, parseUserNumber } from '../lib/format.ts';

interface NumberFieldProps {
  readonly value: number;
  /** Called on every valid keystroke (figures follow while typing) and never with a partial entry like "-". */
  readonly onCommit: (value: number) => void;
  readonly testId?: string;
  readonly ariaLabel: string;
  readonly step?: number;
  readonly min?: number;
  readonly max?: number;
  readonly digits?: number;
  readonly className?: string;
  readonly title?: string;
}

/**
 * `<input type="number">` that applies on input and tidies up on blur. While focused it shows what the user typed
 * (so "-" or "1." survive a re-render); otherwise it shows the store's value.
 */
export function NumberField({ value, onCommit, testId, ariaLabel, step, min, max, digits = 2, className, title }: NumberFieldProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? trimZeros(formatNumber(value, digits).replace(/,/g, '').replace('\u2212', '-'));
  return (
    <input
      type="number"
      className={`num-input${className ? ` ${className}` : ''}`}
      data-testid={testId}
      aria-label={ariaLabel}
      title={title}
      step={step ?? 'any'}
      min={min}
      max={max}
      value={shown}
      onChange={(e) => {
        setDraft(e.target.value);
        const n = parseUserNumber(e.target.value);
        if (n !== null) onCommit(n);
      }}
      onBlur={(e) => {
        const n = parseUserNumber(e.target.value);
        if (n !== null && n !== value) onCommit(n);
        setDraft(null);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
      }}
    />
  );
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
