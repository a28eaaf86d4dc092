import { useState, type ReactNode } from 'react';
import { NumberField } from '../../components/NumberField.tsx';
import { formatNumber } from '../../lib/format.ts';
import { OptionalNumberField } from '../margin/OptionalNumberField.tsx';
import { formErrors, type StressForm } from './stressModel.ts';

interface Props {
  readonly initial: StressForm;
  readonly underlyings: readonly string[];
  readonly venues: readonly string[];
  readonly isNew: boolean;
  readonly onSave: (form: StressForm) => void;
  readonly onCancel: () => void;
  /** Every edit, so the view can price the draft (preview). */
  readonly onDraft: (form: StressForm) => void;
  /** P&L of the draft as it stands (null while computing or invalid). */
  readonly preview: ReactNode;
}

/** Custom scenario builder: the engine's scenario fields in typed units. Saved with the session. */
export function StressBuilder({ initial, underlyings, venues, isNew, onSave, onCancel, onDraft, preview }: Props) {
  const [f, setF] = useState<StressForm>(initial);
  const set = (patch: Partial<StressForm>) => {
    const next = { ...f, ...patch };
    setF(next);
    onDraft(next);
  };
  const errors = formErrors(f);
  const others = underlyings.filter((ul) => ul !== 'BTC');
  return (
    <div className="an-section-body stress-builder" data-testid="stress-builder">
      <div className="an-form">
        <label className="an-field wide">
          <span>Name</span>
          <input className="text-input" data-testid="stress-name" value={f.name} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label className="an-field wide">
          <span>Note</span>
          <input
            className="text-input"
            placeholder="optional"
            value={f.description}
            onChange={(e) => set({ description: e.target.value })}
          />
        </label>
        <label className="an-field" title="The reference move: BTC’s index, perpetual and forwards move by this much">
          <span>
            BTC move <span className="unit">%</span>
          </span>
          <NumberField value={f.refMovePct} onCommit={(v) => set({ refMovePct: v })} ariaLabel="BTC move (%)" testId="stress-move-BTC" />
        </label>
        <label
          className="an-field"
          title="Other underlyings without their own move: beta × BTC’s move (presets use 1.3, crypto crashes 1.2–1.5)"
        >
          <span>
            Beta to BTC <span className="unit">others</span>
          </span>
          <NumberField value={f.defaultBeta} onCommit={(v) => set({ defaultBeta: v })} ariaLabel="Beta to BTC" testId="stress-beta" />
        </label>
        {others.map((ul) => (
          <label key={ul} className="an-field" title={`${ul}’s own move; leave blank for beta × BTC’s move`}>
            <span>
              {ul} move <span className="unit">% (blank = β)</span>
            </span>
            <OptionalNumberField
              ariaLabel={`${ul} move (%)`}
              testId={`stress-move-${ul}`}
              value={f.movesPct[ul] ?? null}
              placeholder={formatNumber(Math.max(f.defaultBeta * f.refMovePct, -99), 1).replace('\u2212', '-')}
              onCommit={(v) => set({ movesPct: { ...f.movesPct, [ul]: v } })}
            />
          </label>
        ))}
        <label className="an-field" title="Implied-vol shift at 30 days to expiry, in vol points (40 = +40 points)">
          <span>
            Vol shift <span className="unit">pts @30d</span>
          </span>
          <NumberField value={f.volPts} onCommit={(v) => set({ volPts: v })} ariaLabel="Vol shift (vol points)" testId="stress-vol" />
        </label>
        <label
          className="an-field"
          title="Each expiry’s shift is vol × (30/DTE)^p: p = 0 parallel; 0.3 (the PME’s short-term power) hits the front end harder"
        >
          <span>
            Term decay <span className="unit">p</span>
          </span>
          <NumberField
            value={f.termPower}
            onCommit={(v) => set({ termPower: v })}
            ariaLabel="Term decay power p"
            testId="stress-term"
            step={0.05}
          />
        </label>
        <label
          className="an-field"
          title="Share of every futures basis (forward − index) that disappears; options are repriced on the new forwards"
        >
          <span>
            Basis collapse <span className="unit">%</span>
          </span>
          <NumberField
            value={f.basisPct}
            onCommit={(v) => set({ basisPct: v })}
            ariaLabel="Basis collapse (%)"
            testId="stress-basis"
            min={0}
            max={100}
          />
        </label>
        <label className="an-field" title="Valuation time moved forward (0 = an instantaneous shock)">
          <span>
            Days forward <span className="unit">d</span>
          </span>
          <NumberField value={f.days} onCommit={(v) => set({ days: v })} ariaLabel="Days forward" testId="stress-days" min={0} />
        </label>
        <label className="an-field wide" title="Everything held at this venue is lost (counterparty failure, as FTX in Nov 2022)">
          <span>Venue default</span>
          <select
            className="select"
            data-testid="stress-venue"
            value={f.venueDefault ?? ''}
            onChange={(e) => set({ venueDefault: e.target.value === '' ? null : e.target.value })}
          >
            <option value="">none</option>
            {venues.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
      </div>
      {errors.length > 0 ? (
        <ul className="an-list an-error" data-testid="stress-errors">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
      <div className="stress-preview">{preview}</div>
      <div className="an-actions">
        <button
          type="button"
          className="btn btn-primary btn-small"
          data-testid="stress-save"
          disabled={errors.length > 0}
          onClick={() => onSave(f)}
        >
          {isNew ? 'Add scenario' : 'Save changes'}
        </button>
        <button type="button" className="btn btn-small" data-testid="stress-cancel" onClick={onCancel}>
          Cancel
        </button>
        <span className="an-note">Saved with the session; computed on the current book.</span>
      </div>
    </div>
  );
}
