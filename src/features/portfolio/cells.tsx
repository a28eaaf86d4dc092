import type { ICellRendererParams } from 'ag-grid-community';
import { appStore } from '../../state/store.ts';
import { isTotals, type GridRow } from './columns.ts';

/** What-if tag: one click includes or excludes the hypothetical trade from every figure. */
export function WhatIfCell({ data }: ICellRendererParams<GridRow>) {
  if (!data || isTotals(data) || !data.whatIf) return null;
  const on = !data.excluded;
  return (
    <button
      type="button"
      className={`wi-tag${on ? ' is-on' : ' is-off'}`}
      data-testid="whatif-toggle"
      aria-pressed={on}
      title={
        on
          ? 'Hypothetical trade, included in every figure. Click to exclude it.'
          : 'Hypothetical trade, excluded from every figure. Click to include it.'
      }
      onClick={() => appStore.getState().setExcluded(data.id, on)}
    >
      {on ? 'WI' : 'off'}
    </button>
  );
}

/**
 * Why a row has no figures (no market data, unknown instrument, expired and settled, what-if switched off), across
 * the figure columns.
 */
export function ReasonCell({ data }: ICellRendererParams<GridRow>) {
  if (!data || isTotals(data)) return null;
  const tone = data.status === 'unpriced' ? ' warn-text' : data.status === 'settled' ? ' settled-text' : ' muted';
  return (
    <span className={`reason-cell${tone}`} title={data.message ?? ''} data-testid="unpriced-reason" data-status={data.status}>
      {data.status === 'unpriced' ? `Unpriced: ${data.message ?? 'no reason given'}` : data.message}
    </span>
  );
}

/**
 * Instrument name with a marker: `!` the engine could not price it, `exp` it expired before the valuation time
 * (settled), `≈` its expiry is not listed in the market (value interpolated).
 */
export function InstrumentCell({ data, value }: ICellRendererParams<GridRow>) {
  if (!data || isTotals(data)) return <span className="totals-label">{String(value ?? '')}</span>;
  return (
    <span className="inst-cell" title={[data.instrument, data.message ?? data.note].filter(Boolean).join(': ')}>
      {data.status === 'unpriced' ? (
        <span className="badge badge-warn" aria-label="unpriced">
          !
        </span>
      ) : null}
      {data.status === 'settled' ? (
        <span className="badge badge-settled" aria-label="expired, settled" data-testid="row-flag" data-flag="settled">
          exp
        </span>
      ) : null}
      {data.status === 'priced' && data.note ? (
        <span className="badge badge-interp" aria-label={data.note} data-testid="row-flag" data-flag="interpolated" title={data.note}>
          ≈
        </span>
      ) : null}
      <span className="inst-name">{data.instrument}</span>
    </span>
  );
}

/** Row actions: commit a what-if into the real book, delete the row. */
export function ActionsCell({ data }: ICellRendererParams<GridRow>) {
  if (!data || isTotals(data)) return null;
  const s = appStore.getState();
  return (
    <span className="row-actions">
      {data.whatIf ? (
        <button
          type="button"
          className="icon-btn"
          title="Commit: make this hypothetical trade a real position"
          aria-label="commit what-if"
          onClick={() => s.setWhatIf(data.id, false)}
        >
          ✓
        </button>
      ) : null}
      <button
        type="button"
        className="icon-btn danger"
        data-testid="delete-position"
        title="Delete this position (undo with Ctrl+Z)"
        aria-label={`delete ${data.instrument}`}
        onClick={() => s.deletePosition(data.id)}
      >
        ✕
      </button>
    </span>
  );
}
