import type { ReactNode } from 'react';

export type Tone = 'pos' | 'neg' | 'flat' | 'plain';

interface MetricProps {
  /** `metric-<name>` hook; `data-value` carries the unrounded number for tests and copy-paste. */
  readonly testId: string;
  readonly value: number | null | undefined;
  readonly format: (x: number) => string;
  readonly tone?: Tone;
  readonly title?: string;
  readonly className?: string;
  readonly suffix?: ReactNode;
}

/** A displayed figure: rounded for the eye, exact in `data-value`. */
export function Metric({ testId, value, format, tone = 'plain', title, className, suffix }: MetricProps) {
  const has = typeof value === 'number' && Number.isFinite(value);
  return (
    <span
      className={`num metric tone-${tone}${className ? ` ${className}` : ''}`}
      data-testid={testId}
      {...(has ? { 'data-value': String(value) } : {})}
      title={title}
    >
      {has ? format(value) : '\u2014'}
      {suffix}
    </span>
  );
}
