/**
 * Payoff chart (Recharts): the book's P&L against one underlying's spot today (the what-if's day), at chosen later
 * dates and at the nearest option expiries, with breakevens and the current spot marked. Follows the what-if
 * inputs and what-if trades (the worker revalues on every step).
 */
import { ShowingBadge } from '../../components/ShowingBadge.tsx';
import { useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useAppStore } from '../../state/hooks.ts';
import { useRiskQuery } from '../../state/riskQuery.ts';
import { formatPrice, formatUsd } from '../../lib/format.ts';
import { describeScenario } from '../summary/summaryModel.ts';
import { CommitText, QueryStatus, TargetSelect, ToolbarGroup, ViewMessage, ViewToolbar } from '../heatmap/ViewKit.tsx';
import { formatAxis, niceTicks } from '../heatmap/viewMath.ts';
import { DEFAULT_PAYOFF, PAYOFF_RANGES, buildPayoffChart, payoffParams, type PayoffConfig, type PayoffSeries } from './payoffModel.ts';

const AXIS_TICK = { fill: '#7f8ea3', fontSize: 11 };
const usd0 = (x: number) => formatUsd(x, { digits: 0, signed: true });

export function PayoffView() {
  const scenario = useAppStore((s) => s.scenario);
  const hasMarket = useAppStore((s) => s.market !== null);
  const [config, setConfig] = useState<PayoffConfig>(DEFAULT_PAYOFF);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const { params, errors } = useMemo(() => payoffParams(config), [config]);
  const q = useRiskQuery('views', 'payoffView', params);
  const data = q.data;
  const chart = useMemo(() => (data?.payoff ? buildPayoffChart(data.payoff, data.valuationMs) : null), [data]);
  const underlying = data?.underlying ?? null;
  const visible = useMemo(() => (chart ? chart.series.filter((s) => !hidden.has(s.engineLabel)) : []), [chart, hidden]);
  const toggle = (label: string) =>
    setHidden((h) => {
      const next = new Set(h);
      if (next.has(label)) next.delete(label);
      else next.add(label);
      return next;
    });
  const xAxis = useMemo(() => (chart ? niceTicks(chart.fromUsd, chart.toUsd, 10) : null), [chart]);
  const yAxis = useMemo(() => {
    const ys = visible.flatMap((s) => chart?.points.map((p) => p[s.key]!) ?? []);
    return ys.length > 0 ? niceTicks(Math.min(0, ...ys), Math.max(0, ...ys), 7) : null;
  }, [visible, chart]);
  const others = Object.fromEntries(Object.entries(scenario.spotPct).filter(([u]) => u !== underlying));

  return (
    <div className="risk-view payoff-view" data-testid="payoff-view">
      <ViewToolbar>
        <ToolbarGroup label="Underlying">
          <TargetSelect
            value={underlying}
            options={data?.underlyings ?? []}
            onChange={(u) => setConfig((c) => ({ ...c, underlying: u }))}
            testId="payoff-underlying"
          />
        </ToolbarGroup>
        <ToolbarGroup label="Dates" title="Extra curves, days after the what-if’s day (comma-separated); applied on Enter">
          <CommitText
            value={config.datesText}
            onCommit={(datesText) => setConfig((c) => ({ ...c, datesText }))}
            ariaLabel="Dates (days ahead, comma-separated)"
            testId="payoff-dates"
            width={100}
            invalid={errors.length > 0}
          />
          <span className="unit">days</span>
        </ToolbarGroup>
        <ToolbarGroup label="Expiries" title="Curves at the nearest option expiries of this underlying">
          <select
            className="select"
            value={config.maxExpiries}
            onChange={(e) => setConfig((c) => ({ ...c, maxExpiries: Number(e.target.value) }))}
            aria-label="Number of expiry curves"
            data-testid="payoff-expiries"
          >
            {[0, 1, 2, 3, 5, 8, 12].map((n) => (
              <option key={n} value={n}>
                {n === 0 ? 'none' : `nearest ${n}`}
              </option>
            ))}
          </select>
        </ToolbarGroup>
        <ToolbarGroup label="Range">
          <span className="seg" role="group" aria-label="Spot range">
            {PAYOFF_RANGES.map((r) => (
              <button
                key={r}
                type="button"
                className={config.rangePct === r ? 'is-on' : ''}
                onClick={() => setConfig((c) => ({ ...c, rangePct: r }))}
                aria-pressed={config.rangePct === r}
              >
                ±{r} %
              </button>
            ))}
          </span>
        </ToolbarGroup>
        <span className="tb-spacer" />
        <ShowingBadge area="what-if" />
        <QueryStatus status={q.status} computeMs={data?.computeMs} roundTripMs={q.ms} testId="payoff-status" />
      </ViewToolbar>
      {errors.length > 0 ? <div className="view-errors warn-text">{errors.join(' · ')}</div> : null}
      {q.error ? <div className="view-errors error-text">The payoff could not be computed: {q.error}</div> : null}
      {!hasMarket ? <ViewMessage>No market snapshot loaded.</ViewMessage> : null}
      {hasMarket && data && !data.payoff ? <ViewMessage testId="payoff-empty">The book has no priced positions.</ViewMessage> : null}

      {chart && underlying ? (
        <div className="view-scroll">
          <div className="chart-box" data-testid="payoff-chart">
            <div className="chart-title">
              <h3>
                {underlying} payoff: P&amp;L <span className="unit">USD</span> against {underlying} spot <span className="unit">USD</span>
              </h3>
              <span className="muted small">
                vol, days and other underlyings from the what-if:{' '}
                {describeScenario({ spotPct: others, volPts: scenario.volPts, days: scenario.days })}
              </span>
            </div>
            <div className="payoff-legend">
              {chart.series.map((s) => (
                <button
                  key={s.key}
                  type="button"
                  className={hidden.has(s.engineLabel) ? 'is-off' : ''}
                  onClick={() => toggle(s.engineLabel)}
                  title={`${s.when} · click to ${hidden.has(s.engineLabel) ? 'show' : 'hide'}`}
                >
                  <span className="swatch" style={{ background: s.colour }} />
                  {s.label}
                </button>
              ))}
              <span className="muted">
                · <span className="swatch" style={{ background: '#e6edf5' }} />
                current spot {formatPrice(chart.currentSpotUsd)} · ● breakeven
              </span>
            </div>
            <ResponsiveContainer width="100%" height={360}>
              <LineChart data={chart.points} margin={{ top: 14, right: 20, bottom: 6, left: 8 }}>
                <CartesianGrid stroke="#1d2735" />
                <XAxis
                  dataKey="spot"
                  type="number"
                  domain={[chart.fromUsd, chart.toUsd]}
                  ticks={xAxis?.ticks.filter((t) => t >= chart.fromUsd && t <= chart.toUsd)}
                  tick={AXIS_TICK}
                  stroke="#2f3d52"
                  tickFormatter={formatAxis}
                  allowDataOverflow
                />
                <YAxis
                  tick={AXIS_TICK}
                  stroke="#2f3d52"
                  tickFormatter={formatAxis}
                  width={62}
                  {...(yAxis ? { domain: yAxis.domain, ticks: yAxis.ticks } : {})}
                />
                <ReferenceLine y={0} stroke="#4a5a70" />
                <ReferenceLine
                  x={chart.currentSpotUsd}
                  stroke="#e6edf5"
                  strokeDasharray="3 3"
                  label={{ value: `spot ${formatPrice(chart.currentSpotUsd)}`, fill: '#e6edf5', fontSize: 11, position: 'insideTopRight' }}
                />
                <Tooltip
                  content={(p) => (
                    <PayoffTooltip
                      active={p.active}
                      label={p.label as number | undefined}
                      payload={p.payload as unknown as { dataKey: string; value: number }[] | undefined}
                      series={visible}
                    />
                  )}
                />
                {visible.map((s) => (
                  <Line
                    key={s.key}
                    dataKey={s.key}
                    name={s.label}
                    stroke={s.colour}
                    strokeWidth={s.width}
                    strokeDasharray={s.dash}
                    dot={false}
                    isAnimationActive={false}
                  />
                ))}
                {visible.flatMap((s) =>
                  s.breakevensUsd.map((be, i) => (
                    <ReferenceDot key={`${s.key}-be${i}`} x={be} y={0} r={4} fill={s.colour} stroke="#0a0e14" strokeWidth={1.5} />
                  )),
                )}
              </LineChart>
            </ResponsiveContainer>
          </div>
          <table className="views-table" data-testid="payoff-table">
            <thead>
              <tr>
                <th className="left">Curve</th>
                <th className="left">Valued at</th>
                <th>
                  P&amp;L at spot<span className="unit">USD</span>
                </th>
                <th>
                  Worst in range<span className="unit">USD at spot</span>
                </th>
                <th>
                  Best in range<span className="unit">USD at spot</span>
                </th>
                <th className="left">
                  Breakevens<span className="unit">spot USD</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {chart.series.map((s) => (
                <tr
                  key={s.key}
                  data-testid="payoff-curve"
                  data-label={s.engineLabel}
                  data-days={String(s.days)}
                  data-breakevens={s.breakevensUsd.join(',')}
                  data-pnl-at-spot={String(s.pnlAtSpotUsd)}
                >
                  <td className="left">
                    <span className="swatch" style={{ background: s.colour }} />
                    {s.label}
                  </td>
                  <td className="left muted">{s.when}</td>
                  <td className={s.pnlAtSpotUsd < 0 ? 'tone-neg' : s.pnlAtSpotUsd > 0 ? 'tone-pos' : ''}>{usd0(s.pnlAtSpotUsd)}</td>
                  <td>
                    <span className="tone-neg">{usd0(s.minUsd)}</span> <span className="muted">@ {formatPrice(s.minAtUsd)}</span>
                  </td>
                  <td>
                    <span className="tone-pos">{usd0(s.maxUsd)}</span> <span className="muted">@ {formatPrice(s.maxAtUsd)}</span>
                  </td>
                  <td className="left">
                    {s.breakevensUsd.length > 0 ? (
                      s.breakevensUsd.map((b) => formatPrice(b)).join(', ')
                    ) : (
                      <span className="muted">none in range</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="view-foot muted small">
            P&amp;L against the book today (no shock), full revaluation on the snapshot’s sticky-strike smiles, what-if trades included.
            Each curve is named by the date it is valued at: the first at the what-if’s day (“now” when no days are shifted), the others
            later; the spot window is centred on the what-if’s spot. At an expiry, options of that expiry and earlier settle at intrinsic
            and later ones keep their time value. Breakevens are where a curve crosses zero (linear between points).
          </p>
        </div>
      ) : null}
    </div>
  );
}

function PayoffTooltip({
  active,
  label,
  payload,
  series,
}: {
  readonly active?: boolean;
  readonly label?: number;
  readonly payload?: readonly { dataKey: string; value: number }[];
  readonly series: readonly PayoffSeries[];
}) {
  if (!active || !payload || payload.length === 0 || label === undefined) return null;
  return (
    <div className="chart-tooltip">
      <div className="tt-title">spot {formatPrice(label)}</div>
      {payload.map((p) => {
        const s = series.find((x) => x.key === p.dataKey);
        if (!s) return null;
        return (
          <div className="tt-row" key={p.dataKey}>
            <span>
              <span className="swatch" style={{ background: s.colour }} />
              {s.label}
            </span>
            <span className={p.value < 0 ? 'tone-neg' : 'tone-pos'}>{usd0(p.value)}</span>
          </div>
        );
      })}
    </div>
  );
}
