import { useMemo } from 'react';
import { useAppStore } from '../../state/hooks.ts';
import { isZeroScenario } from '../../state/slices/scenarioSlice.ts';
import { Panel } from '../../components/Panel.tsx';
import { formatCoin, formatUsd } from '../../lib/format.ts';
import { pnlTone } from '../summary/summaryModel.ts';
import { buildScenarioResult } from './scenarioResultModel.ts';

/** After the shock: P&L per underlying and the delta the book would carry (what a hedge would have to offset). */
export function ScenarioResultView() {
  const report = useAppStore((s) => s.report);
  const active = useAppStore((s) => !isZeroScenario(s.scenario));
  const m = useMemo(() => buildScenarioResult(report), [report]);
  if (!active || !m) {
    return (
      <Panel title="After the shock" className="scenario-result">
        <div className="muted small">Move a slider or type a shock: P&amp;L and delta after the move appear here, per underlying.</div>
      </Panel>
    );
  }
  return (
    <Panel title="After the shock" className="scenario-result" titleHint="Full revaluation of the book in the shocked market">
      <table className="mini-table">
        <thead>
          <tr>
            <th className="left">UL</th>
            <th title="Scenario P&L of this underlying’s positions">
              P&amp;L <span className="unit">USD</span>
            </th>
            <th title="Coin delta after the shock (change vs now in brackets)">
              Delta <span className="unit">coin</span>
            </th>
            <th title="USD delta after the shock">
              Delta <span className="unit">USD</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {m.rows.map((r) => (
            <tr key={r.underlying}>
              <th className="left">{r.underlying}</th>
              <td className={`num tone-${pnlTone(r.pnlUsd)}`}>{formatUsd(r.pnlUsd, { digits: 0, signed: true })}</td>
              <td className="num" title={`change ${formatCoin(r.deltaChange, { signed: true })}`}>
                {formatCoin(r.deltaAfter)}
              </td>
              <td className="num">{formatUsd(r.deltaUsdAfter, { digits: 0 })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="kv-row">
        <span className="muted">Book value after</span>
        <span className="num">{formatUsd(m.valueAfterUsd, { digits: 0 })}</span>
      </div>
      {m.otherPnlUsd !== 0 ? (
        <div className="kv-row">
          <span className="muted">Cash and other</span>
          <span className="num">{formatUsd(m.otherPnlUsd, { digits: 0, signed: true })}</span>
        </div>
      ) : null}
    </Panel>
  );
}
