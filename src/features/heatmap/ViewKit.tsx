/**
 * Small controls shared by the risk views (heatmap, ladders, payoff, surface): the toolbar pieces, the query status
 * line and the colour legend. Presentational only; state lives in each view.
 */
import { useState, type ReactNode } from 'react';
import { NumberField } from '../../components/NumberField.tsx';
import type { AxisSpec } from './viewMath.ts';
import './views.css';

export function ViewToolbar({ children }: { readonly children: ReactNode }) {
  return <div className="view-toolbar">{children}</div>;
}

export function ToolbarGroup({
  label,
  children,
  title,
}: {
  readonly label: string;
  readonly children: ReactNode;
  readonly title?: string;
}) {
  return (
    <div className="tb-group" title={title}>
      <span className="tb-label">{label}</span>
      {children}
    </div>
  );
}

/** Underlying picker; 'ALL' (every underlying moving together) when `allowAll`. */
export function TargetSelect(props: {
  readonly value: string | null;
  readonly options: readonly string[];
  readonly allowAll?: boolean;
  readonly onChange: (target: string) => void;
  readonly testId: string;
  readonly label?: string;
}) {
  const { value, options, allowAll, onChange, testId, label = 'Underlying' } = props;
  return (
    <select
      className="select"
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value)}
      data-testid={testId}
      aria-label={label}
      disabled={options.length === 0}
    >
      {options.map((u) => (
        <option key={u} value={u}>
          {u}
        </option>
      ))}
      {allowAll && options.length > 1 ? <option value="ALL">All together</option> : null}
    </select>
  );
}

/** From / to / step inputs of one axis. */
export function AxisInputs(props: {
  readonly spec: AxisSpec;
  readonly onChange: (spec: AxisSpec) => void;
  readonly name: string;
  readonly unit: string;
  readonly testId: string;
}) {
  const { spec, onChange, name, unit, testId } = props;
  return (
    <span className="axis-inputs">
      <NumberField
        value={spec.from}
        onCommit={(from) => onChange({ ...spec, from })}
        ariaLabel={`${name} from (${unit})`}
        testId={`${testId}-from`}
        className="axis-num"
      />
      <span className="muted">to</span>
      <NumberField
        value={spec.to}
        onCommit={(to) => onChange({ ...spec, to })}
        ariaLabel={`${name} to (${unit})`}
        testId={`${testId}-to`}
        className="axis-num"
      />
      <span className="muted">step</span>
      <NumberField
        value={spec.step}
        onCommit={(step) => onChange({ ...spec, step })}
        ariaLabel={`${name} step (${unit})`}
        testId={`${testId}-step`}
        className="axis-num"
        min={0}
      />
      <span className="unit">{unit}</span>
    </span>
  );
}

/** A text field applied on Enter or blur (lists like "0, 1, 7"), so a half-typed list never fires a request. */
export function CommitText(props: {
  readonly value: string;
  readonly onCommit: (text: string) => void;
  readonly ariaLabel: string;
  readonly testId: string;
  readonly width?: number;
  readonly invalid?: boolean;
}) {
  const { value, onCommit, ariaLabel, testId, width = 150, invalid } = props;
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      className={`text-input${invalid ? ' is-invalid' : ''}`}
      style={{ width }}
      value={draft ?? value}
      aria-label={ariaLabel}
      data-testid={testId}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => {
        if (draft !== null && draft !== value) onCommit(draft);
        setDraft(null);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        if (e.key === 'Escape') {
          setDraft(null);
          (e.target as HTMLInputElement).blur();
        }
      }}
    />
  );
}

/** "updating…" while the figures lag the inputs; the worker's compute time and the round trip otherwise. */
export function QueryStatus(props: {
  readonly status: 'idle' | 'running' | 'done' | 'error';
  readonly computeMs: number | null | undefined;
  readonly roundTripMs: number | null;
  readonly testId: string;
}) {
  const { status, computeMs, roundTripMs, testId } = props;
  return (
    <span
      className={`query-status is-${status}`}
      data-testid={testId}
      data-status={status}
      {...(computeMs != null ? { 'data-compute-ms': String(computeMs) } : {})}
      title="Worker compute time / request-to-result time of the figures shown"
    >
      {status === 'running' ? <span className="status-dot status-running" /> : null}
      {status === 'running'
        ? 'updating…'
        : status === 'error'
          ? 'failed'
          : computeMs != null
            ? `${computeMs.toFixed(1)} ms in the worker${roundTripMs !== null ? ` · ${roundTripMs.toFixed(0)} ms round trip` : ''}`
            : ''}
    </span>
  );
}

/** The diverging scale: negative colour ← 0 → positive colour, with the end values. */
export function ColourLegend(props: {
  readonly maxAbs: number;
  readonly format: (x: number) => string;
  readonly palette: 'pnl' | 'greek';
  readonly negLabel?: string;
  readonly posLabel?: string;
}) {
  const { maxAbs, format, palette, negLabel = 'loss', posLabel = 'gain' } = props;
  return (
    <span className="colour-legend" title="Colour intensity is |value| relative to the largest |value| on the grid">
      <span className="num">{format(-maxAbs)}</span>
      <span className={`legend-bar legend-${palette}`} aria-hidden="true" />
      <span className="num">{format(maxAbs)}</span>
      <span className="muted small">
        {negLabel} · 0 · {posLabel}
      </span>
    </span>
  );
}

export function ViewMessage({ children, testId }: { readonly children: ReactNode; readonly testId?: string }) {
  return (
    <div className="view-message" data-testid={testId}>
      {children}
    </div>
  );
}
