/**
 * Volatility surface of the snapshot in use (with hand overrides): the ATM term structure and one smile per expiry
 * (quoted nodes as dots, the engine's interpolation as the line), with each option position's node marked
 * (▲ long, ▼ short) at the vol it is priced at. Independent of the what-if shocks.
 */
import { memo, useMemo, useState } from 'react';
import { CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { useAppStore } from '../../state/hooks.ts';
import { useRiskQuery } from '../../state/riskQuery.ts';
import { formatCoin, formatNumber, formatPrice } from '../../lib/format.ts';
import { QueryStatus, TargetSelect, ToolbarGroup, ViewMessage, ViewToolbar } from '../heatmap/ViewKit.tsx';
import { formatAxis, niceTicks } from '../heatmap/viewMath.ts';
import { buildSurface, type PositionMarker, type SmilePanelModel, type StrikeWindow } from './surfaceModel.ts';

const AXIS_TICK = { fill: '#7f8ea3', fontSize: 10.5 };
const LONG = '#34c98b';
const SHORT = '#ff6464';
const pct1 = (x: number) => `${formatNumber(x, 1)} %`;

interface MarkerShapeProps {
  readonly cx?: number;
  readonly cy?: number;
  readonly payload?: { long?: boolean };
}

/** A quoted node: a small dot. */
function NodeShape({ cx, cy }: MarkerShapeProps) {
  if (cx === undefined || cy === undefined) return null;
  return <circle cx={cx} cy={cy} r={2.2} fill="#9fb0c6" />;
}

/** ▲ for a long position, ▼ for a short one. */
function PositionShape({ cx, cy, payload }: MarkerShapeProps) {
  if (cx === undefined || cy === undefined) return null;
  const long = payload?.long ?? true;
  const s = 6;
  const d = long
    ? `M${cx},${cy - s} L${cx + s},${cy + s * 0.8} L${cx - s},${cy + s * 0.8} Z`
    : `M${cx},${cy + s} L${cx + s},${cy - s * 0.8} L${cx - s},${cy - s * 0.8} Z`;
  return <path d={d} fill={long ? LONG : SHORT} stroke="#0a0e14" strokeWidth={1} />;
}

export function VolSurfaceView() {
  const hasMarket = useAppStore((s) => s.market !== null);
  const [underlying, setUnderlying] = useState<string | null>(null);
  const [strikeWindow, setWindow] = useState<StrikeWindow>('near');
  const [onlyHeld, setOnlyHeld] = useState(false);
  const params = useMemo(() => ({ underlying }), [underlying]);
  const q = useRiskQuery('views', 'volSurfaceView', params, { ignoreScenario: true });
  const data = useStableResult(q.data);
  const model = useMemo(() => (data ? buildSurface(data, strikeWindow, onlyHeld) : null), [data, strikeWindow, onlyHeld]);

  return (
    <div className="risk-view surface-view" data-testid="surface-view">
      <ViewToolbar>
        <ToolbarGroup label="Underlying">
          <TargetSelect
            value={data?.underlying ?? null}
            options={data?.underlyings ?? []}
            onChange={setUnderlying}
            testId="surface-underlying"
          />
        </ToolbarGroup>
        <ToolbarGroup label="Strikes" title="Strike window of each smile (the book’s strikes are always shown)">
          <span className="seg" role="group" aria-label="Strike window">
            <button
              type="button"
              className={strikeWindow === 'near' ? 'is-on' : ''}
              onClick={() => setWindow('near')}
              aria-pressed={strikeWindow === 'near'}
            >
              F ÷ 2 … F × 2
            </button>
            <button
              type="button"
              className={strikeWindow === 'all' ? 'is-on' : ''}
              onClick={() => setWindow('all')}
              aria-pressed={strikeWindow === 'all'}
            >
              all quoted
            </button>
          </span>
        </ToolbarGroup>
        <label className="check" style={{ color: 'var(--text)' }}>
          <input type="checkbox" checked={onlyHeld} onChange={(e) => setOnlyHeld(e.target.checked)} data-testid="surface-only-held" />
          only expiries the book holds
        </label>
        <span className="tb-spacer" />
        <QueryStatus status={q.status} computeMs={q.data?.computeMs} roundTripMs={q.ms} testId="surface-status" />
      </ViewToolbar>
      {q.error ? <div className="view-errors error-text">The surface could not be read: {q.error}</div> : null}
      {!hasMarket ? <ViewMessage>No market snapshot loaded.</ViewMessage> : null}
      {hasMarket && data && !model ? <ViewMessage testId="surface-empty">The snapshot has no smiles.</ViewMessage> : null}

      {model ? (
        <div className="view-scroll">
          <div className="two-col">
            <div className="chart-box" data-testid="term-structure">
              <div className="chart-title">
                <h3>
                  {model.underlying} ATM term structure <span className="unit">vol % at K = forward vs days to expiry</span>
                </h3>
              </div>
              <ResponsiveContainer width="100%" height={230}>
                <ComposedChart margin={{ top: 10, right: 18, bottom: 4, left: 0 }}>
                  <CartesianGrid stroke="#1d2735" />
                  <XAxis
                    dataKey="days"
                    type="number"
                    scale="sqrt"
                    domain={[0, 'dataMax']}
                    tick={AXIS_TICK}
                    stroke="#2f3d52"
                    tickFormatter={(v: number) => `${formatNumber(v, 0)}d`}
                    ticks={termTicks(model.term.map((t) => t.days))}
                  />
                  <YAxis
                    dataKey="volPct"
                    type="number"
                    tick={AXIS_TICK}
                    stroke="#2f3d52"
                    domain={['auto', 'auto']}
                    tickFormatter={(v: number) => formatNumber(v, 0)}
                    width={36}
                  />
                  <Tooltip
                    content={(p) => (
                      <TermTooltip active={p.active} payload={p.payload as unknown as { payload: Record<string, unknown> }[] | undefined} />
                    )}
                  />
                  <Line
                    data={model.term.map((t) => ({ ...t, volPct: t.atmVolPct }))}
                    dataKey="volPct"
                    stroke="#4aa3ff"
                    strokeWidth={2}
                    dot={{ r: 3, fill: '#4aa3ff' }}
                    isAnimationActive={false}
                    name="ATM vol"
                  />
                  <Scatter
                    data={model.termPositions}
                    dataKey="volPct"
                    shape={<PositionShape />}
                    isAnimationActive={false}
                    name="positions"
                  />
                </ComposedChart>
              </ResponsiveContainer>
            </div>
            <div className="chart-box">
              <div className="chart-title">
                <h3>Option positions on the surface</h3>
                <span className="muted small">▲ long · ▼ short · vol priced at</span>
              </div>
              <div style={{ maxHeight: 236, overflow: 'auto' }} tabIndex={0} role="region" aria-label="Option positions on the surface">
                <table className="views-table" data-testid="surface-positions">
                  <thead>
                    <tr>
                      <th className="left">Instrument</th>
                      <th>
                        Qty<span className="unit">coin</span>
                      </th>
                      <th>Days</th>
                      <th>
                        IV<span className="unit">%</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {model.termPositions.length === 0 ? (
                      <tr>
                        <td className="left muted" colSpan={4}>
                          No {model.underlying} options in the book.
                        </td>
                      </tr>
                    ) : (
                      [...model.termPositions]
                        .sort((a, b) => a.days - b.days || a.strike - b.strike)
                        .map((p) => (
                          <tr key={p.id} data-testid="surface-position" data-vol={String(p.volPct)}>
                            <td className="left mono">
                              <span className={p.long ? 'marker-long' : 'marker-short'}>{p.long ? '▲' : '▼'}</span> {p.instrument}
                            </td>
                            <td>{formatCoin(p.quantity, { signed: true })}</td>
                            <td>{formatNumber(p.days, 1)}</td>
                            <td>{formatNumber(p.volPct, 2)}</td>
                          </tr>
                        ))
                    )}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
          <div className="smile-grid">
            {model.panels.map((p) => (
              <SmileCard key={p.expiry} panel={p} />
            ))}
          </div>
          <p className="view-foot muted small">
            Sticky-strike surface of the snapshot in use (hand overrides included; what-if shocks are not drawn). Within an expiry, vol is
            linear in ln(K / F) between quoted strikes and flat beyond them; between expiries total variance is linear in time. Dots: quoted
            nodes; line: the vol the engine prices with; dashed: the forward.
          </p>
        </div>
      ) : null}
    </div>
  );
}

/**
 * The surface does not depend on the what-if, but a what-if step may still bring a fresh (identical) result: keep
 * the previous object when nothing but the timing changed, so a slider drag does not redraw a dozen charts.
 */
function useStableResult<T extends { readonly computeMs: number }>(data: T | null): T | null {
  const key = useMemo(() => (data ? JSON.stringify({ ...data, computeMs: 0 }) : null), [data]);
  // Derived from the key alone (a JSON round trip is exact for finite numbers), so it changes only with the content.
  return useMemo(() => (key === null ? null : (JSON.parse(key) as T)), [key]);
}

function termTicks(days: readonly number[]): number[] {
  const candidates = [1, 7, 30, 90, 180, 365, 730];
  const max = Math.max(0, ...days);
  return [0, ...candidates.filter((d) => d <= max * 1.05)];
}

const SmileCard = memo(function SmileCard({ panel }: { readonly panel: SmilePanelModel }) {
  const vol = niceTicks(panel.volDomain[0], panel.volDomain[1], 4);
  return (
    <div
      className={`smile-card${panel.positions.length > 0 ? ' has-positions' : ''}`}
      data-testid="smile-card"
      data-expiry={panel.expiry}
      data-nodes={String(panel.nodes.length)}
      data-positions={String(panel.positions.length)}
    >
      <div className="smile-head">
        <span>
          <b>{panel.expiry}</b>{' '}
          <span className="muted">
            {formatNumber(panel.days, 1)} d{panel.quoted ? '' : ' · interpolated'}
          </span>
        </span>
        <span className="muted">
          F {formatPrice(panel.forwardUsd)} · ATM {pct1(panel.atmVolPct)}
          {panel.positions.length > 0 ? <span className="cur-text"> · {panel.positions.length} pos.</span> : null}
        </span>
      </div>
      <ResponsiveContainer width="100%" height={170}>
        <ComposedChart margin={{ top: 6, right: 12, bottom: 0, left: -6 }}>
          <CartesianGrid stroke="#1d2735" />
          <XAxis
            dataKey="strike"
            type="number"
            scale="log"
            domain={[panel.strikeDomain[0], panel.strikeDomain[1]]}
            ticks={[...panel.strikeTicks]}
            tick={AXIS_TICK}
            stroke="#2f3d52"
            tickFormatter={formatAxis}
            allowDataOverflow
          />
          <YAxis
            dataKey="volPct"
            type="number"
            domain={vol.domain}
            ticks={vol.ticks}
            tick={AXIS_TICK}
            stroke="#2f3d52"
            tickFormatter={(v: number) => formatNumber(v, 0)}
            width={36}
          />
          {panel.forwardUsd > 0 ? <ReferenceLine x={panel.forwardUsd} stroke="#5b6b82" strokeDasharray="3 3" /> : null}
          <Tooltip
            content={(p) => (
              <SmileTooltip
                active={p.active}
                payload={p.payload as unknown as { payload: Record<string, unknown>; name?: string }[] | undefined}
              />
            )}
          />
          <Line
            data={[...panel.curve]}
            dataKey="volPct"
            stroke="#4aa3ff"
            strokeWidth={1.6}
            dot={false}
            isAnimationActive={false}
            name="interpolated"
          />
          <Scatter data={[...panel.nodes]} dataKey="volPct" isAnimationActive={false} name="quoted" shape={<NodeShape />} />
          <Scatter data={[...panel.positions]} dataKey="volPct" shape={<PositionShape />} isAnimationActive={false} name="positions" />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
});

function SmileTooltip({
  active,
  payload,
}: {
  readonly active?: boolean;
  readonly payload?: readonly { payload: Record<string, unknown>; name?: string }[];
}) {
  const first = active ? payload?.[0]?.payload : undefined;
  if (!first) return null;
  const pos = first as unknown as Partial<PositionMarker>;
  return (
    <div className="chart-tooltip">
      {pos.instrument ? <div className="tt-title">{pos.instrument}</div> : null}
      <div className="tt-row">
        <span>Strike</span>
        <span>{formatPrice(first.strike as number)}</span>
      </div>
      <div className="tt-row">
        <span>Vol</span>
        <span>{pct1(first.volPct as number)}</span>
      </div>
      {pos.quantity !== undefined ? (
        <div className="tt-row">
          <span>
            Qty <span className="unit">coin</span>
          </span>
          <span>{formatCoin(pos.quantity, { signed: true })}</span>
        </div>
      ) : null}
    </div>
  );
}

function TermTooltip({
  active,
  payload,
}: {
  readonly active?: boolean;
  readonly payload?: readonly { payload: Record<string, unknown> }[];
}) {
  const first = active ? payload?.[0]?.payload : undefined;
  if (!first) return null;
  return (
    <div className="chart-tooltip">
      <div className="tt-title">{String(first.instrument ?? first.expiry)}</div>
      <div className="tt-row">
        <span>Days</span>
        <span>{formatNumber(first.days as number, 1)}</span>
      </div>
      <div className="tt-row">
        <span>{first.instrument ? 'Vol' : 'ATM vol'}</span>
        <span>{pct1(first.volPct as number)}</span>
      </div>
    </div>
  );
}
