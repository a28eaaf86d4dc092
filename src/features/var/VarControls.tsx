import { NumberField } from '../../components/NumberField.tsx';
import type { GpuAdapterSummary } from '../../gpu/gpuBackend.ts';
import {
  BACKEND_OPTIONS,
  LIMITS,
  METHOD_OPTIONS,
  isHistorical,
  isMonteCarlo,
  overlappingAllowed,
  type McBackendChoice,
  type VarMethodChoice,
  type VarSettings,
} from './varModel.ts';

interface Props {
  /** What the user typed (shown in the fields). */
  readonly settings: VarSettings;
  /** What is computed (clamped): decides which options apply. */
  readonly effective: VarSettings;
  readonly maxWorkers: number;
  readonly onChange: (patch: Partial<VarSettings>) => void;
  /** The WebGPU adapter (null: none, undefined: still asking). */
  readonly gpu?: GpuAdapterSummary | null;
}

const CONFIDENCE_PRESETS = [95, 97.5, 99, 99.9];

/** Method, confidence, horizon, window, DVOL and the Monte Carlo settings. */
export function VarControls({ settings, effective, maxWorkers, onChange, gpu }: Props) {
  const mc = isMonteCarlo(effective.method);
  const hist = isHistorical(effective.method);
  const overlapOk = overlappingAllowed(effective);
  return (
    <div className="var-controls" role="group" aria-label="VaR settings">
      <label className="var-field">
        <span className="var-field-label">Method</span>
        <select
          className="select"
          data-testid="var-method"
          value={settings.method}
          onChange={(e) => onChange({ method: e.target.value as VarMethodChoice })}
          title={METHOD_OPTIONS.find((m) => m.value === settings.method)?.hint}
        >
          {METHOD_OPTIONS.map((m) => (
            <option key={m.value} value={m.value} title={m.hint}>
              {m.label}
            </option>
          ))}
        </select>
      </label>

      <div className="var-field">
        <span className="var-field-label">Confidence %</span>
        <div className="var-field-row">
          <NumberField
            value={settings.confidencePct}
            onCommit={(v) => onChange({ confidencePct: v })}
            testId="var-confidence"
            ariaLabel="VaR confidence (%)"
            min={LIMITS.confidencePct.min}
            max={LIMITS.confidencePct.max}
            step={0.1}
            digits={2}
            title="90 – 99.9 %; ES is at the same confidence"
          />
          <span className="var-presets">
            {CONFIDENCE_PRESETS.map((c) => (
              <button
                key={c}
                type="button"
                className={`var-preset${effective.confidencePct === c ? ' is-on' : ''}`}
                onClick={() => onChange({ confidencePct: c })}
                data-testid={`var-confidence-${c}`}
              >
                {c}
              </button>
            ))}
          </span>
        </div>
      </div>

      <div className="var-field">
        <span className="var-field-label">Horizon days</span>
        <div className="var-field-row">
          <NumberField
            value={settings.horizonDays}
            onCommit={(v) => onChange({ horizonDays: v })}
            testId="var-horizon"
            ariaLabel="VaR horizon (days)"
            min={LIMITS.horizonDays.min}
            max={LIMITS.horizonDays.max}
            step={1}
            digits={0}
            title="1 – 10 calendar days (crypto trades every day)"
          />
          <select
            className="select"
            data-testid="var-horizon-rule"
            value={overlapOk && settings.overlapping ? 'overlapping' : 'sqrt'}
            disabled={!overlapOk}
            onChange={(e) => onChange({ overlapping: e.target.value === 'overlapping' })}
            title={
              effective.method === 'filtered'
                ? 'Filtered HS rescales daily returns: √h scaling only'
                : effective.horizonDays === 1
                  ? 'One day: no scaling'
                  : 'How a 1-day distribution becomes an h-day one'
            }
            aria-label="Horizon rule"
          >
            <option value="sqrt">√h scaling</option>
            <option value="overlapping">overlapping h-day</option>
          </select>
        </div>
      </div>

      <label className="var-field">
        <span className="var-field-label">Window returns</span>
        <NumberField
          value={settings.window}
          onCommit={(v) => onChange({ window: v })}
          testId="var-window"
          ariaLabel="Look-back window (returns)"
          min={LIMITS.window.min}
          max={LIMITS.window.max}
          step={1}
          digits={0}
          title="Daily returns in the look-back window, ending at the last date of the bundled history (default 365)"
        />
      </label>

      <label
        className={`var-check${hist ? '' : ' is-disabled'}`}
        title={
          hist
            ? 'Apply each day’s relative DVOL change to every option’s vol (where Deribit DVOL history exists: BTC from 2022-11, ETH from 2023-01); spot-only elsewhere'
            : 'Historical methods only'
        }
      >
        <input
          type="checkbox"
          data-testid="var-dvol"
          checked={settings.volFromDvol}
          disabled={!hist}
          onChange={(e) => onChange({ volFromDvol: e.target.checked })}
        />
        DVOL vols
      </label>

      {mc ? (
        <>
          <span className="var-sep" />
          <label className="var-field">
            <span className="var-field-label">Paths</span>
            <NumberField
              value={settings.paths}
              onCommit={(v) => onChange({ paths: v })}
              testId="var-paths"
              ariaLabel="Monte Carlo paths"
              min={LIMITS.paths.min}
              max={LIMITS.paths.max}
              step={1000}
              digits={0}
              className="wide"
              title="100 – 2,000,000 paths, full revaluation each"
            />
          </label>
          <label className="var-field">
            <span className="var-field-label">Seed</span>
            <NumberField
              value={settings.seed}
              onCommit={(v) => onChange({ seed: v })}
              testId="var-seed"
              ariaLabel="Monte Carlo seed"
              step={1}
              digits={0}
              title="Same seed, same paths: runs are reproducible. Any whole number, negative ones included, is a seed of its own"
            />
          </label>
          {effective.method === 'mc-student-t' ? (
            <label className="var-field">
              <span className="var-field-label">
                Student-t <span className="no-caps">ν</span>
              </span>
              <NumberField
                value={settings.dof}
                onCommit={(v) => onChange({ dof: v })}
                testId="var-dof"
                ariaLabel="Student-t degrees of freedom"
                min={LIMITS.dof.min}
                max={LIMITS.dof.max}
                step={0.5}
                digits={1}
                title="Degrees of freedom > 2 (daily crypto returns fit 3 – 5); the draws are scaled to the same covariance"
              />
            </label>
          ) : null}
          <label className="var-field">
            <span className="var-field-label">Workers</span>
            <select
              className="select"
              data-testid="var-workers"
              value={effective.workers}
              onChange={(e) => onChange({ workers: Number(e.target.value) })}
              title={`Monte Carlo worker pool size (this machine offers ${maxWorkers})`}
            >
              {Array.from({ length: maxWorkers }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <BackendField value={settings.backend ?? 'auto'} gpu={gpu} onChange={(backend) => onChange({ backend })} />
        </>
      ) : null}
    </div>
  );
}

/** Where the paths run: auto (WebGPU when an adapter exists), WebGPU, or the CPU workers. */
function BackendField({
  value,
  gpu,
  onChange,
}: {
  value: McBackendChoice;
  gpu: GpuAdapterSummary | null | undefined;
  onChange: (b: McBackendChoice) => void;
}) {
  const none = gpu === null;
  const autoLabel = gpu === undefined ? 'Auto' : gpu ? 'Auto (WebGPU)' : 'Auto (CPU)';
  const gpuTitle = gpu
    ? `WebGPU adapter: ${gpu.label}${gpu.description ? ` — ${gpu.description}` : ''}`
    : none
      ? 'This browser offers no WebGPU adapter'
      : 'Looking for a WebGPU adapter…';
  return (
    <label className="var-field">
      <span className="var-field-label">Backend</span>
      <select
        className="select"
        data-testid="var-backend"
        data-gpu={gpu ? 'available' : none ? 'none' : 'unknown'}
        value={value}
        onChange={(e) => onChange(e.target.value as McBackendChoice)}
        title={`${BACKEND_OPTIONS.find((o) => o.value === value)?.hint ?? ''}. ${gpuTitle}`}
      >
        {BACKEND_OPTIONS.map((o) => (
          <option
            key={o.value}
            value={o.value}
            disabled={o.value === 'webgpu' && none}
            title={o.value === 'webgpu' && none ? gpuTitle : o.hint}
          >
            {o.value === 'auto' ? autoLabel : o.value === 'webgpu' && none ? 'WebGPU (no adapter)' : o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
