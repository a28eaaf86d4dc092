import { useMemo, useState, type FormEvent } from 'react';
import { useAppStore } from '../../state/hooks.ts';
import { EMPTY_DRAFT, checkDraft, marketContext, suggestInstruments, unitsFor, type AddPositionDraft } from './addPositionModel.ts';

/**
 * Add a position: instrument picker that autocompletes from the market's instruments (a datalist filtered as you
 * type), quantity, unit, optional entry price; added as a what-if trade unless unticked.
 */
export function AddPositionForm() {
  const instruments = useAppStore((s) => s.marketInstruments);
  const addPosition = useAppStore((s) => s.addPosition);
  const [draft, setDraft] = useState<AddPositionDraft>(EMPTY_DRAFT);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const valuationTime = useAppStore((s) => s.market?.valuationTime ?? null);
  const context = useMemo(() => marketContext(instruments, valuationTime), [instruments, valuationTime]);
  const suggestions = useMemo(() => suggestInstruments(instruments, draft.instrument), [instruments, draft.instrument]);
  const units = useMemo(() => unitsFor(draft.instrument), [draft.instrument]);

  const update = (patch: Partial<AddPositionDraft>) => {
    setDraft((d) => {
      const next = { ...d, ...patch };
      // A unit that no longer applies to the new instrument falls back to coin.
      return unitsFor(next.instrument).includes(next.unit) ? next : { ...next, unit: 'coin' };
    });
    setError(null);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const check = checkDraft(draft, context);
    if (!check.ok) {
      setError(check.error);
      return;
    }
    addPosition(check.input);
    setNote(check.warning ?? `Added ${check.input.instrument}${check.input.whatIf ? ' as a what-if' : ''}`);
    setDraft({ ...EMPTY_DRAFT, whatIf: draft.whatIf });
  };

  return (
    <form className="add-form" onSubmit={submit} aria-label="Add a position">
      <input
        className="text-input inst-input"
        data-testid="add-instrument"
        list="market-instruments"
        placeholder={instruments.length > 0 ? `Instrument (${instruments.length} in market)` : 'Instrument, e.g. BTC-25SEP26-90000-C'}
        value={draft.instrument}
        onChange={(e) => update({ instrument: e.target.value })}
        aria-label="Instrument"
        autoComplete="off"
        spellCheck={false}
      />
      <datalist id="market-instruments">
        {suggestions.map((i) => (
          <option key={i.name} value={i.name} label={i.kind} />
        ))}
      </datalist>
      <input
        className="text-input num qty-input"
        data-testid="add-quantity"
        placeholder="Qty (− short)"
        value={draft.quantity}
        onChange={(e) => update({ quantity: e.target.value })}
        aria-label="Quantity"
        inputMode="decimal"
      />
      <select
        className="select"
        value={draft.unit}
        onChange={(e) => update({ unit: e.target.value as AddPositionDraft['unit'] })}
        aria-label="Unit"
        title="Unit of the quantity"
      >
        {units.map((u) => (
          <option key={u} value={u}>
            {u}
          </option>
        ))}
      </select>
      <input
        className="text-input num price-input"
        placeholder="Entry (opt.)"
        value={draft.entryPrice}
        onChange={(e) => update({ entryPrice: e.target.value })}
        aria-label="Entry price"
        inputMode="decimal"
        title="Entry price in the quote currency (coin for inverse options, USD otherwise); optional"
      />
      <label className="check" title="Hypothetical trade: marked in the grid and excludable with one click">
        <input type="checkbox" checked={draft.whatIf} onChange={(e) => update({ whatIf: e.target.checked })} /> what-if
      </label>
      <button type="submit" className="btn btn-primary" data-testid="add-position">
        Add
      </button>
      {error ? (
        <span className="form-msg error-text" role="alert" title={error}>
          {error}
        </span>
      ) : note ? (
        <span className="form-msg muted" title={note} data-testid="add-note">
          {note}
        </span>
      ) : null}
    </form>
  );
}
