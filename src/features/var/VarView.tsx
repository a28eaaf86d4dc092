import { useState } from 'react';
import { useAppStore } from '../../state/hooks.ts';
import { VarControls } from './VarControls.tsx';
import { VarFigures } from './VarFigures.tsx';
import { DistributionChart } from './DistributionChart.tsx';
import { ComponentsChart } from './ComponentsChart.tsx';
import { BacktestPanel } from './BacktestPanel.tsx';
import { useVarSettings } from './varSettings.ts';
import { maxPoolWorkers, useGpuAvailability, useVarPanel } from './useVarPanel.ts';
import { clippedLabel, isMonteCarlo, pathsPerSecondLabel, progressFraction, progressLabel } from './varModel.ts';
import type { VarRunnerState } from './varRunner.ts';
import { McRunLine } from './McRunLine.tsx';
import './var.css';

/**
 * The VaR tab: settings, VaR / ES / FRTB ES and incremental VaR, the P&L distribution, component VaR, and the
 * backtest. VaR is of the book (what-if trades included) at the base market; the what-if shocks do not enter.
 */
export function VarView() {
  const { settings, set } = useVarSettings();
  const panel = useVarPanel(settings);
  const portfolio = useAppStore((s) => s.portfolio);
  const [maxWorkers] = useState(maxPoolWorkers);
  const gpu = useGpuAvailability(isMonteCarlo(panel.effective.method));
  const v = panel.state.var;
  const report = v.data?.report ?? null;
  const stale = v.status !== 'done' && v.data !== null;
  if (!panel.hasMarket) return <div className="empty-state">No market snapshot loaded yet.</div>;
  return (
    <div className="var-view" data-testid="var-view">
      <VarControls settings={settings} effective={panel.effective} maxWorkers={maxWorkers} onChange={set} gpu={gpu} />
      <StatusLine state={panel.state} monteCarlo={isMonteCarlo(panel.effective.method)} onCancel={panel.cancel} onRerun={panel.rerun} />
      {v.data && report ? (
        <>
          <VarFigures data={v.data} stale={stale} />
          <div className={`var-charts${stale ? ' is-stale' : ''}`}>
            <section className="var-box" aria-label="P&L distribution">
              <header className="var-box-head">
                <h3>P&amp;L distribution</h3>
                <span className="var-box-sub">
                  {report.histogram
                    ? `${report.observations.toLocaleString('en-US')} ${report.method === 'montecarlo' ? 'paths' : 'scenarios'}, ${report.histogram.counts.length} bins`
                    : report.parametric?.densityCurve
                      ? 'exact density of δr + ½rᵀΓr'
                      : 'parametric density'}{' '}
                  · gain &gt; 0, losses beyond VaR in red
                </span>
              </header>
              <div className="var-box-body">
                <DistributionChart report={report} />
                <div className="var-legend">
                  <span>
                    <i style={{ borderColor: '#f2b84b' }} />
                    VaR (at −VaR)
                  </span>
                  <span>
                    <i style={{ borderColor: '#ff6464', borderTopStyle: 'dashed' }} />
                    ES (at −ES)
                  </span>
                  <span>
                    <i className="swatch" style={{ background: '#c4474f' }} />
                    tail
                  </span>
                  <ClippedNote report={report} />
                </div>
              </div>
            </section>
            <ComponentsChart report={report} positions={portfolio.positions} />
          </div>
        </>
      ) : (
        <div className="var-empty">{v.status === 'error' ? 'No VaR to show.' : 'Computing VaR on the bundled price history…'}</div>
      )}
      <BacktestPanel state={panel.state.backtest} settings={settings} effective={panel.effective} onChange={set} />
    </div>
  );
}

/** Paths the histogram's robust range leaves out of its bins (counted, never dropped silently). */
function ClippedNote({ report }: { report: NonNullable<VarRunnerState['var']['data']>['report'] }) {
  const h = report.histogram;
  const text = clippedLabel(h, report.method === 'montecarlo' ? 'paths' : 'scenarios');
  if (!text || !h) return null;
  return (
    <span
      className="var-clipped"
      data-testid="var-histogram-clipped"
      data-below={h.clippedBelow ?? 0}
      data-above={h.clippedAbove ?? 0}
      title="The bins cover the body of the distribution (0.1 % to 99.9 % of the paths, VaR and ES included); paths far beyond it are counted here instead of squeezing the chart"
    >
      {text}
    </span>
  );
}

function StatusLine({
  state,
  monteCarlo,
  onCancel,
  onRerun,
}: {
  state: VarRunnerState;
  monteCarlo: boolean;
  onCancel: () => void;
  onRerun: () => void;
}) {
  const v = state.var;
  const p = v.progress;
  const notes = [
    ...(v.data?.report.warnings ?? []),
    ...(v.data?.historyWarnings ?? []),
    ...(v.data && v.data.unpricedCount > 0
      ? [`${v.data.unpricedCount} position(s) without market data are left out (as in every figure)`]
      : []),
    ...(state.poolNotice ? [state.poolNotice] : []),
  ];
  const label =
    v.status === 'running'
      ? 'computing…'
      : v.status === 'cancelled'
        ? 'cancelled'
        : v.status === 'error'
          ? 'error'
          : v.status === 'done'
            ? v.ms !== null
              ? `done in ${Math.round(v.ms)} ms`
              : 'done'
            : 'idle';
  return (
    <>
      <div className="var-status">
        <span className={`var-pill is-${v.status}`} data-testid="var-status" data-status={v.status}>
          {label}
        </span>
        {v.status === 'running' && monteCarlo ? (
          <div className="var-progress">
            <div
              className="var-progress-track"
              role="progressbar"
              aria-label="Monte Carlo progress"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(progressFraction(p) * 100)}
              data-testid="var-progress"
              data-phase={p?.phase ?? 'queued'}
              data-done={p?.done ?? 0}
              data-total={p?.total ?? 0}
            >
              <div className="var-progress-fill" style={{ width: `${progressFraction(p) * 100}%` }} />
            </div>
            <span className="var-progress-text">{p ? progressLabel(p) : 'starting…'}</span>
          </div>
        ) : null}
        {v.status === 'running' && monteCarlo ? (
          <button
            type="button"
            className="btn btn-small"
            onClick={onCancel}
            data-testid="var-cancel"
            title="Stop the Monte Carlo run (its workers are terminated); the last figures stay"
          >
            Cancel
          </button>
        ) : null}
        {v.status === 'cancelled' || v.status === 'error' ? (
          <button type="button" className="btn btn-small btn-primary" onClick={onRerun} data-testid="var-run">
            Run again
          </button>
        ) : null}
        {v.status === 'done' && v.pool ? (
          <span
            className="muted small"
            data-testid="var-pool-info"
            data-backend={v.pool.backend}
            data-paths-per-second={Math.round(v.pool.pathsPerSecond)}
          >
            {v.pool.backend === 'webgpu'
              ? `Monte Carlo on WebGPU (${v.pool.adapter?.label ?? 'GPU'})`
              : `Monte Carlo on ${v.pool.workers} worker${v.pool.workers === 1 ? '' : 's'}, ${v.pool.chunks} chunks`}
            {v.pool.pathsPerSecond > 0 ? ` · ${pathsPerSecondLabel(v.pool.pathsPerSecond)}` : ''}
            {v.pool.compileMs > 0 ? ` (+ ${Math.round(v.pool.compileMs).toLocaleString('en-US')} ms compiling the kernel, once)` : ''}
          </span>
        ) : null}
        {v.status === 'cancelled' ? <span className="muted small">Run cancelled: the figures below are from the previous run.</span> : null}
        <span
          className="muted small"
          style={{ marginLeft: 'auto' }}
          title="What-if shocks (spot, vol, days) are hypothetical moves, not today’s market: VaR starts from the base market. What-if trades are part of the book."
        >
          Base market; what-if trades included, what-if shocks not applied
        </span>
      </div>
      {v.status === 'done' && v.pool?.backend === 'webgpu' && v.data?.gpu ? <McRunLine data={v.data} /> : null}
      {v.error ? (
        <div className="var-error-text" role="alert" data-testid="var-error">
          {v.error}
        </div>
      ) : null}
      {notes.length > 0 ? (
        <ul className="var-notes">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
