import { formatNumber } from '../../lib/format.ts';
import { describeWorst, formatCcy, type MatrixCell, type RiskMatrixModel } from './marginModel.ts';

const pct = (m: number) => `${formatNumber(m, Number.isInteger(m) ? 0 : 1, { signed: true })}%`;

function Cell({ c, ccy }: { readonly c: MatrixCell; readonly ccy: string }) {
  return (
    <div
      className={`pme-cell${c.worst ? ' is-worst' : ''}`}
      style={{ background: c.background }}
      title={c.tooltip}
      data-testid="pme-cell"
      data-table={c.table}
      data-row={c.row}
      data-col={c.col}
      data-move={c.movePct}
      data-vol={c.vol}
      data-value={c.value}
      data-worst={c.worst ? 'true' : undefined}
    >
      <span className="num">{formatCcy(c.value, ccy)}</span>
      {c.rawGain !== null ? <span className="pme-raw num">gain {formatCcy(c.rawGain, ccy)}</span> : null}
      {c.worst ? <span className="pme-worst-tag">WORST</span> : null}
    </div>
  );
}

/**
 * The risk matrix of one settlement currency as a heatmap: the standard table (vol up / same / down × price moves)
 * and the extended table (vol up, large moves), aggregated P&L in the currency after pnl_offset (and the dampener
 * on the extended row); losses red, gains green; the worst scenario outlined and labelled.
 */
export function RiskMatrix({ m }: { readonly m: RiskMatrixModel }) {
  const cols = `78px repeat(${m.columnsPct.length}, minmax(0, 1fr))`;
  const extCols = `78px repeat(${m.extendedColumnsPct.length}, minmax(0, 1fr))`;
  return (
    <div className="pme-matrix" data-testid={`risk-matrix-${m.ccy}`}>
      <div className="pme-grid" style={{ gridTemplateColumns: cols }} role="group" aria-label={`${m.ccy} standard risk matrix`}>
        <div className="pme-corner">Vol \ spot</div>
        {m.columnsPct.map((p) => (
          <div key={p} className="pme-colhead">
            {pct(p)}
          </div>
        ))}
        {m.rows.map((r) => [
          <div
            key={`h-${r.vol}`}
            className="pme-rowhead"
            title={
              r.vol === 'up'
                ? 'Each option’s vol × (1 + range_up·(30/DTE)^p), floored'
                : r.vol === 'down'
                  ? 'Each option’s vol × (1 − range_down·(30/DTE)^p)'
                  : 'Vols unchanged'
            }
          >
            vol {r.vol}
          </div>,
          ...r.cells.map((c) => <Cell key={`${r.vol}-${c.col}`} c={c} ccy={m.ccy} />),
        ])}
      </div>
      <div className="pme-ext-label">
        Extended table <span className="muted">(vol up; P&amp;L scaled by price_range/|m| and dampened)</span>
      </div>
      <div className="pme-grid" style={{ gridTemplateColumns: extCols }} role="group" aria-label={`${m.ccy} extended risk matrix`}>
        <div className="pme-corner">Spot</div>
        {m.extendedColumnsPct.map((p) => (
          <div key={p} className="pme-colhead">
            {pct(p)}
          </div>
        ))}
        <div className="pme-rowhead">vol up</div>
        {m.extended.map((c) => (
          <Cell key={`x-${c.col}`} c={c} ccy={m.ccy} />
        ))}
      </div>
      <div className="pme-legend">
        <span className="pme-swatch neg" /> loss <span className="pme-swatch pos" /> gain, credited only at pnl_offset ({m.pnlOffset}; the
        gain before it in small print) · {m.ccy}
        <span className="pme-worst-text" data-testid={`pme-worst-${m.ccy}`}>
          {m.worst ? `Worst scenario: ${describeWorst(m.worst)}` : 'No scenario loses: worst case 0'}
        </span>
      </div>
    </div>
  );
}
