/** Delta-hedge simulation: settings and policies, charts of the latest window, comparison across windows. */
import { lazy, Suspense, useMemo } from 'react';
import { useAppStoreShallow } from '../../state/hooks.ts';
import { useRiskQuery } from '../../state/riskQuery.ts';
import { formatNumber, formatUsd } from '../../lib/format.ts';
import { hedgeStore, useHedgeUi } from './hedgeStore.ts';
import { defaultPolicies, summaryRows, toEnginePolicies, windowLabel } from './simulationModel.ts';
import { defaultTarget, deltaRowLabel, scopeOf, ulOrder } from './suggestModel.ts';
import type { DeltaMeasure } from '../../engine/index.ts';
import { historyBaseUrl } from './historyUrl.ts';
import { PoliciesCard } from './PoliciesCard.tsx';
import { ComparisonTable } from './ComparisonTable.tsx';

const SimulationCharts = lazy(async () => ({ default: (await import('./SimulationCharts.tsx')).SimulationCharts }));

const WINDOWS = [7, 14, 30, 60, 90];
const STRIDES = [1, 7, 14, 30];
const LOOKBACKS: readonly { label: string; days: number | null }[] = [
  { label: '1 year', days: 365 },
  { label: '2 years', days: 730 },
  { label: '4 years', days: 1460 },
  { label: 'All', days: null },
];

export function SimulationPanel() {
  const { report, market } = useAppStoreShallow((s) => ({ report: s.report, market: s.market }));
  const ui = useHedgeUi((s) => s);
  const optionUnderlyings = useMemo(
    () => [...new Set((report?.positions ?? []).filter((p) => p.kind === 'option').map((p) => p.underlying))].sort(ulOrder),
    [report],
  );
  const ul = ui.simUnderlying !== null && optionUnderlyings.includes(ui.simUnderlying) ? ui.simUnderlying : (optionUnderlyings[0] ?? null);
  const spot = ul ? (market?.underlyings[ul]?.index ?? null) : null;
  const policies = useMemo(() => (ul ? (ui.policies[ul] ?? defaultPolicies(spot)) : []), [ul, ui.policies, spot]);
  const engine = useMemo(() => (ul ? toEnginePolicies(policies, ul) : null), [policies, ul]);
  // The same delta and scope as the suggestions' targets: one choice per underlying, one scope.
  const measure: DeltaMeasure = (ul ? ui.targets[ul]?.deltaMeasure : undefined) ?? 'usd';
  const venue = scopeOf(ui.scope).venue;
  const setMeasure = (m: DeltaMeasure) => {
    if (!ul) return;
    const s = hedgeStore.getState();
    s.set({ targets: { ...s.targets, [ul]: { ...(s.targets[ul] ?? defaultTarget(spot)), deltaMeasure: m } } });
  };
  const params = useMemo(
    () =>
      ul && engine?.ok
        ? {
            underlying: ul,
            policies: engine.policies,
            windowDays: ui.windowDays,
            strideDays: ui.strideDays,
            lookbackDays: ui.lookbackDays,
            historyBaseUrl: historyBaseUrl(),
            deltaMeasure: measure,
            venue,
          }
        : null,
    [ul, engine, ui.windowDays, ui.strideDays, ui.lookbackDays, measure, venue],
  );
  const q = useRiskQuery('hedge', 'hedgeSimulate', params, { ignoreScenario: true });
  const result = q.data;
  const rows = result?.ok ? summaryRows(result.summaries) : [];

  if (!report) return <div className="hedge-empty">Valuing the book…</div>;
  if (!ul)
    return (
      <div className="hedge-empty" data-testid="hedge-sim-empty">
        The book has no options: there is nothing to delta-hedge.
      </div>
    );

  return (
    <div className="hedge-body" data-testid="hedge-simulation" data-status={q.status}>
      <section className="hedge-card" aria-label="Simulation settings">
        <header className="hedge-card-head">
          <div className="hedge-controls">
            <label title="The options of this underlying are replayed; futures, perpetuals and spot are left out (the hedge replaces them)">
              Options book
              <select
                className="select"
                value={ul}
                data-testid="hedge-sim-underlying"
                onChange={(e) => ui.set({ simUnderlying: e.target.value })}
              >
                {optionUnderlyings.map((u) => (
                  <option key={u} value={u}>
                    {u}
                  </option>
                ))}
              </select>
            </label>
            <label title="The delta each rebalance flattens: USD delta (a USD-neutral options book) or coin delta (Deribit’s). The same choice as the suggestions’ delta target">
              Hedge to flat
              <select
                className="select"
                value={measure}
                data-testid="hedge-sim-delta-measure"
                onChange={(e) => setMeasure(e.target.value as DeltaMeasure)}
              >
                <option value="usd">{deltaRowLabel('usd')}</option>
                <option value="coin">{deltaRowLabel('coin')}</option>
              </select>
            </label>
            <label title="Length of each historical path">
              Window
              <select
                className="select"
                value={ui.windowDays}
                data-testid="hedge-sim-window"
                onChange={(e) => ui.set({ windowDays: Number(e.target.value) })}
              >
                {WINDOWS.map((d) => (
                  <option key={d} value={d}>
                    {d} days
                  </option>
                ))}
              </select>
            </label>
            <label title="Days between the starts of consecutive windows (overlapping windows when shorter than the window)">
              New window every
              <select
                className="select"
                value={ui.strideDays}
                data-testid="hedge-sim-stride"
                onChange={(e) => ui.set({ strideDays: Number(e.target.value) })}
              >
                {STRIDES.map((d) => (
                  <option key={d} value={d}>
                    {d === 1 ? '1 day' : `${d} days`}
                  </option>
                ))}
              </select>
            </label>
            <label title="How much of the bundled daily history to use">
              History
              <select
                className="select"
                value={ui.lookbackDays ?? 'all'}
                data-testid="hedge-sim-lookback"
                onChange={(e) => ui.set({ lookbackDays: e.target.value === 'all' ? null : Number(e.target.value) })}
              >
                {LOOKBACKS.map((l) => (
                  <option key={l.label} value={l.days ?? 'all'}>
                    {l.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <span className="hedge-status" data-testid="hedge-sim-status" data-status={q.status}>
            {q.status === 'running' ? (
              <>
                <span className="status-dot status-running" /> simulating…
              </>
            ) : q.ms !== null ? (
              `${Math.round(q.ms)} ms`
            ) : null}
          </span>
        </header>
        <div className="hedge-card-body">
          <PoliciesCard
            underlying={ul}
            policies={policies}
            onChange={(next) => hedgeStore.getState().set({ policies: { ...hedgeStore.getState().policies, [ul]: next } })}
          />
          {engine && !engine.ok ? (
            <div className="hedge-target-error" role="alert">
              {engine.error}
            </div>
          ) : null}
        </div>
      </section>

      {q.error || (result && !result.ok) ? (
        <div className="hedge-infeasible" role="alert" data-testid="hedge-sim-error">
          <div>
            <strong>The simulation could not run</strong>
            {q.error ?? (result && !result.ok ? result.error : '')}
          </div>
        </div>
      ) : null}

      {result?.ok ? (
        <>
          <div className="hedge-meta" data-testid="hedge-sim-meta">
            <b>{result.optionPositions}</b> {result.underlying} option positions{venue !== null ? ' held at Deribit' : ''}, hedged with a
            linear perpetual to zero <b data-testid="hedge-sim-measure-label">{measure === 'usd' ? 'USD delta' : 'coin delta'}</b>. Paths:
            daily closes{' '}
            <b>
              {result.historyStart} → {result.historyEnd}
            </b>
            , each window rescaled to today’s spot <b>{formatUsd(result.spotUsd, { digits: 0 })} USD</b>; vols sticky-strike, time rolls
            forward one day per close. Unhedged = the options alone. An option that expires inside a window settles once, at the first close
            after its expiry (a coin payout is revalued at later closes), and leaves the hedge.
          </div>
          <Suspense fallback={<div className="hedge-empty">Loading charts…</div>}>
            <SimulationCharts
              latest={result.latest}
              dates={result.latestDates}
              title={`Latest window ${windowLabel(result.latestDates)}`}
            />
          </Suspense>
          <ComparisonTable rows={rows} windows={rows[0]?.paths ?? 0} windowDays={ui.windowDays} />
          <div className="hedge-meta">
            Final P&amp;L at the end of each {formatNumber(ui.windowDays, 0)}-day window, after costs; residual risk = standard deviation of
            the daily changes of the hedged P&amp;L before costs, averaged over windows.
          </div>
        </>
      ) : null}
    </div>
  );
}
