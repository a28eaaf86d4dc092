/** Policies compared across every historical window: final P&L hedged vs unhedged, cost, trades, residual risk. */
import { formatNumber, formatUsd } from '../../lib/format.ts';
import type { SummaryRow } from './simulationModel.ts';

interface Props {
  readonly rows: readonly SummaryRow[];
  readonly windows: number;
  readonly windowDays: number;
}

const usd = (x: number) => formatUsd(x, { digits: 0 });

export function ComparisonTable({ rows, windows, windowDays }: Props) {
  return (
    <section className="hedge-card" aria-label="Policy comparison">
      <header className="hedge-card-head">
        <h3>
          Policies across {formatNumber(windows, 0)} windows of {windowDays} days
        </h3>
        <span className="hedge-sub">green bar: the policy with the lowest dispersion of hedged P&amp;L</span>
      </header>
      <table className="hedge-table" data-testid="hedge-sim-table">
        <thead>
          <tr>
            <th className="left">Policy</th>
            <th title="Mean final P&L of the hedged book, after hedge costs">
              Hedged mean<span className="unit">USD</span>
            </th>
            <th title="Standard deviation of the final hedged P&L across windows">
              Hedged std<span className="unit">USD</span>
            </th>
            <th title="Mean final P&L of the options alone">
              Unhedged mean<span className="unit">USD</span>
            </th>
            <th title="Standard deviation of the final unhedged P&L across windows">
              Unhedged std<span className="unit">USD</span>
            </th>
            <th title="Hedged std / unhedged std: the share of the dispersion the policy leaves">
              Std ratio<span className="unit">hedged / unhedged</span>
            </th>
            <th title="Mean total hedge cost per window">
              Mean cost<span className="unit">USD</span>
            </th>
            <th title="Mean number of hedge trades per window (day 0 included)">
              Trades<span className="unit">per window</span>
            </th>
            <th title="Std of the daily changes of the hedged P&L before costs, mean over windows">
              Residual risk<span className="unit">USD / day</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.policy} className={r.best ? 'hedge-best' : ''} data-testid="hedge-sim-row" data-policy={r.policy}>
              <td className="left">
                <span className="hedge-swatch" style={{ background: r.color }} /> {r.policy}
              </td>
              <td
                className={`num tone-${r.meanHedgedPnlUsd < 0 ? 'neg' : 'pos'}`}
                data-testid={`hedge-sim-mean-${i}`}
                data-value={r.meanHedgedPnlUsd}
              >
                {usd(r.meanHedgedPnlUsd)}
              </td>
              <td className="num" data-testid={`hedge-sim-std-${i}`} data-value={r.stdHedgedPnlUsd}>
                {usd(r.stdHedgedPnlUsd)}
              </td>
              <td className="num">{usd(r.meanUnhedgedPnlUsd)}</td>
              <td className="num">{usd(r.stdUnhedgedPnlUsd)}</td>
              <td className="num">{formatNumber(r.stdRatio, 2)}</td>
              <td className="num" data-testid={`hedge-sim-cost-${i}`} data-value={r.meanCostUsd}>
                {usd(r.meanCostUsd)}
              </td>
              <td className="num" data-testid={`hedge-sim-trades-${i}`} data-value={r.meanTrades}>
                {formatNumber(r.meanTrades, 1)}
              </td>
              <td className="num">{usd(r.meanResidualRiskUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
