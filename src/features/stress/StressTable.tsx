import { formatNumber, formatUsd } from '../../lib/format.ts';
import { pnlTone } from '../summary/summaryModel.ts';
import type { StressRow } from './stressModel.ts';

interface Props {
  readonly rows: readonly StressRow[];
  readonly underlyings: readonly string[];
  readonly selected: string | null;
  readonly onSelect: (id: string) => void;
  readonly onEdit: (id: string) => void;
  readonly onCopy: (id: string) => void;
  readonly onDelete: (id: string) => void;
}

const pct = (x: number) => (x === 0 ? '0' : formatNumber(x, Number.isInteger(Math.round(x * 10) / 10) ? 0 : 1, { signed: true }));

/** The scenario library and the custom scenarios, one row each, with the book's P&L. Click a row to inspect it. */
export function StressTable({ rows, underlyings, selected, onSelect, onEdit, onCopy, onDelete }: Props) {
  return (
    <table className="an-table stress-table" data-testid="stress-table">
      <thead>
        <tr>
          <th className="left" title="Named historical events (METHODOLOGY §6) and your own scenarios. Click a row for its breakdown.">
            Scenario
          </th>
          {underlyings.map((ul) => (
            <th key={ul} title={`Move of the ${ul} index, perpetual and forwards (others than BTC at their own move or beta × BTC’s)`}>
              {ul} <span className="unit">%</span>
            </th>
          ))}
          <th title="Front-end implied-vol shift at 30 days, scaled by (30/DTE)^p for each expiry">
            Vol <span className="unit">pts @30d</span>
          </th>
          <th title="Share of every futures basis (forward − index) that disappears">
            Basis <span className="unit">% lost</span>
          </th>
          <th title="Full revaluation of the book in the scenario, USD: market moves + basis collapse + venue default">
            P&amp;L <span className="unit">USD</span>
          </th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={r.id}
            className={`is-clickable${r.id === selected ? ' is-selected' : ''}`}
            onClick={() => onSelect(r.id)}
            data-testid="stress-row"
            data-id={r.id}
            data-pnl={r.pnlUsd}
            aria-selected={r.id === selected}
          >
            <td className="name-cell" title={r.description || r.name}>
              <span className="sc-name">{r.name}</span>
              {r.custom ? <span className="an-tag an-tag-custom">CUSTOM</span> : null}
              {r.venueDefault || r.days > 0 ? (
                <span className="sc-extra">
                  {[
                    r.venueDefault ? `${r.venueDefault} defaults` : null,
                    r.days > 0 ? `+${formatNumber(r.days, Number.isInteger(r.days) ? 0 : 1)} d` : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              ) : null}
            </td>
            {underlyings.map((ul) => (
              <td key={ul} className={`num tone-${pnlTone(r.movesPct[ul])}`}>
                {pct(r.movesPct[ul] ?? 0)}
              </td>
            ))}
            <td className="num">{pct(r.volPts)}</td>
            <td className="num">{formatNumber(r.basisPct, 0)}</td>
            <td className={`num pnl-cell tone-${pnlTone(r.pnlUsd)}`}>{formatUsd(r.pnlUsd, { digits: 0, signed: true })}</td>
            <td onClick={(e) => e.stopPropagation()}>
              <span className="row-actions">
                {r.custom ? (
                  <>
                    <button
                      type="button"
                      className="icon-btn"
                      title="Edit this scenario"
                      aria-label={`Edit ${r.name}`}
                      data-testid="stress-edit"
                      onClick={() => onEdit(r.id)}
                    >
                      edit
                    </button>
                    <button
                      type="button"
                      className="icon-btn danger"
                      title="Delete this scenario"
                      aria-label={`Delete ${r.name}`}
                      data-testid="stress-delete"
                      onClick={() => onDelete(r.id)}
                    >
                      delete
                    </button>
                  </>
                ) : (
                  <button
                    type="button"
                    className="icon-btn"
                    title="Copy into a custom scenario to edit"
                    aria-label={`Copy ${r.name}`}
                    onClick={() => onCopy(r.id)}
                  >
                    copy
                  </button>
                )}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
