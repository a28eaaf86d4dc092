import { useMemo } from 'react';
import { useAppStore } from '../../state/hooks.ts';
import { Metric } from '../../components/Metric.tsx';
import { formatCoin, formatSignificant, formatUsd, formatUsdWithSymbol } from '../../lib/format.ts';
import { buildSummary, pnlTone } from './summaryModel.ts';
import { TIPS } from './tips.ts';
import { useLimitMarks } from '../limits/useLimitChecks.ts';
import '../limits/limits.css';

const usd = (x: number) => formatUsdWithSymbol(x);
const usdSigned = (x: number) => formatUsdWithSymbol(x, { signed: true });
const plainUsd = (x: number) => formatUsd(x, { digits: 0 });
const coin = (x: number) => formatCoin(x);
const perUsd = (x: number) => formatSignificant(x, 3);

/** Book-level cards and the Greeks table per underlying. Every figure carries its `metric-*` hook. */
export function SummaryView() {
  const report = useAppStore((s) => s.report);
  const scenario = useAppStore((s) => s.scenario);
  const status = useAppStore((s) => s.resultsStatus);
  const m = useMemo(() => buildSummary(report, scenario), [report, scenario]);
  // Limits (Limits tab): a breached or nearly breached figure is outlined here too, with the limit in its tooltip.
  const { mark } = useLimitMarks();
  const vegaMark = mark('vegaUsd');
  const markProps = (key: string) => {
    const k = mark(key);
    return k ? { className: `limit-${k.status}`, title: k.title, 'data-limit-status': k.status } : {};
  };

  return (
    <section className="summary" aria-label="Risk summary" data-status={status}>
      <div className="cards">
        <div className="card" title={TIPS.value}>
          <div className="card-label">
            Book value <span className="unit">USD</span>
          </div>
          <Metric testId="metric-value-usd" value={m.valueUsd} format={usd} className="card-value" />
          <div className="card-sub">
            {m.unpricedCount > 0 ? (
              <span className="warn-text">{m.unpricedCount} unpriced, not included</span>
            ) : m.settledCount > 0 ? null : (
              'all positions priced'
            )}
            {m.settledCount > 0 ? (
              <span className="muted" title="Expired before the valuation time: settled, with no Greeks and in no figure">
                {m.unpricedCount > 0 ? ' · ' : ''}
                {m.settledCount} expired, not included
              </span>
            ) : null}
          </div>
        </div>
        <div className={`card card-scenario tone-border-${pnlTone(m.scenarioPnlUsd)}`} title={TIPS.scenario}>
          <div className="card-label">
            Scenario P&amp;L <span className="unit">USD</span>
          </div>
          <Metric
            testId="metric-scenario-pnl-usd"
            value={m.scenarioPnlUsd}
            format={usdSigned}
            tone={pnlTone(m.scenarioPnlUsd)}
            className="card-value"
          />
          <div className="card-sub" title="The what-if inputs in the right-hand panel">
            {m.scenarioLabel}
          </div>
        </div>
        <div
          className={`card${vegaMark ? ` limit-${vegaMark.status}` : ''}`}
          title={vegaMark ? `${TIPS.vega}\n\n${vegaMark.title}` : TIPS.vega}
          data-testid="summary-card-vega"
          data-limit-status={vegaMark?.status}
        >
          <div className="card-label">
            Vega <span className="unit">USD / vol pt</span>
            {vegaMark ? (
              <span className={`limit-flag limit-flag-${vegaMark.status}`}>
                {vegaMark.status === 'breach' ? 'limit' : vegaMark.status === 'warn' ? 'near limit' : 'limit ?'}
              </span>
            ) : null}
          </div>
          <Metric testId="metric-vega-usd" value={m.vegaUsd} format={usdSigned} className="card-value" />
          <div className="card-sub">per +1 vol point, all smiles</div>
        </div>
        <div className="card" title={TIPS.theta}>
          <div className="card-label">
            Theta <span className="unit">USD / day</span>
          </div>
          <Metric testId="metric-theta-usd" value={m.thetaUsd} format={usdSigned} tone={pnlTone(m.thetaUsd)} className="card-value" />
          <div className="card-sub">one calendar day passing</div>
        </div>
      </div>

      <div className="greeks-card">
        <table className="greeks-table">
          <thead>
            <tr>
              <th className="left">Underlying</th>
              <th title={TIPS.delta}>
                Delta <span className="unit">coin</span>
              </th>
              <th title={TIPS.deltaUsd}>
                Delta <span className="unit">USD</span>
              </th>
              <th title={TIPS.deltaTotal}>
                Delta Total <span className="unit">coin</span>
              </th>
              <th title={TIPS.gamma}>
                Gamma <span className="unit">coin / USD</span>
              </th>
              <th title={TIPS.gammaUsd}>
                Gamma <span className="unit">USD / 1 %</span>
              </th>
              <th title={TIPS.vegaUl}>
                Vega <span className="unit">USD / pt</span>
              </th>
              <th title={TIPS.thetaUl}>
                Theta <span className="unit">USD / day</span>
              </th>
              <th title={TIPS.scenarioUl}>
                Scenario <span className="unit">USD</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {m.underlyings.length === 0 ? (
              <tr>
                <td colSpan={9} className="muted left">
                  {report ? 'No risk positions in the book' : 'Valuing the book…'}
                </td>
              </tr>
            ) : (
              m.underlyings.map((u) => (
                <tr key={u.underlying}>
                  <th className="left ul">{u.underlying}</th>
                  <td {...markProps(`deltaCoin:${u.underlying}`)}>
                    <Metric testId={`metric-delta-${u.underlying}`} value={u.delta} format={coin} />
                  </td>
                  <td {...markProps(`deltaUsd:${u.underlying}`)}>
                    <Metric testId={`metric-delta-usd-${u.underlying}`} value={u.deltaUsd} format={plainUsd} />
                  </td>
                  <td>
                    <Metric testId={`metric-delta-total-${u.underlying}`} value={u.deltaTotal} format={coin} />
                  </td>
                  <td>
                    <Metric testId={`metric-gamma-${u.underlying}`} value={u.gamma} format={perUsd} />
                  </td>
                  <td>
                    <Metric testId={`metric-gamma-usd-1pct-${u.underlying}`} value={u.gammaUsd1pct} format={plainUsd} />
                  </td>
                  <td className="num">{formatUsd(u.vega, { digits: 0 })}</td>
                  <td className="num">{formatUsd(u.theta, { digits: 0 })}</td>
                  <td className={`num tone-${pnlTone(u.scenarioPnlUsd)}`}>{formatUsd(u.scenarioPnlUsd, { digits: 0, signed: true })}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
