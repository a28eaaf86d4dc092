/**
 * Spot ladder: the book's P&L and the target's Greeks at spot moves of one underlying (or all together), other
 * dimensions from the what-if; a chart (P&L bars, one Greek as a line) over the table.
 */
import { useMemo, useState } from 'react';
import { Bar, CartesianGrid, Cell, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useAppStore } from '../../state/hooks.ts';
import { useRiskQuery } from '../../state/riskQuery.ts';
import { formatCoin, formatPrice, formatUsd } from '../../lib/format.ts';
import { describeScenario } from '../summary/summaryModel.ts';
import { AxisInputs, QueryStatus, TargetSelect, ToolbarGroup, ViewMessage, ViewToolbar } from '../heatmap/ViewKit.tsx';
import { currentSpotPct } from '../heatmap/heatmapModel.ts';
import { alignedZeroAxes, formatAxis } from '../heatmap/viewMath.ts';
import {
  DEFAULT_SPOT_LADDER,
  LADDER_LINES,
  buildSpotLadder,
  spotLadderParams,
  type LadderLine,
  type SpotLadderConfig,
  type SpotLadderRowModel,
} from './spotLadderModel.ts';

const AXIS_TICK = { fill: '#7f8ea3', fontSize: 11 };
const usd0 = (x: number) => formatUsd(x, { digits: 0, signed: true });

export function SpotLadderView() {
  const scenario = useAppStore((s) => s.scenario);
  const hasMarket = useAppStore((s) => s.market !== null);
  const [config, setConfig] = useState<SpotLadderConfig>(DEFAULT_SPOT_LADDER);
  const [line, setLine] = useState<LadderLine>('deltaUsd');
  const { params, errors } = useMemo(() => spotLadderParams(config), [config]);
  const q = useRiskQuery('views', 'spotLadderView', params);
  const data = q.data;
  const target = data?.target ?? null;
  const rows = useMemo(
    () => (data && target ? buildSpotLadder(data.rows, currentSpotPct(scenario, target, data.underlyings)) : []),
    [data, target, scenario],
  );
  const lineSpec = LADDER_LINES.find((l) => l.id === line)!;
  const current = rows.find((r) => r.isCurrent);
  const axes = useMemo(
    () =>
      alignedZeroAxes(
        rows.map((r) => r.pnlUsd),
        rows.map((r) => r[line]),
        6,
      ),
    [rows, line],
  );
  const others = {
    ...scenario,
    spotPct: Object.fromEntries(Object.entries(scenario.spotPct).filter(([u]) => target !== 'ALL' && u !== target)),
  };

  return (
    <div className="risk-view spot-ladder-view" data-testid="spot-ladder-view">
      <ViewToolbar>
        <ToolbarGroup label="Move">
          <TargetSelect
            value={target}
            options={data?.underlyings ?? []}
            allowAll
            onChange={(t) => setConfig((c) => ({ ...c, target: t }))}
            testId="spot-ladder-target"
          />
        </ToolbarGroup>
        <ToolbarGroup label="Spot" title="Rows: relative spot moves, percent">
          <AxisInputs
            spec={config.range}
            onChange={(range) => setConfig((c) => ({ ...c, range }))}
            name="Spot range"
            unit="%"
            testId="spot-ladder-range"
          />
        </ToolbarGroup>
        <ToolbarGroup label="Line">
          <span className="seg" role="group" aria-label="Greek drawn as a line">
            {LADDER_LINES.map((l) => (
              <button
                key={l.id}
                type="button"
                className={l.id === line ? 'is-on' : ''}
                onClick={() => setLine(l.id)}
                aria-pressed={l.id === line}
              >
                {l.label}
              </button>
            ))}
          </span>
        </ToolbarGroup>
        <span className="tb-spacer" />
        <QueryStatus status={q.status} computeMs={data?.computeMs} roundTripMs={q.ms} testId="spot-ladder-status" />
      </ViewToolbar>
      {errors.length > 0 ? <div className="view-errors warn-text">{errors.join(' · ')}</div> : null}
      {q.error ? <div className="view-errors error-text">The spot ladder could not be computed: {q.error}</div> : null}
      {!hasMarket ? <ViewMessage>No market snapshot loaded.</ViewMessage> : null}
      {hasMarket && data && !target ? (
        <ViewMessage testId="spot-ladder-empty">The book has no priced positions to shock.</ViewMessage>
      ) : null}

      {rows.length > 0 && target ? (
        <div className="view-scroll">
          <div className="chart-box" data-testid="spot-ladder-chart">
            <div className="chart-title">
              <h3>
                {target === 'ALL' ? 'All underlyings' : target}: P&amp;L <span className="unit">USD</span> (bars) and {lineSpec.label}{' '}
                <span className="unit">{lineSpec.unit}</span> (line) by spot move
              </h3>
              <span className="muted small">
                other inputs from the what-if: {describeScenario({ ...others, days: scenario.days, volPts: scenario.volPts })}
              </span>
            </div>
            <ResponsiveContainer width="100%" height={280}>
              <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
                <CartesianGrid stroke="#1d2735" vertical={false} />
                <XAxis dataKey="label" tick={AXIS_TICK} stroke="#2f3d52" interval="preserveStartEnd" />
                <YAxis
                  yAxisId="pnl"
                  tick={AXIS_TICK}
                  stroke="#2f3d52"
                  tickFormatter={formatAxis}
                  width={62}
                  domain={axes.a.domain}
                  ticks={axes.a.ticks}
                  allowDataOverflow
                />
                <YAxis
                  yAxisId="greek"
                  orientation="right"
                  tick={AXIS_TICK}
                  stroke="#2f3d52"
                  tickFormatter={formatAxis}
                  width={62}
                  domain={axes.b.domain}
                  ticks={axes.b.ticks}
                  allowDataOverflow
                />
                <ReferenceLine yAxisId="pnl" y={0} stroke="#4a5a70" />
                {current ? (
                  <ReferenceLine
                    yAxisId="pnl"
                    x={current.label}
                    stroke="#4aa3ff"
                    strokeDasharray="4 3"
                    label={{ value: 'what-if', fill: '#4aa3ff', fontSize: 10, position: 'insideTopLeft' }}
                  />
                ) : null}
                <Tooltip
                  content={(p) => (
                    <LadderTooltip
                      active={p.active}
                      payload={p.payload as unknown as { payload: SpotLadderRowModel }[] | undefined}
                      target={target}
                    />
                  )}
                  cursor={{ fill: 'rgba(255,255,255,0.04)' }}
                />
                <Bar yAxisId="pnl" dataKey="pnlUsd" isAnimationActive={false} maxBarSize={28}>
                  {rows.map((r) => (
                    <Cell key={r.movePct} fill={r.pnlUsd < 0 ? 'rgba(255, 84, 84, 0.7)' : 'rgba(46, 204, 128, 0.7)'} />
                  ))}
                </Bar>
                <Line yAxisId="greek" dataKey={line} stroke="#4aa3ff" strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
              </ComposedChart>
            </ResponsiveContainer>
          </div>
          <table className="views-table" data-testid="spot-ladder-table">
            <thead>
              <tr>
                <th className="left">Spot move</th>
                <th>
                  Spot<span className="unit">USD</span>
                </th>
                <th>
                  P&amp;L<span className="unit">USD</span>
                </th>
                <th>
                  Delta<span className="unit">coin</span>
                </th>
                <th>
                  Delta<span className="unit">USD</span>
                </th>
                <th>
                  Gamma<span className="unit">USD / 1 %</span>
                </th>
                <th>
                  Vega<span className="unit">USD / pt</span>
                </th>
                <th>
                  Theta<span className="unit">USD / day</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr
                  key={r.movePct}
                  className={`${r.isZero ? 'is-zero' : ''}${r.isCurrent ? ' is-current' : ''}`}
                  data-testid="spot-ladder-row"
                  data-move={String(r.movePct)}
                  data-pnl={String(r.pnlUsd)}
                  data-delta={r.delta === null ? '' : String(r.delta)}
                  data-delta-usd={String(r.deltaUsd)}
                >
                  <td className="left">
                    {r.label}
                    {r.isCurrent ? <span className="cur-text small"> · what-if</span> : null}
                  </td>
                  <td>{r.spotUsd !== null ? formatPrice(r.spotUsd) : '\u2014'}</td>
                  <td className={r.pnlUsd < 0 ? 'tone-neg' : r.pnlUsd > 0 ? 'tone-pos' : ''}>{usd0(r.pnlUsd)}</td>
                  <td>{r.delta === null ? '\u2014' : formatCoin(r.delta, { signed: true })}</td>
                  <td>{usd0(r.deltaUsd)}</td>
                  <td>{usd0(r.gammaUsd1pct)}</td>
                  <td>{usd0(r.vega)}</td>
                  <td>{usd0(r.theta)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="view-foot muted small">
            P&amp;L against the book today (no shock), full revaluation; Greeks are{' '}
            {target === 'ALL' ? 'summed over underlyings (USD only: coin deltas of different coins do not add)' : `${target}’s`} after each
            move. Vol shift, days and the other underlyings’ moves come from the what-if panel; what-if trades are included.
          </p>
        </div>
      ) : null}
    </div>
  );
}

function LadderTooltip({
  active,
  payload,
  target,
}: {
  readonly active?: boolean;
  readonly payload?: readonly { payload: SpotLadderRowModel }[];
  readonly target: string;
}) {
  const r = active ? payload?.[0]?.payload : undefined;
  if (!r) return null;
  return (
    <div className="chart-tooltip">
      <div className="tt-title">
        {target === 'ALL' ? 'All' : target} {r.label}
        {r.spotUsd !== null ? ` · ${formatPrice(r.spotUsd)}` : ''}
      </div>
      <div className="tt-row">
        <span>
          P&amp;L <span className="unit">USD</span>
        </span>
        <b className={r.pnlUsd < 0 ? 'tone-neg' : 'tone-pos'}>{usd0(r.pnlUsd)}</b>
      </div>
      {r.delta !== null ? (
        <div className="tt-row">
          <span>
            Delta <span className="unit">coin</span>
          </span>
          <span>{formatCoin(r.delta, { signed: true })}</span>
        </div>
      ) : null}
      <div className="tt-row">
        <span>
          Delta <span className="unit">USD</span>
        </span>
        <span>{usd0(r.deltaUsd)}</span>
      </div>
      <div className="tt-row">
        <span>
          Gamma <span className="unit">USD / 1 %</span>
        </span>
        <span>{usd0(r.gammaUsd1pct)}</span>
      </div>
      <div className="tt-row">
        <span>
          Vega <span className="unit">USD / pt</span>
        </span>
        <span>{usd0(r.vega)}</span>
      </div>
      <div className="tt-row">
        <span>
          Theta <span className="unit">USD / day</span>
        </span>
        <span>{usd0(r.theta)}</span>
      </div>
    </div>
  );
}
