import { NumberField } from '../../components/NumberField.tsx';
import { clampToSlider, type SliderSpec } from './scenarioModel.ts';

interface ShockControlProps {
  readonly label: string;
  readonly unit: string;
  readonly value: number;
  readonly onChange: (value: number) => void;
  readonly slider: SliderSpec;
  readonly testId: string;
  readonly hint?: string | null;
  readonly title: string;
  readonly min?: number;
}

/** One what-if input: a slider for dragging and a number field for exact values, kept in sync through the store. */
export function ShockControl({ label, unit, value, onChange, slider, testId, hint, title, min }: ShockControlProps) {
  return (
    <div className="shock" title={title}>
      <label className="shock-label" htmlFor={testId}>
        {label}
      </label>
      <input
        type="range"
        className={`shock-slider${value !== 0 ? ' is-active' : ''}`}
        aria-label={`${label} slider (${unit})`}
        min={slider.min}
        max={slider.max}
        step={slider.step}
        value={clampToSlider(value, slider)}
        onChange={(e) => onChange(Number(e.target.value))}
        onDoubleClick={() => onChange(0)}
      />
      <div className="shock-field">
        <NumberField
          value={value}
          onCommit={onChange}
          testId={testId}
          ariaLabel={`${label} (${unit})`}
          step={slider.step}
          min={min}
          digits={2}
        />
        <span className="unit">{unit}</span>
      </div>
      {hint ? <div className="shock-hint num">{hint}</div> : null}
    </div>
  );
}
